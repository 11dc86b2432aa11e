import { z } from 'zod';
import { SUPPORTED_CLIENT_ASSERTION_ALGS } from './discovery';
import { loadJose } from './jose';
import type { RegisteredClient, SandboxWorld } from './world';

/**
 * Checks a `private_key_jwt` client assertion the way an EHR does (SMART App Launch 2.x,
 * "client-confidential-asymmetric"): signature with a key from the client's JWKS URL (fetched
 * for every request, so a rotated key is seen at once), RS384 or ES384, `kid` in the header,
 * `iss` = `sub` = client_id, `aud` = the token endpoint, `exp` at most five minutes ahead and a
 * `jti` never seen before.
 */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_LIFETIME_S = 300;
const CLOCK_SKEW_S = 30;
const JWKS_TIMEOUT_MS = 5000;

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) });

export type AssertionCheck = { ok: true } | { ok: false; description: string };

export async function verifyClientAssertion(world: SandboxWorld, client: RegisteredClient, assertion: string): Promise<AssertionCheck> {
  const jose = await loadJose();
  let keys: z.infer<typeof jwksSchema>;
  try {
    const response = await fetch(client.jwksUrl, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS), headers: { Accept: 'application/json' } });
    if (!response.ok) return { ok: false, description: `the client's JWKS URL answered ${response.status}` };
    const parsed = jwksSchema.safeParse(await response.json());
    if (!parsed.success) return { ok: false, description: "the client's JWKS is not a JWK set" };
    keys = parsed.data;
  } catch {
    return { ok: false, description: "the client's JWKS URL could not be fetched" };
  }
  const now = world.state.nowSeconds();
  let payload: Record<string, unknown>;
  try {
    const header = jose.decodeProtectedHeader(assertion);
    if (typeof header.kid !== 'string' || header.kid === '') return { ok: false, description: 'the client assertion has no kid' };
    const verified = await jose.jwtVerify(assertion, jose.createLocalJWKSet({ keys: keys.keys }), {
      algorithms: [...SUPPORTED_CLIENT_ASSERTION_ALGS],
      issuer: client.clientId,
      subject: client.clientId,
      audience: world.endpoints.token,
      currentDate: world.clock.now(),
      clockTolerance: CLOCK_SKEW_S,
      requiredClaims: ['exp', 'jti'],
    });
    payload = verified.payload;
  } catch (error) {
    return { ok: false, description: `the client assertion is invalid (${describe(error)})` };
  }
  const exp = typeof payload.exp === 'number' ? payload.exp : 0;
  if (exp > now + MAX_LIFETIME_S + CLOCK_SKEW_S) return { ok: false, description: 'the client assertion expires more than five minutes ahead' };
  const jti = typeof payload.jti === 'string' ? payload.jti : '';
  if (jti === '') return { ok: false, description: 'the client assertion has no jti' };
  const replayKey = `${client.clientId}|${jti}`;
  if (world.state.assertionIds.has(replayKey)) return { ok: false, description: 'the client assertion jti was already used' };
  world.state.assertionIds.put(replayKey, true, (exp - now + CLOCK_SKEW_S) * 1000);
  return { ok: true };
}

function describe(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
  const claim = typeof error === 'object' && error !== null && 'claim' in error ? ` ${String(error.claim)}` : '';
  return `${code}${claim}`;
}
