import { ServiceBusClient, type ServiceBusSender } from '@azure/service-bus';
import { DefaultAzureCredential } from '@azure/identity';
import type { EnqueueOptions, WorkQueue } from '../../ports/work-queue';
import type { QueueName } from '../../ports/queue-names';

/**
 * Work queue on Azure Service Bus (production): the session id keeps one appointment's
 * messages in order, the message id lets the queue's duplicate detection drop re-sends.
 * Authenticates with the app's managed identity. Kept thin: Service Bus has no local emulator.
 */
export class ServiceBusWorkQueue implements WorkQueue {
  private readonly client: ServiceBusClient;
  private readonly senders = new Map<string, ServiceBusSender>();

  constructor(fullyQualifiedNamespace: string) {
    this.client = new ServiceBusClient(fullyQualifiedNamespace, new DefaultAzureCredential());
  }

  async send(queue: QueueName, message: object, options: EnqueueOptions = {}): Promise<void> {
    const sender = this.sender(queue);
    await sender.sendMessages({
      body: message,
      contentType: 'application/json',
      ...(options.sessionId ? { sessionId: options.sessionId } : {}),
      ...(options.messageId ? { messageId: options.messageId } : {}),
      ...(options.delaySeconds ? { scheduledEnqueueTimeUtc: new Date(Date.now() + options.delaySeconds * 1000) } : {}),
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private sender(queue: string): ServiceBusSender {
    let sender = this.senders.get(queue);
    if (!sender) {
      sender = this.client.createSender(queue);
      this.senders.set(queue, sender);
    }
    return sender;
  }
}
