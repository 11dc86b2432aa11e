/**
 * The rate each sending number may send at (toll-free numbers are slow), shared by every
 * host: a token bucket in storage. `take` never waits: it says how long to wait instead,
 * and the caller re-queues the message with that delay.
 */
export type PacingDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface SmsPacing {
  take(sendingNumber: string, now: Date): Promise<PacingDecision>;
}
