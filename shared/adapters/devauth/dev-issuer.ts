import { createHash, generateKeyPairSync, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadJose } from '../../smart/esm';

/**
 * The local stand-in for Entra ID: one RSA key kept in a file that `npm start` (which
 * publishes the JWKS) and `npm run dev:token` (which signs tokens) share. Tokens carry
 * the claims Entra puts in an access token for an API: iss, aud, tid, oid, sub,
 * preferred_username, roles, iat, nbf, exp.
 */
export interface DevIssuerKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export const DEV_ROLES = ['admin', 'approver', 'reader'] as const;
export type DevRole = (typeof DEV_ROLES)[number];

const stored = z.object({ kid: z.string(), pkcs8: z.string() });

export function loadOrCreateDevIssuerKey(file: string): DevIssuerKey {
  const existing = readKey(file);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const kid = createHash('sha256').update(pkcs8).digest('base64url').slice(0, 16);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(file, JSON.stringify({ kid, pkcs8 }), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    // Another process created it first: use theirs so both sides agree.
    const theirs = readKey(file);
    if (theirs) return theirs;
    throw error;
  }
  return toKey(kid, pkcs8);
}

function readKey(file: string): DevIssuerKey | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = stored.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`The dev issuer key file ${file} is damaged; delete it and restart.`);
  return toKey(parsed.data.kid, parsed.data.pkcs8);
}

function toKey(kid: string, pkcs8: string): DevIssuerKey {
  const privateKey = createPrivateKey(pkcs8);
  const publicJwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export function devIssuerJwks(key: DevIssuerKey): { keys: Record<string, unknown>[] } {
  return { keys: [key.publicJwk] };
}

export interface DevTokenRequest {
  issuer: string;
  audience: string;
  tenantId: string;
  /** User principal name, e.g. `analyst@riverside.example`. */
  user: string;
  role: DevRole;
  adminRoleName: string;
  readerRoleName: string;
  now: Date;
  lifetimeSeconds?: number;
  /** Extra or replaced claims (tests: a wrong `tid`, no `roles`...). */
  claims?: Record<string, unknown>;
}

/** A stable object id per user, so the same UPN is the same person across tokens. */
export const devObjectId = (tenantId: string, user: string): string => {
  const h = createHash('sha256').update(`${tenantId}:${user.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export async function signDevToken(key: DevIssuerKey, request: DevTokenRequest): Promise<string> {
  const jose = await loadJose();
  const now = Math.floor(request.now.getTime() / 1000);
  const roles = request.role === 'admin' ? [request.adminRoleName] : request.role === 'reader' ? [request.readerRoleName] : [];
  const oid = devObjectId(request.tenantId, request.user);
  return new jose.SignJWT({
    tid: request.tenantId,
    oid,
    preferred_username: request.user,
    name: request.user,
    ...(roles.length > 0 ? { roles } : {}),
    ...request.claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(oid)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (request.lifetimeSeconds ?? 3600))
    .sign(key.privateKey);
}
