import type { Clock } from '../ports/clock';
import type { KeySource } from '../ports/key-source';
import { authorizeUrl } from './authorize-url';
import type { SmartDiscovery, SmartConfiguration } from './discovery';
import { verifyIdToken, type VerifiedIdentity } from './id-token';
import { nonceFor } from './nonce';
import { newLaunchState, newPkce } from './pkce';
import { exchangeCode, type TokenResponse } from './token-exchange';
import { launchError } from '../domain/launch/launch-errors';

/**
 * The connector as a SMART confidential client: one object holding the client id, the
 * signing keys and the discovery cache, used by the EHR launch and the standalone sign-in.
 */
export interface SmartClientOptions {
  clientId: string;
  keySource: KeySource;
  discovery: SmartDiscovery;
  clock: Clock;
  timeoutMs: number;
}

export interface AuthorizationStart {
  authorizeUrl: string;
  state: string;
  codeVerifier: string;
  /** Sent as `nonce`; derived from the code verifier, so keeping the verifier keeps it too. */
  nonce: string;
  configuration: SmartConfiguration;
}

export interface AuthorizationResult {
  token: TokenResponse;
  identity: VerifiedIdentity;
}

export class SmartClient {
  constructor(readonly options: SmartClientOptions) {}

  get clientId(): string {
    return this.options.clientId;
  }

  /** Discovery, PKCE, state and nonce for a redirect to the EHR's authorize endpoint. `iss` must already be approved. */
  async startAuthorization(input: { iss: string; redirectUri: string; scope: string; launch?: string }): Promise<AuthorizationStart> {
    const configuration = await this.options.discovery.discover(input.iss);
    const pkce = newPkce();
    const state = newLaunchState();
    const nonce = nonceFor(pkce.verifier);
    const url = authorizeUrl({
      authorizationEndpoint: configuration.authorizationEndpoint,
      clientId: this.options.clientId,
      redirectUri: input.redirectUri,
      scope: input.scope,
      state,
      aud: input.iss,
      codeChallenge: pkce.challenge,
      nonce,
      ...(input.launch !== undefined ? { launch: input.launch } : {}),
    });
    return { authorizeUrl: url, state, codeVerifier: pkce.verifier, nonce, configuration };
  }

  /** Token exchange with `private_key_jwt`, then the id_token check (including the nonce of this authorization). */
  async completeAuthorization(input: { iss: string; code: string; redirectUri: string; codeVerifier: string }): Promise<AuthorizationResult> {
    const configuration = await this.options.discovery.discover(input.iss);
    const key = await this.options.keySource.signingKey();
    const token = await exchangeCode({
      tokenEndpoint: configuration.tokenEndpoint,
      code: input.code,
      redirectUri: input.redirectUri,
      codeVerifier: input.codeVerifier,
      clientId: this.options.clientId,
      key,
      now: this.options.clock.now(),
      timeoutMs: this.options.timeoutMs,
    });
    if (!token.idToken) {
      throw launchError('EHR_IDENTITY_INVALID', 'The EHR returned no id_token (the openid scope is required).');
    }
    const identity = await verifyIdToken({
      idToken: token.idToken,
      issuer: configuration.issuer,
      clientId: this.options.clientId,
      nonce: nonceFor(input.codeVerifier),
      jwksUri: configuration.jwksUri,
      clock: this.options.clock,
      timeoutMs: this.options.timeoutMs,
    });
    return { token, identity };
  }
}
