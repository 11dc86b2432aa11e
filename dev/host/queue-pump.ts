import type { QueueClient } from '@azure/storage-queue';
import type { FunctionDefinition } from '../../functions/_lib/register';
import { queueClient } from '../../shared/adapters/storagequeue/queue-client';
import { localEnqueues, type LocalEnqueue } from '../../shared/adapters/storagequeue/storage-work-queue';
import type { HostOptions } from './host-json';
import type { HostEvents } from './host-events';
import { newContext } from './http-server';

type QueueDefinition = Extract<FunctionDefinition, { kind: 'storageQueue' }>;
type QueueItem = { messageId: string; popReceipt: string; messageText: string; dequeueCount: number; insertedOn: Date; expiresOn: Date; nextVisibleOn: Date };

export interface QueuePumpOptions extends Pick<HostOptions['queues'], 'messageEncoding' | 'maxPollingIntervalMs' | 'visibilityTimeoutMs' | 'batchSize' | 'maxDequeueCount'> {
  /** How long a received message stays invisible while its function runs (Azure: 10 minutes, renewed). */
  leaseMs: number;
}

/**
 * Delivers storage-queue messages to a queue function the way the Functions host does:
 * decode per host.json, parse JSON, pass `dequeueCount`; delete on success; on failure make
 * the message visible again after `visibilityTimeout`, and after `maxDequeueCount` failed
 * deliveries move it to `<queue>-poison`. Polls with back-off up to `maxPollingInterval`.
 */
export class QueuePump {
  private stopped = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly queue: QueueClient;
  private readonly poison: QueueClient;
  /** Idle back-off of the next empty poll; reset when a message comes. */
  private idleMs = 100;
  /** This process put a message on the queue since the last poll started. */
  private enqueued = false;
  private readonly onEnqueued = (e: LocalEnqueue): void => {
    if (e.queue !== this.definition.queueName || e.connection !== this.connection) return;
    this.enqueued = true;
    this.idleMs = 100;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
  };

  constructor(private readonly definition: QueueDefinition, private readonly connection: string, private readonly options: QueuePumpOptions, private readonly events: HostEvents) {
    this.queue = queueClient(connection, definition.queueName);
    this.poison = queueClient(connection, `${definition.queueName}-poison`);
  }

  async start(): Promise<void> {
    await this.queue.createIfNotExists();
    await this.poison.createIfNotExists();
    localEnqueues.on('enqueued', this.onEnqueued);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    localEnqueues.off('enqueued', this.onEnqueued);
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Like the Functions host: fetch a batch, and fetch the next one as soon as the messages
   * still running drop to half a batch (`newBatchThreshold`), so one slow message never
   * holds up the rest of its batch.
   */
  private async run(): Promise<void> {
    const threshold = Math.floor(this.options.batchSize / 2);
    while (!this.stopped) {
      if (this.inFlight.size > threshold) {
        await Promise.race(this.inFlight);
        continue;
      }
      let received = 0;
      this.enqueued = false;
      try {
        received = this.startAll(await this.receive(this.options.batchSize - this.inFlight.size));
      } catch (error) {
        this.events.log('warn', 'queue poll failed', { queueName: this.definition.queueName, error });
      }
      if (received > 0 || this.enqueued) {
        this.idleMs = 100;
        continue;
      }
      const idle = this.idleMs;
      this.idleMs = Math.min(idle * 2, this.options.maxPollingIntervalMs);
      if (!this.stopped) await Promise.race([this.pause(idle), ...this.inFlight]);
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  private async receive(count: number): Promise<QueueItem[]> {
    const { receivedMessageItems } = await this.queue.receiveMessages({
      numberOfMessages: Math.max(1, Math.min(32, count)),
      visibilityTimeout: Math.ceil(this.options.leaseMs / 1000),
    });
    return receivedMessageItems;
  }

  private startAll(items: QueueItem[]): number {
    for (const item of items) {
      const delivery: Promise<void> = this.deliver(item)
        .catch((error: unknown) => this.events.log('warn', 'queue message settlement failed', { queueName: this.definition.queueName, messageId: item.messageId, error }))
        .finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
    return items.length;
  }

  private async deliver(item: QueueItem): Promise<void> {
    const { name } = this.definition;
    const context = newContext(name, this.events, {
      id: item.messageId,
      dequeueCount: item.dequeueCount,
      insertionTime: item.insertedOn.toISOString(),
      expirationTime: item.expiresOn.toISOString(),
      nextVisibleTime: item.nextVisibleOn.toISOString(),
      popReceipt: item.popReceipt,
    });
    const started = performance.now();
    try {
      await this.definition.handler(this.decode(item.messageText), context);
      this.events.invocation({ functionName: name, invocationId: context.invocationId, durationMs: performance.now() - started, ok: true });
      await this.queue.deleteMessage(item.messageId, item.popReceipt);
    } catch (error) {
      this.events.invocation({ functionName: name, invocationId: context.invocationId, durationMs: performance.now() - started, ok: false, error });
      await this.fail(item);
    }
  }

  private async fail(item: { messageId: string; popReceipt: string; messageText: string; dequeueCount: number }): Promise<void> {
    if (item.dequeueCount >= this.options.maxDequeueCount) {
      await this.poison.sendMessage(item.messageText);
      await this.queue.deleteMessage(item.messageId, item.popReceipt);
      this.events.poisoned({ functionName: this.definition.name, queueName: this.definition.queueName, messageId: item.messageId, dequeueCount: item.dequeueCount });
      return;
    }
    await this.queue.updateMessage(item.messageId, item.popReceipt, undefined, Math.ceil(this.options.visibilityTimeoutMs / 1000));
  }

  private decode(text: string): unknown {
    const raw = this.options.messageEncoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
}
