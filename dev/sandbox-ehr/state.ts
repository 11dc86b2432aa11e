import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/ports/clock';

/**
 * The short-lived things an EHR's authorization server remembers, all in memory with expiry
 * from the injected clock: launch contexts, authorizations waiting for a decision, codes,
 * access tokens and the client-assertion `jti`s already seen.
 */
export type LaunchRole = 'provider' | 'patient';

export interface LaunchContext {
  role: LaunchRole;
  /** The signed-in EHR user: a Practitioner (provider launch) or the Patient (MyChart). */
  user: { resourceType: 'Practitioner' | 'Patient'; id: string };
  patientId: string;
  appointmentId?: string;
  encounterId?: string;
  /** Context tokens the launch record adds to the launch URL. */
  sessionId?: string;
  departmentId?: string;
}

export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  state: string;
  scope: string[];
  codeChallenge: string;
  nonce?: string;
  context: LaunchContext | undefined;
}

export interface IssuedCode extends PendingAuthorization {
  context: LaunchContext;
  used: boolean;
}

export interface AccessToken {
  clientId: string;
  scope: string[];
  context: LaunchContext;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export const LAUNCH_TTL_MS = 5 * 60_000;
export const PENDING_TTL_MS = 10 * 60_000;
export const CODE_TTL_MS = 2 * 60_000;
export const ACCESS_TOKEN_TTL_S = 3600;

export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

class ExpiringMap<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(private readonly clock: Clock) {}

  put(key: string, value: T, ttlMs: number): void {
    this.sweep();
    this.entries.set(key, { value, expiresAt: this.clock.now().getTime() + ttlMs });
  }

  /** The value if present and not expired; expired entries are forgotten. */
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Reads and removes: single use. */
  take(key: string): T | undefined {
    const value = this.get(key);
    this.entries.delete(key);
    return value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}

export class SandboxState {
  readonly launches: ExpiringMap<LaunchContext>;
  readonly pending: ExpiringMap<PendingAuthorization>;
  /** Codes stay known after use (until expiry) so a replay is recognised as one. */
  readonly codes: ExpiringMap<IssuedCode>;
  readonly accessTokens: ExpiringMap<AccessToken>;
  readonly assertionIds: ExpiringMap<true>;

  constructor(readonly clock: Clock) {
    this.launches = new ExpiringMap(clock);
    this.pending = new ExpiringMap(clock);
    this.codes = new ExpiringMap(clock);
    this.accessTokens = new ExpiringMap(clock);
    this.assertionIds = new ExpiringMap(clock);
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}
