import type { QueueClient } from '@azure/storage-queue';
import type { EnqueueOptions, WorkQueue } from '../../ports/work-queue';
import type { QueueName } from '../../ports/queue-names';
import { queueClient } from './queue-client';

/** Largest message a storage queue accepts (64 KiB) less a margin for encoding. */
const MAX_MESSAGE_BYTES = 60 * 1024;

/**
 * Work queue on Azure Storage queues (local development against Azurite). Messages are
 * JSON text without base64, matching host.json `messageEncoding: none`. Storage queues
 * have no sessions or duplicate detection: consumers must be idempotent (they are).
 */
export class StorageWorkQueue implements WorkQueue {
  private readonly clients = new Map<string, QueueClient>();

  constructor(private readonly connection: string) {}

  async send(queue: QueueName, message: object, options: EnqueueOptions = {}): Promise<void> {
    const text = JSON.stringify(message);
    if (Buffer.byteLength(text) > MAX_MESSAGE_BYTES) throw new Error(`Queue message for ${queue} exceeds ${MAX_MESSAGE_BYTES} bytes`);
    await this.client(queue).sendMessage(text, options.delaySeconds ? { visibilityTimeout: options.delaySeconds } : {});
  }

  private client(queue: string): QueueClient {
    let client = this.clients.get(queue);
    if (!client) {
      client = queueClient(this.connection, queue);
      this.clients.set(queue, client);
    }
    return client;
  }
}
