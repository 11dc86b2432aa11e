import type { LaunchContextTokens, LaunchRole } from '../domain/launch/visit-context';

/**
 * A launch between "redirect to the EHR's authorize endpoint" and "the EHR calls back".
 * Kept server side and keyed by `state`, so no cookie is needed (EHRs embed launches in
 * frames where third-party cookies are blocked). Single use: `take` removes it atomically.
 */
export interface PendingLaunch {
  /** >= 128 bits of randomness, base64url. */
  state: string;
  role: LaunchRole;
  tenantId: string;
  baseUrlId: string;
  /** The normalised `iss` (the approved base URL). */
  iss: string;
  codeVerifier: string;
  redirectUri: string;
  context: LaunchContextTokens;
  createdAt: string;
  expiresAt: string;
}

export interface LaunchStateStore {
  save(launch: PendingLaunch): Promise<void>;
  /**
   * Returns the launch and deletes it in one conditional step; `undefined` when it does not
   * exist or another request took it first (a replay). Expiry is the caller's check.
   */
  take(state: string): Promise<PendingLaunch | undefined>;
  /**
   * Deletes launches whose callback never came, by the age the storage itself recorded
   * (so no application clock can make a live launch look old). Returns how many went.
   */
  forgetAbandoned(maxAgeMs: number): Promise<number>;
}
