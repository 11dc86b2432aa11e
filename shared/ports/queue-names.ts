/** Work queues between functions (storage queues locally, Service Bus queues in Azure). */
export const QUEUES = {
  /** Scheduling feed: accepted HL7 messages (reduced to a FeedWorkItem) waiting to be applied. */
  hl7Process: 'hl7-process',
  /** SMS requests (`shared/domain/sms-request.ts`) for the SMS sender. */
  smsSend: 'sms-send',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
