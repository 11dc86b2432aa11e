import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isApproved } from '../../domain/config/base-url';
import type { Certificate } from '../../domain/config/certificate';
import { DomainError } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { FeedTokenIds } from '../../ports/feed-token-ids';
import { loadJose } from '../../smart/esm';
import type { FeedDirectory, FeedSender } from './feed-directory';

/** Algorithms a feed token may use, by the certificate's key type. */
const ALGORITHMS: Record<string, readonly string[]> = {
  rsa: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  'P-256': ['ES256'],
  'P-384': ['ES384'],
};

const claimsSchema = z.object({
  iss: z.string().min(1).max(200),
  jti: z.string().min(8).max(200),
  iat: z.number(),
  exp: z.number(),
  body_sha256: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the base64url SHA-256 of the body'),
});

export interface FeedTokenDeps {
  clock: Clock;
  directory: FeedDirectory;
  tokenIds: FeedTokenIds;
  /** This endpoint's URL: the token's `aud`. */
  audience: string;
  clockSkewSeconds: number;
  maxTokenLifetimeSeconds: number;
}

/** `base64url(SHA-256(body bytes))`, as the sender must put it in `body_sha256`. */
export const bodySha256 = (body: Uint8Array | string): string => createHash('sha256').update(body).digest('base64url');

const denied = (message: string, reason: string, cause?: unknown) => new DomainError('unauthorized', message, { reason, ...(cause ? { cause } : {}) });

/**
 * Checks the feed's `Authorization: Bearer <JWT>` (docs/hl7-feed.md "Signing"): the issuer is
 * an approved base URL's HL7 sender id; the signature verifies with the certificate uploaded
 * for that base URL's environment; `aud` is this endpoint; the token lives at most five
 * minutes; `body_sha256` matches the body; its `jti` was never used. Any failure: 401.
 */
export async function verifyFeedToken(deps: FeedTokenDeps, authorization: string | undefined, body: Uint8Array): Promise<FeedSender> {
  const { decodeJwt, decodeProtectedHeader, importX509, jwtVerify, errors } = await loadJose();
  const token = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) throw denied('Sign the request: Authorization: Bearer <JWT> (see the scheduling feed documentation).', 'HL7_TOKEN_MISSING');
  let issuer: string;
  let algorithm: string;
  try {
    issuer = z.string().min(1).max(200).parse(decodeJwt(token).iss);
    algorithm = z.string().parse(decodeProtectedHeader(token).alg);
  } catch (error) {
    throw denied('The bearer token is not a JWT with an issuer (iss).', 'HL7_TOKEN_MALFORMED', error);
  }
  const sender = await deps.directory.sender(issuer);
  if (!sender) throw denied('The token issuer is not a known HL7 sender id.', 'HL7_SENDER_UNKNOWN');
  if (!isApproved(sender.baseUrl)) throw denied('The base URL of this HL7 sender id is not approved yet.', 'BASE_URL_NOT_APPROVED');
  const certificate = await deps.directory.certificate(sender.baseUrl.tenantId, sender.baseUrl.environment);
  if (!certificate) throw denied(`No certificate is uploaded for the ${sender.baseUrl.environment} environment.`, 'HL7_CERTIFICATE_MISSING');
  const now = deps.clock.now();
  checkCertificateDates(certificate, now);
  const allowed = ALGORITHMS[certificate.key.type === 'rsa' ? 'rsa' : certificate.key.curve] ?? [];
  if (!allowed.includes(algorithm)) throw denied(`Algorithm ${algorithm} does not match the uploaded certificate's key (use ${allowed.join(', ')}).`, 'HL7_TOKEN_ALGORITHM');

  let claims: z.infer<typeof claimsSchema>;
  try {
    const key = await importedKey(certificate, algorithm, importX509);
    const { payload } = await jwtVerify(token, key, {
      audience: deps.audience,
      issuer,
      algorithms: [algorithm],
      currentDate: now,
      clockTolerance: deps.clockSkewSeconds,
      requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
    });
    claims = claimsSchema.parse(payload);
  } catch (error) {
    throw denied(describeJoseError(error, errors), 'HL7_TOKEN_INVALID', error);
  }
  if (claims.exp - claims.iat > deps.maxTokenLifetimeSeconds) throw denied('The token lives longer than 5 minutes (exp - iat > 300).', 'HL7_TOKEN_TOO_LONG');
  if (claims.iat * 1000 > now.getTime() + deps.clockSkewSeconds * 1000) throw denied('The token is issued in the future (iat).', 'HL7_TOKEN_NOT_YET_VALID');
  if (claims.body_sha256 !== bodySha256(body)) throw denied('body_sha256 does not match the request body.', 'HL7_BODY_MISMATCH');
  if (!(await deps.tokenIds.remember(issuer, claims.jti, new Date((claims.exp + deps.clockSkewSeconds) * 1000)))) {
    throw denied('This token (jti) was used before; sign every request anew.', 'HL7_TOKEN_REPLAYED');
  }
  return sender;
}

type ImportX509 = Awaited<ReturnType<typeof loadJose>>['importX509'];
type PublicKey = Awaited<ReturnType<ImportX509>>;
/** Parsing a certificate costs more than verifying a signature: keep each imported key (few certificates exist). */
const importedKeys = new Map<string, Promise<PublicKey>>();

function importedKey(certificate: Certificate, algorithm: string, importX509: ImportX509): Promise<PublicKey> {
  const cacheKey = `${certificate.thumbprintSha256}:${algorithm}`;
  let key = importedKeys.get(cacheKey);
  if (!key) {
    if (importedKeys.size > 1000) importedKeys.clear();
    key = importX509(certificate.pem, algorithm);
    key.catch(() => importedKeys.delete(cacheKey));
    importedKeys.set(cacheKey, key);
  }
  return key;
}

function checkCertificateDates(certificate: Certificate, now: Date): void {
  if (Date.parse(certificate.notAfter) < now.getTime()) throw denied('The uploaded certificate has expired; upload the current one.', 'HL7_CERTIFICATE_EXPIRED');
  if (Date.parse(certificate.notBefore) > now.getTime()) throw denied('The uploaded certificate is not valid yet.', 'HL7_CERTIFICATE_NOT_YET_VALID');
}

type JoseErrors = Awaited<ReturnType<typeof loadJose>>['errors'];

function describeJoseError(error: unknown, joseErrors: JoseErrors): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired (exp).';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "The signature does not verify with the uploaded certificate's key.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not valid (${error.reason}).`;
  if (error instanceof z.ZodError) return `The token's claims are not valid: ${error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`;
  return 'The bearer token could not be verified.';
}
