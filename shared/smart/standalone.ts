import type { SmartClient } from './smart-client';

/**
 * A SMART standalone launch (no EHR `launch` context): used by the approver's EHR sign-in
 * with `openid fhirUser`, which proves the base URL and the approver's access. The caller
 * keeps `pending` server side (for example in its own table row keyed by `state`), checks
 * `iss` is the base URL being approved BEFORE calling, and passes `pending` back with the
 * `code` the EHR returns. Nothing of the sign-in but the identity is returned.
 */
export interface PendingStandaloneSignIn {
  iss: string;
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

export const STANDALONE_SIGN_IN_SCOPE = 'openid fhirUser';

export async function beginStandaloneSignIn(
  client: SmartClient,
  input: { iss: string; redirectUri: string; scope?: string },
): Promise<{ authorizeUrl: string; pending: PendingStandaloneSignIn }> {
  const start = await client.startAuthorization({ iss: input.iss, redirectUri: input.redirectUri, scope: input.scope ?? STANDALONE_SIGN_IN_SCOPE });
  return { authorizeUrl: start.authorizeUrl, pending: { iss: input.iss, state: start.state, codeVerifier: start.codeVerifier, redirectUri: input.redirectUri } };
}

/** Returns the signed-in EHR user (`fhirUser`, `sub`); the access token is dropped here. */
export async function completeStandaloneSignIn(client: SmartClient, pending: PendingStandaloneSignIn, code: string): Promise<{ fhirUser: string; sub: string }> {
  const { identity } = await client.completeAuthorization({ iss: pending.iss, code, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier });
  return { fhirUser: identity.fhirUser, sub: identity.sub };
}
