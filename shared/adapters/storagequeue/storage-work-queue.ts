import { EventEmitter } from 'node:events';
import type { QueueClient } from '@azure/storage-queue';
import type { EnqueueOptions, WorkQueue } from '../../ports/work-queue';
import type { QueueName } from '../../ports/queue-names';
import { queueClient } from './queue-client';

/** Largest message a storage queue accepts (64 KiB) less a margin for encoding. */
const MAX_MESSAGE_BYTES = 60 * 1024;

/** A message this process has just put on a storage queue (not delayed). */
export interface LocalEnqueue {
  connection: string;
  queue: string;
}

/**
 * `enqueued` events (LocalEnqueue) for every message this process puts on a storage queue. The
 * local host's queue pump listens and polls at once instead of waiting out its idle back-off,
 * as the Functions host's queue listener does when its shared queue watcher reports a message
 * enqueued by the same host (and as Service Bus, the Azure transport, delivers without polling).
 */
export const localEnqueues = new EventEmitter().setMaxListeners(0);

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
    if (!options.delaySeconds) localEnqueues.emit('enqueued', { connection: this.connection, queue } satisfies LocalEnqueue);
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
