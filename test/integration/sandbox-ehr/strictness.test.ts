import { generateKeyPairSync } from 'node:crypto';
import { loadJose } from '../../../dev/sandbox-ehr/jose';
import { authorize, authorizeUrl, clientAssertion, pkce, tokenRequest, type AssertionOverrides } from './smart-test-client';
import { authorizeLaunch, fhirGet, launchToToken, startHarness, type Harness } from './sandbox-fixture';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('sandbox EHR is as strict as a real EHR', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness()));
  afterAll(async () => h.stop());
  afterEach(() => h.sandbox.control.reset());

  describe('authorize', () => {
    const launch = () => h.sandbox.createLaunch({ appointmentId: h.sandbox.visits[0]!.appointmentId, role: 'provider' }).launch;

    it('shows an error page, never a redirect, for an unknown client or an unregistered redirect_uri', async () => {
      for (const bad of [{ client_id: 'someone-else' }, { redirect_uri: 'https://attacker.example/cb' }]) {
        const r = await authorize(authorizeUrl(h.sandbox, h.client, { launch: launch(), state: 's', code_challenge: pkce().challenge, ...bad }));
        expect(r.status).toBe(400);
        expect(r.location).toBeNull();
      }
    });

    it.each([
      ['a response_type other than code', { response_type: 'token' }, 'unsupported_response_type'],
      ['no state', { state: undefined }, 'invalid_request'],
      ['an aud that is not its FHIR base URL', { aud: 'https://other.example/fhir' }, 'invalid_request'],
      ['plain PKCE', { code_challenge_method: 'plain' }, 'invalid_request'],
      ['no code_challenge', { code_challenge: undefined }, 'invalid_request'],
      ['a malformed scope', { scope: 'launch user/Appointment.fly' }, 'invalid_scope'],
      ['a launch without the launch scope', { scope: 'openid fhirUser user/Appointment.read' }, 'invalid_scope'],
      ['an unknown launch', { launch: 'not-a-launch' }, 'invalid_request'],
    ])('answers an error to the client for %s', async (_what, params, error) => {
      const r = await authorize(authorizeUrl(h.sandbox, h.client, { launch: launch(), state: 's1', code_challenge: pkce().challenge, ...params }));
      expect(r.status).toBe(302);
      expect(r.query.get('error')).toBe(error);
      expect(r.query.get('code')).toBeNull();
      if ('state' in params) expect(r.query.get('state')).toBeNull();
      else expect(r.query.get('state')).toBe('s1');
    });

    it('accepts a launch token once, and not after five minutes', async () => {
      const token = launch();
      const first = await authorize(authorizeUrl(h.sandbox, h.client, { launch: token, state: 's', code_challenge: pkce().challenge }));
      expect(first.query.get('code')).toBeTruthy();
      const again = await authorize(authorizeUrl(h.sandbox, h.client, { launch: token, state: 's', code_challenge: pkce().challenge }));
      expect(again.query.get('error')).toBe('invalid_request');
      const old = launch();
      h.clock.advance(5 * 60_000 + 1);
      try {
        const late = await authorize(authorizeUrl(h.sandbox, h.client, { launch: old, state: 's', code_challenge: pkce().challenge }));
        expect(late.query.get('error')).toBe('invalid_request');
      } finally {
        h.clock.advance(-(5 * 60_000 + 1));
      }
    });

    it('answers error=access_denied on demand, with the state', async () => {
      h.sandbox.control.authorization = 'deny';
      const r = await authorizeLaunch(h);
      expect(r.query.get('error')).toBe('access_denied');
      expect(r.query.get('state')).toBe(r.state);
    });
  });

  describe('token', () => {
    async function exchange(assertion: AssertionOverrides = {}, fields: Record<string, string | undefined> = {}) {
      const auth = await authorizeLaunch(h);
      return tokenRequest(h.sandbox, {
        grant_type: 'authorization_code',
        code: auth.code,
        redirect_uri: h.client.redirectUri,
        code_verifier: auth.verifier,
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(h.sandbox, h.client, h.clock.now(), assertion),
        ...fields,
      });
    }

    it.each<[string, AssertionOverrides]>([
      ['aud is not the token endpoint', { aud: 'https://elsewhere.example/token' }],
      ['iss is not the client id', { iss: 'someone-else' }],
      ['sub is not the client id', { sub: 'someone-else' }],
      ['exp is more than five minutes ahead', { expiresIn: 600 }],
      ['it has already expired', { expiresIn: -120 }],
      ['it uses RS256', { alg: 'RS256' }],
      ['its key is not in the client JWKS', { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey }],
      ['its kid is unknown', { kid: 'unknown-kid' }],
    ])('refuses a client assertion when %s', async (_what, overrides) => {
      const r = await exchange(overrides);
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('invalid_client');
      expect(r.body.access_token).toBeUndefined();
    });

    it('refuses a replayed jti', async () => {
      expect((await exchange({ jti: 'jti-once' })).status).toBe(200);
      const replay = await exchange({ jti: 'jti-once' });
      expect(replay.status).toBe(401);
      expect(String(replay.body.error_description)).toContain('jti');
    });

    it('checks PKCE and the redirect_uri', async () => {
      const wrongVerifier = await exchange({}, { code_verifier: pkce().verifier });
      expect(wrongVerifier.body.error).toBe('invalid_grant');
      const wrongRedirect = await exchange({}, { redirect_uri: `${h.client.redirectUri}/other` });
      expect(wrongRedirect.body.error).toBe('invalid_grant');
    });

    it('takes a code once and only for two minutes', async () => {
      const auth = await authorizeLaunch(h);
      const fields = async () => ({ grant_type: 'authorization_code', code: auth.code, redirect_uri: h.client.redirectUri, code_verifier: auth.verifier, client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(h.sandbox, h.client, h.clock.now()) });
      expect((await tokenRequest(h.sandbox, await fields())).status).toBe(200);
      const reused = await tokenRequest(h.sandbox, await fields());
      expect(reused.body.error).toBe('invalid_grant');

      const late = await authorizeLaunch(h);
      h.clock.advance(2 * 60_000 + 1);
      try {
        const r = await tokenRequest(h.sandbox, { grant_type: 'authorization_code', code: late.code, redirect_uri: h.client.redirectUri, code_verifier: late.verifier, client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(h.sandbox, h.client, h.clock.now()) });
        expect(r.body.error).toBe('invalid_grant');
      } finally {
        h.clock.advance(-(2 * 60_000 + 1));
      }
    });

    it('rejects every assertion on demand, and issues an id_token with a wrong aud on demand', async () => {
      h.sandbox.control.rejectClientAssertions();
      expect((await exchange()).body.error).toBe('invalid_client');
      h.sandbox.control.reset();
      h.sandbox.control.tamperIdToken({ aud: 'not-the-client' });
      const r = await exchange();
      expect(r.status).toBe(200);
      expect((await loadJose()).decodeJwt(String(r.body.id_token)).aud).toBe('not-the-client');
    });
  });

  describe('outages on demand', () => {
    it('answers 503 from discovery, metadata and the token endpoint, and can drop S256', async () => {
      h.sandbox.control.set({ discoveryUnavailable: true, tokenEndpointUnavailable: true });
      expect((await fetch(`${h.sandbox.fhirBaseUrl}/.well-known/smart-configuration`)).status).toBe(503);
      expect((await fetch(`${h.sandbox.fhirBaseUrl}/metadata`)).status).toBe(503);
      expect((await tokenRequest(h.sandbox, { grant_type: 'authorization_code' })).status).toBe(503);
      h.sandbox.control.reset();
      h.sandbox.control.set({ withoutS256: true });
      const config = (await (await fetch(`${h.sandbox.fhirBaseUrl}/.well-known/smart-configuration`)).json()) as Record<string, unknown>;
      expect(config.code_challenge_methods_supported).toEqual(['plain']);
    });
  });

  describe('FHIR', () => {
    let accessToken: string;
    beforeAll(async () => void (accessToken = String((await launchToToken(h)).token.body.access_token)));
    const appointmentId = () => h.sandbox.visits[0]!.appointmentId;

    it('requires a valid Bearer token', async () => {
      expect((await fhirGet(h, `/Appointment/${appointmentId()}`, undefined)).status).toBe(401);
      expect((await fhirGet(h, `/Appointment/${appointmentId()}`, 'made-up-token')).status).toBe(401);
    });

    it('forgets access tokens after an hour', async () => {
      const { token } = await launchToToken(h);
      h.clock.advance(3600_000 + 1);
      try {
        expect((await fhirGet(h, `/Appointment/${appointmentId()}`, String(token.body.access_token))).status).toBe(401);
      } finally {
        h.clock.advance(-(3600_000 + 1));
      }
    });

    it("limits patient/ scopes to the launch patient's record", async () => {
      const other = h.sandbox.visits.find((v) => v.patientId !== h.sandbox.visits[0]!.patientId)!;
      const { token } = await launchToToken(h, 'patient', 'launch openid fhirUser patient/Appointment.read');
      const patientToken = String(token.body.access_token);
      expect((await fhirGet(h, `/Appointment/${appointmentId()}`, patientToken)).status).toBe(200);
      expect((await fhirGet(h, `/Appointment/${other.appointmentId}`, patientToken)).status).toBe(403);
      expect((await fhirGet(h, `/Encounter/${h.sandbox.visits[0]!.encounterId}`, patientToken)).status).toBe(403);
    });

    it('answers 404 and 500 for a given id on demand, and other ids normally', async () => {
      h.sandbox.control.failFhir({ resourceType: 'Appointment', id: appointmentId(), kind: 'not_found' });
      expect((await fhirGet(h, `/Appointment/${appointmentId()}`, accessToken)).status).toBe(404);
      expect((await fhirGet(h, `/Appointment/${h.sandbox.visits[1]!.appointmentId}`, accessToken)).status).toBe(200);
      h.sandbox.control.reset();
      h.sandbox.control.failFhir({ resourceType: 'Appointment', kind: 'server_error' });
      const failed = await fhirGet(h, `/Appointment/${appointmentId()}`, accessToken);
      expect(failed.status).toBe(500);
      expect(failed.body.resourceType).toBe('OperationOutcome');
    });

    it('never answers a timed-out id (the client gives up first)', async () => {
      h.sandbox.control.failFhir({ id: appointmentId(), kind: 'timeout' });
      const controller = new AbortController();
      const pending = fhirGet(h, `/Appointment/${appointmentId()}`, accessToken, controller.signal);
      const settled = jest.fn();
      void pending.then(settled, settled);
      // The request reached the sandbox and is being held; nothing came back.
      await new Promise<void>((resolve) => {
        const check = () => (h.sandbox.requests.some((r) => r.path.endsWith(`/Appointment/${appointmentId()}`)) ? resolve() : setImmediate(check));
        check();
      });
      expect(settled).not.toHaveBeenCalled();
      controller.abort();
      await expect(pending).rejects.toThrow();
    });

    it('reads only: other methods answer 405', async () => {
      const response = await fetch(`${h.sandbox.fhirBaseUrl}/Appointment/${appointmentId()}`, { method: 'DELETE', headers: { Authorization: `Bearer ${accessToken}` } });
      expect(response.status).toBe(405);
    });
  });
});
