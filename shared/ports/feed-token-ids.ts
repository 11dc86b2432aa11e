/**
 * Remembers the `jti` of every accepted feed token until it expires, so a captured request
 * cannot be replayed.
 */
export interface FeedTokenIds {
  /** True the first time (issuer, jti) is seen; false for a replay. */
  remember(issuer: string, jti: string, expiresAt: Date): Promise<boolean>;
  /** Forgets ids whose tokens expired before `before`; returns how many. */
  forgetExpired(before: Date): Promise<number>;
}
