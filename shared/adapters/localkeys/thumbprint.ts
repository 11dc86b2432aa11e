import { createHash, type JsonWebKey } from 'node:crypto';

/** RFC 7638 JWK thumbprint (SHA-256, base64url): a stable `kid` derived from the public key. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
