import type { QueueName } from './queue-names';

export interface EnqueueOptions {
  /** Messages with one session id are processed in order (Service Bus sessions), e.g. the appointment key. */
  sessionId?: string;
  /** Deduplication id (Service Bus duplicate detection), e.g. the HL7 control id. */
  messageId?: string;
  /** Deliver no earlier than this many seconds from now (retry later without sleeping). */
  delaySeconds?: number;
}

/** Hands work from one function to another. Resolves only once the message is durably stored. */
export interface WorkQueue {
  send(queue: QueueName, message: object, options?: EnqueueOptions): Promise<void>;
}
