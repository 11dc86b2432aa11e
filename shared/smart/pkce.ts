import { createHash, randomBytes } from 'node:crypto';

/** `state`: 256 random bits, base64url (the issue asks for at least 128). */
export function newLaunchState(): string {
  return randomBytes(32).toString('base64url');
}

export interface Pkce {
  /** 43 characters from the unreserved set (RFC 7636 section 4.1), kept server side. */
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
