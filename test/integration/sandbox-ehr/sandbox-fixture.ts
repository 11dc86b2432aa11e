import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { startSandboxEhr, type LaunchRole, type SandboxEhr, type SandboxEhrOptions } from '../../../dev/sandbox-ehr';
import { authorize, authorizeUrl, clientAssertion, pkce, startTestClient, tokenRequest, type TestClient } from './smart-test-client';

export const NOW = '2026-03-10T08:30:00.000Z';

export interface Harness {
  sandbox: SandboxEhr;
  client: TestClient;
  clock: FixedClock;
  stop(): Promise<void>;
}

export async function startHarness(options: SandboxEhrOptions = {}): Promise<Harness> {
  const clock = new FixedClock(NOW);
  const sandbox = await startSandboxEhr({ port: 0, clock, authorization: 'approve', ...options });
  const client = await startTestClient(sandbox);
  return { sandbox, client, clock, stop: async () => void (await Promise.all([sandbox.stop(), client.stop()])) };
}

/** Launch -> authorize -> code, for the first visit of today (or the one given). */
export async function authorizeLaunch(h: Harness, role: LaunchRole = 'provider', extra: Record<string, string | undefined> = {}, appointmentId = h.sandbox.visits[0]?.appointmentId ?? '') {
  const { launch } = h.sandbox.createLaunch({ appointmentId, role });
  const { verifier, challenge } = pkce();
  const state = 'state-' + Math.random().toString(36).slice(2);
  const result = await authorize(authorizeUrl(h.sandbox, h.client, { launch, state, code_challenge: challenge, ...extra }));
  return { ...result, verifier, state, launch, code: result.query.get('code') ?? '' };
}

/** The whole launch up to the token response. */
export async function launchToToken(h: Harness, role: LaunchRole = 'provider', scope?: string, appointmentId?: string, extra: Record<string, string> = {}) {
  const auth = await authorizeLaunch(h, role, { ...extra, ...(scope ? { scope } : {}) }, appointmentId);
  const token = await tokenRequest(h.sandbox, {
    grant_type: 'authorization_code',
    code: auth.code,
    redirect_uri: h.client.redirectUri,
    code_verifier: auth.verifier,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await clientAssertion(h.sandbox, h.client, h.clock.now()),
  });
  return { auth, token };
}

export async function fhirGet(h: Harness, path: string, accessToken: string | undefined, signal?: AbortSignal): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${h.sandbox.fhirBaseUrl}${path}`, { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {}, ...(signal ? { signal } : {}) });
  const body: unknown = await response.json();
  return { status: response.status, body: typeof body === 'object' && body !== null ? Object.fromEntries(Object.entries(body)) : {} };
}
