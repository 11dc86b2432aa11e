import { QueueClient, QueueServiceClient } from '@azure/storage-queue';

export function queueClient(connection: string, queue: string): QueueClient {
  return QueueServiceClient.fromConnectionString(connection).getQueueClient(queue);
}

export async function ensureQueue(connection: string, queue: string): Promise<void> {
  await queueClient(connection, queue).createIfNotExists();
}
