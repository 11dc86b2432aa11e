/** The SMART authorize redirect (App Launch 2.x, section "Obtain authorization code"). */
export interface AuthorizeRequest {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  /** The FHIR base URL the token will be used at (= `iss`). */
  aud: string;
  codeChallenge: string;
  /** The opaque EHR launch context; absent for a standalone launch. */
  launch?: string;
  /** OpenID Connect nonce: the EHR must echo it in the id_token. */
  nonce?: string;
}

export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(request.authorizationEndpoint);
  const params: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ...(request.launch !== undefined ? ([['launch', request.launch]] as [string, string][]) : []),
    ['scope', request.scope],
    ['state', request.state],
    ['aud', request.aud],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', 'S256'],
    ...(request.nonce !== undefined ? ([['nonce', request.nonce]] as [string, string][]) : []),
  ];
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url.toString();
}
