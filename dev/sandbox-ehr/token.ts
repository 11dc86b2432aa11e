import { createHash, generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JWT_BEARER, verifyClientAssertion } from './client-assertion';
import { readForm, sendJson } from './http';
import { loadJose } from './jose';
import { ACCESS_TOKEN_TTL_S, opaqueToken, type IssuedCode } from './state';
import type { SandboxWorld } from './world';

const ID_TOKEN_TTL_S = 300;
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** POST /oauth2/token: authorization_code grant with private_key_jwt and PKCE, nothing else. */
export async function handleToken(world: SandboxWorld, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const oauthError = (status: number, error: string, description: string) => sendJson(res, status, { error, error_description: description });
  const form = await readForm(req);
  if (form === 'too_large') return oauthError(413, 'invalid_request', 'the request is too large');
  if (form === 'wrong_type') return oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  if (world.control.current.tokenEndpointUnavailable) return oauthError(503, 'temporarily_unavailable', 'the EHR is unavailable');
  for (const name of new Set(form.keys())) if (form.getAll(name).length > 1) return oauthError(400, 'invalid_request', `${name} is repeated`);

  if (form.get('grant_type') !== 'authorization_code') return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code');
  if (form.get('client_assertion_type') !== JWT_BEARER) return oauthError(401, 'invalid_client', `client_assertion_type must be ${JWT_BEARER}`);
  const assertion = form.get('client_assertion') ?? '';
  const clientId = form.get('client_id') ?? (await unverifiedIssuer(assertion));
  const client = clientId ? world.clients.get(clientId) : undefined;
  if (!client) return oauthError(401, 'invalid_client', 'the client is not registered');
  if (world.control.current.rejectClientAssertions) return oauthError(401, 'invalid_client', 'the client assertion was rejected');
  const check = await verifyClientAssertion(world, client, assertion);
  if (!check.ok) return oauthError(401, 'invalid_client', check.description);

  const code = world.state.codes.get(form.get('code') ?? '');
  if (!code) return oauthError(400, 'invalid_grant', 'the code is unknown or expired');
  if (code.used) return oauthError(400, 'invalid_grant', 'the code was already used');
  code.used = true;
  if (code.clientId !== client.clientId) return oauthError(400, 'invalid_grant', 'the code was issued to another client');
  if (form.get('redirect_uri') !== code.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
  const verifier = form.get('code_verifier') ?? '';
  if (!VERIFIER.test(verifier)) return oauthError(400, 'invalid_grant', 'code_verifier must be 43 to 128 unreserved characters');
  if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) return oauthError(400, 'invalid_grant', 'code_verifier does not match the code_challenge');

  const accessToken = opaqueToken();
  world.state.accessTokens.put(accessToken, { clientId: client.clientId, scope: code.scope, context: code.context }, ACCESS_TOKEN_TTL_S * 1000);
  sendJson(res, 200, { ...(await tokenBody(world, code, accessToken)) });
}

async function tokenBody(world: SandboxWorld, code: IssuedCode, accessToken: string): Promise<Record<string, unknown>> {
  const ctx = code.context;
  const fhirContext = [
    ...(ctx.appointmentId ? [{ reference: `Appointment/${ctx.appointmentId}` }] : []),
    ...(ctx.encounterId ? [{ reference: `Encounter/${ctx.encounterId}` }] : []),
  ];
  const wantsIdToken = code.scope.includes('openid') && (code.scope.includes('fhirUser') || code.scope.includes('profile'));
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_S,
    scope: code.scope.join(' '),
    ...(wantsIdToken ? { id_token: await idToken(world, code) } : {}),
    patient: ctx.patientId,
    ...(ctx.encounterId ? { encounter: ctx.encounterId } : {}),
    // Epic's extra launch context fields.
    ...(ctx.appointmentId ? { appointment: ctx.appointmentId } : {}),
    ...(fhirContext.length > 0 ? { fhirContext } : {}),
    need_patient_banner: ctx.role === 'provider',
    '__epic.dstu2.patient': `T${ctx.patientId.slice(1, 20)}B`,
    ...(ctx.sessionId ? { csn: ctx.sessionId } : {}),
    state: code.state,
  };
}

async function idToken(world: SandboxWorld, code: IssuedCode): Promise<string> {
  const jose = await loadJose();
  const tamper = world.control.current.idToken ?? {};
  const now = world.state.nowSeconds();
  const iat = tamper.expiredBySeconds !== undefined ? now - ID_TOKEN_TTL_S - tamper.expiredBySeconds : now;
  const user = code.context.user;
  const key = tamper.unknownKey ? { kid: 'not-in-jwks', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey } : world.keys.idTokenKey;
  return new jose.SignJWT({
    fhirUser: `${world.endpoints.fhirBaseUrl}/${user.resourceType}/${user.id}`,
    ...nonceClaim(tamper.nonce === undefined ? code.nonce : (tamper.nonce ?? undefined)),
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(tamper.iss ?? world.endpoints.fhirBaseUrl)
    .setSubject(user.id)
    .setAudience(tamper.aud ?? code.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_S)
    .sign(key.privateKey);
}

/** OpenID Connect Core 3.1.2.1: the nonce of the authorization request, unchanged, when there was one. */
const nonceClaim = (nonce: string | undefined): { nonce?: string } => (nonce ? { nonce } : {});

async function unverifiedIssuer(assertion: string): Promise<string | undefined> {
  try {
    const { iss } = (await loadJose()).decodeJwt(assertion);
    return iss;
  } catch {
    return undefined;
  }
}
