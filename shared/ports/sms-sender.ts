/**
 * Sends one text through the SMS service (Azure Communication Services, or the local outbox).
 * Never throws for an answer of the service: every answer is an outcome the caller acts on.
 */
export interface OutgoingSms {
  /** The organisation's sending number, E.164. */
  from: string;
  /** The patient's number, E.164. Never logged, never stored by the caller. */
  to: string;
  text: string;
  /** Comes back in the delivery report: ties the report to our SMS log entry. */
  tag: string;
  /** Same id for every attempt of one message, so the service can recognise a repeat. */
  repeatabilityId: string;
  /** When the first attempt of this message was made (the service refuses repeats it cannot track). */
  firstAttemptAt: Date;
}

export type SendOutcome =
  /** The service took the message; delivery is reported later. */
  | { kind: 'accepted'; providerMessageId: string; repeated: boolean }
  /** Too many requests: try again after this long. */
  | { kind: 'throttled'; retryAfterSeconds: number }
  /** The service is down, timed out or answered 5xx: try again later with backoff. */
  | { kind: 'unavailable'; reason: string }
  /** The service refused this message for good (bad number, opted out, 4xx): do not retry. */
  | { kind: 'rejected'; httpStatus: number; reason: string };

export interface SmsSender {
  send(sms: OutgoingSms): Promise<SendOutcome>;
}
