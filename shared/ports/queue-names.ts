/** Work queues between functions (storage queues locally, Service Bus queues in Azure). */
export const QUEUES = {
  /** Test-only queue used by the local host's own tests. */
  selfTest: 'selftest',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
