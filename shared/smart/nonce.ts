import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The OpenID Connect `nonce` of an authorization request, bound to its PKCE code verifier:
 * base64url(SHA-256("openid-nonce:" + verifier)). The verifier is 256 random bits kept server
 * side with the launch state, so the nonce is unguessable and unique per launch without storing
 * another value (the pattern OpenID Connect Core 15.5.2 recommends: the nonce is a hash of a
 * secret the client keeps). The id_token must carry exactly this value (Core 3.1.3.7 step 11),
 * which ties it to this authorization request: an id_token minted for another one is refused.
 */
export function nonceFor(codeVerifier: string): string {
  return createHash('sha256').update(`openid-nonce:${codeVerifier}`, 'ascii').digest('base64url');
}

export function nonceMatches(expected: string, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const [a, b] = [Buffer.from(expected, 'utf8'), Buffer.from(received, 'utf8')];
  return a.length === b.length && timingSafeEqual(a, b);
}
