import type { QueueClient } from '@azure/storage-queue';
import type { FunctionDefinition } from '../../functions/_lib/register';
import { queueClient } from '../../shared/adapters/storagequeue/queue-client';
import type { HostOptions } from './host-json';
import type { HostEvents } from './host-events';
import { newContext } from './http-server';

type QueueDefinition = Extract<FunctionDefinition, { kind: 'storageQueue' }>;

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
  private readonly queue: QueueClient;
  private readonly poison: QueueClient;

  constructor(private readonly definition: QueueDefinition, connection: string, private readonly options: QueuePumpOptions, private readonly events: HostEvents) {
    this.queue = queueClient(connection, definition.queueName);
    this.poison = queueClient(connection, `${definition.queueName}-poison`);
  }

  async start(): Promise<void> {
    await this.queue.createIfNotExists();
    await this.poison.createIfNotExists();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let idleMs = 100;
    while (!this.stopped) {
      let received = 0;
      try {
        received = await this.pollOnce();
      } catch (error) {
        this.events.log('warn', 'queue poll failed', { queueName: this.definition.queueName, error });
      }
      idleMs = received > 0 ? 100 : Math.min(idleMs * 2, this.options.maxPollingIntervalMs);
      if (received === 0 && !this.stopped) await this.pause(idleMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }

  private async pollOnce(): Promise<number> {
    const { receivedMessageItems: items } = await this.queue.receiveMessages({
      numberOfMessages: this.options.batchSize,
      visibilityTimeout: Math.ceil(this.options.leaseMs / 1000),
    });
    await Promise.all(items.map((item) => this.deliver(item)));
    return items.length;
  }

  private async deliver(item: { messageId: string; popReceipt: string; messageText: string; dequeueCount: number; insertedOn: Date; expiresOn: Date; nextVisibleOn: Date }): Promise<void> {
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
