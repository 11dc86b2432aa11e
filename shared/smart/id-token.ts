import { z } from 'zod';
import type { Clock } from '../ports/clock';
import { launchError } from '../domain/launch/launch-errors';
import { EhrUnreachableError, fetchFromEhr, jsonBody } from './ehr-http';
import { loadJose } from './esm';
import { nonceMatches } from './nonce';

/**
 * Validates the EHR's OpenID Connect `id_token`: signature against the EHR's JWKS
 * (smart-configuration `jwks_uri`, else the issuer's openid-configuration), `iss`, `aud`
 * (our client id), expiry, and the `nonce` of the authorization request. The user is its
 * `fhirUser` claim (SMART 2; `profile` in SMART 1).
 */
export interface VerifiedIdentity {
  /** e.g. `Practitioner/abc` or an absolute URL to it. */
  fhirUser: string;
  sub: string;
}

const claimsSchema = z.object({ sub: z.string().min(1), fhirUser: z.string().min(1).optional(), profile: z.string().min(1).optional(), nonce: z.unknown().optional() });

type RemoteJwks = ReturnType<Awaited<ReturnType<typeof loadJose>>['createRemoteJWKSet']>;
const jwksByUri = new Map<string, RemoteJwks>();

export interface IdTokenCheck {
  idToken: string;
  issuer: string;
  clientId: string;
  /** The nonce sent with the authorization request; the id_token must carry exactly this value. */
  nonce: string;
  jwksUri: string | undefined;
  clock: Clock;
  timeoutMs: number;
}

export async function verifyIdToken(check: IdTokenCheck): Promise<VerifiedIdentity> {
  const jose = await loadJose();
  const jwksUri = check.jwksUri ?? (await openIdJwksUri(check.issuer, check.timeoutMs));
  let jwks = jwksByUri.get(jwksUri);
  if (!jwks) {
    jwks = jose.createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: check.timeoutMs });
    jwksByUri.set(jwksUri, jwks);
  }
  let payload: unknown;
  try {
    ({ payload } = await jose.jwtVerify(check.idToken, jwks, {
      issuer: check.issuer,
      audience: check.clientId,
      currentDate: check.clock.now(),
      clockTolerance: 60,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256', 'PS384'],
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'invalid';
    throw launchError('EHR_IDENTITY_INVALID', `The EHR's id_token failed validation (${code}).`, error);
  }
  const claims = claimsSchema.safeParse(payload);
  const fhirUser = claims.success ? (claims.data.fhirUser ?? claims.data.profile) : undefined;
  if (!claims.success || !nonceMatches(check.nonce, claims.data.nonce)) {
    throw launchError('EHR_IDENTITY_INVALID', 'The EHR\'s id_token does not carry the nonce of this sign-in (it was issued for another request).');
  }
  if (!fhirUser) throw launchError('EHR_IDENTITY_INVALID', 'The EHR\'s id_token names no fhirUser.');
  return { fhirUser, sub: claims.data.sub };
}

async function openIdJwksUri(issuer: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetchFromEhr(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' } }, timeoutMs);
    const parsed = z.object({ jwks_uri: z.string().url() }).safeParse(await jsonBody(response));
    if (response.ok && parsed.success) return parsed.data.jwks_uri;
  } catch (error) {
    if (!(error instanceof EhrUnreachableError)) throw error;
  }
  throw launchError('EHR_IDENTITY_INVALID', 'The EHR publishes no key set to verify its id_token (no jwks_uri).');
}
