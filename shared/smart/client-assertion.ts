import { randomUUID } from 'node:crypto';
import type { SigningKey } from '../ports/key-source';

/**
 * The `private_key_jwt` client assertion (SMART Backend Services / RFC 7523):
 * `iss` = `sub` = client id, `aud` = the token endpoint, `exp` at most 5 minutes ahead
 * (we use 4 to leave room for clock skew), a unique `jti`, and the key's `kid` in the header.
 * Built by hand rather than with jose's SignJWT because the key may live in Key Vault,
 * which signs bytes and never hands out the private key.
 */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const ASSERTION_LIFETIME_SECONDS = 240;

export interface AssertionClaims {
  iss: string;
  sub: string;
  aud: string;
  jti: string;
  iat: number;
  exp: number;
}

export async function signClientAssertion(key: SigningKey, input: { clientId: string; tokenEndpoint: string; now: Date; jti?: string }): Promise<string> {
  const iat = Math.floor(input.now.getTime() / 1000);
  const claims: AssertionClaims = {
    iss: input.clientId,
    sub: input.clientId,
    aud: input.tokenEndpoint,
    jti: input.jti ?? randomUUID(),
    iat,
    exp: iat + ASSERTION_LIFETIME_SECONDS,
  };
  const header = { alg: key.alg, kid: key.kid, typ: 'JWT' };
  const signingInput = `${b64(header)}.${b64(claims)}`;
  const signature = await key.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${Buffer.from(signature).toString('base64url')}`;
}

const b64 = (value: object): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
