import { X509Certificate, createVerify } from 'node:crypto';
import { loadJose } from '../../../dev/sandbox-ehr/jose';
import { authorize, authorizeUrl, pkce } from './smart-test-client';
import { authorizeLaunch, fhirGet, launchToToken, NOW, startHarness, type Harness } from './sandbox-fixture';

describe('sandbox EHR: discovery and a full EHR launch', () => {
  let h: Harness;
  beforeAll(async () => void (h = await startHarness()));
  afterAll(async () => h.stop());

  it('publishes a SMART configuration that offers S256 only and private_key_jwt', async () => {
    const response = await fetch(`${h.sandbox.fhirBaseUrl}/.well-known/smart-configuration`);
    const config = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(200);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.token_endpoint_auth_methods_supported).toEqual(['private_key_jwt']);
    expect(config.authorization_endpoint).toBe(h.sandbox.endpoints.authorize);
    expect(config.token_endpoint).toBe(h.sandbox.endpoints.token);
    expect(config.capabilities).toEqual(expect.arrayContaining(['launch-ehr', 'client-confidential-asymmetric', 'sso-openid-connect']));
  });

  it('names the OAuth endpoints in its CapabilityStatement (the discovery fallback)', async () => {
    const response = await fetch(`${h.sandbox.fhirBaseUrl}/metadata`);
    const body = JSON.stringify(await response.json());
    expect(response.status).toBe(200);
    expect(body).toContain('"resourceType":"CapabilityStatement"');
    expect(body).toContain(`{"url":"authorize","valueUri":"${h.sandbox.endpoints.authorize}"}`);
    expect(body).toContain(`{"url":"token","valueUri":"${h.sandbox.endpoints.token}"}`);
  });

  it('runs a provider launch: code, token with Epic-style context, id_token with fhirUser, FHIR reads', async () => {
    const visit = h.sandbox.visits[1]!;
    const { auth, token } = await launchToToken(h, 'provider', undefined, visit.appointmentId);
    expect(auth.status).toBe(302);
    expect(auth.query.get('state')).toBe(auth.state);
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({
      token_type: 'Bearer',
      patient: visit.patientId,
      encounter: visit.encounterId,
      appointment: visit.appointmentId,
      csn: visit.csn,
      fhirContext: [{ reference: `Appointment/${visit.appointmentId}` }, { reference: `Encounter/${visit.encounterId}` }],
    });

    const jose = await loadJose();
    const jwks = jose.createLocalJWKSet((await (await fetch(h.sandbox.endpoints.jwks)).json()) as { keys: [] });
    const { payload } = await jose.jwtVerify(String(token.body.id_token), jwks, { issuer: h.sandbox.fhirBaseUrl, audience: h.client.clientId, currentDate: new Date(NOW) });
    expect(payload.fhirUser).toBe(`${h.sandbox.fhirBaseUrl}/Practitioner/${visit.practitionerId}`);
    expect(visit.practitionerId).toContain('.');

    const accessToken = String(token.body.access_token);
    const appointment = await fhirGet(h, `/Appointment/${visit.appointmentId}`, accessToken);
    expect(appointment.status).toBe(200);
    expect(appointment.body.patient).toBeUndefined();
    expect(JSON.stringify(appointment.body.participant)).toContain(`"reference":"Patient/${visit.patientId}"`);
    const practitioner = await fhirGet(h, `/Practitioner/${visit.practitionerId}`, accessToken);
    expect(practitioner.status).toBe(200);
    const encounters = await fhirGet(h, `/Encounter?appointment=${visit.appointmentId}`, accessToken);
    expect(encounters.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(JSON.stringify(encounters.body.entry)).toContain(`"fullUrl":"${h.sandbox.fhirBaseUrl}/Encounter/${visit.encounterId}"`);
  });

  it('echoes the authorization request nonce in the id_token, and puts none there when none was sent', async () => {
    const jose = await loadJose();
    const jwks = jose.createLocalJWKSet((await (await fetch(h.sandbox.endpoints.jwks)).json()) as { keys: [] });
    const claims = async (token: { body: Record<string, unknown> }) => (await jose.jwtVerify(String(token.body.id_token), jwks, { currentDate: new Date(NOW) })).payload;
    const withNonce = await launchToToken(h, 'provider', undefined, undefined, { nonce: 'n0nce-Value_123' });
    expect((await claims(withNonce.token)).nonce).toBe('n0nce-Value_123');
    const without = await launchToToken(h, 'provider');
    expect(await claims(without.token)).not.toHaveProperty('nonce');
  });

  it('runs a patient launch whose id_token names the Patient, and serves the fixtures as they are', async () => {
    const visit = h.sandbox.visits[0]!;
    const { token } = await launchToToken(h, 'patient', 'launch openid fhirUser patient/Appointment.read patient/Patient.read', visit.appointmentId);
    expect(token.status).toBe(200);
    const { payload } = await (await loadJose()).jwtVerify(String(token.body.id_token), (await loadJose()).createLocalJWKSet((await (await fetch(h.sandbox.endpoints.jwks)).json()) as { keys: [] }), { currentDate: new Date(NOW) });
    expect(payload.fhirUser).toBe(`${h.sandbox.fhirBaseUrl}/Patient/${visit.patientId}`);
    const fixture = await fhirGet(h, '/Appointment/eO7YqdbPW-nhcgXdQIR0HUA3', String(token.body.access_token));
    expect(fixture.status).toBe(200);
    expect(fixture.body.description).toContain('TRACHEOSTOMY');
    const mine = await fhirGet(h, `/Appointment?patient=${visit.patientId}`, String(token.body.access_token));
    expect(mine.body.total).toBeGreaterThanOrEqual(2);
  });

  it('lets a person pick the context on the consent page, and answers access_denied on Deny', async () => {
    h.sandbox.control.authorization = 'ask';
    try {
      const asked = await authorizeLaunch(h, 'provider');
      expect(asked.status).toBe(200);
      const html = await (await fetch(authorizeUrl(h.sandbox, h.client, { launch: h.sandbox.createLaunch({ appointmentId: h.sandbox.visits[2]!.appointmentId, role: 'provider' }).launch, state: 'abc', code_challenge: pkce().challenge }))).text();
      const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(html).toContain('Allow access?');
      const decide = (decision: string, id: string) =>
        fetch(h.sandbox.endpoints.authorizeDecision, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ request: id, decision, user: `Practitioner/${h.sandbox.visits[2]!.practitionerId}`, patient: h.sandbox.visits[2]!.patientId, appointment: h.sandbox.visits[2]!.appointmentId }) });
      const allowed = await decide('allow', request);
      expect(allowed.status).toBe(302);
      expect(new URL(allowed.headers.get('location') ?? '').searchParams.get('code')).toMatch(/.{20,}/);
      expect((await decide('allow', request)).status).toBe(400); // single use

      const second = await (await fetch(authorizeUrl(h.sandbox, h.client, { launch: h.sandbox.createLaunch({ appointmentId: h.sandbox.visits[2]!.appointmentId, role: 'provider' }).launch, state: 'xyz', code_challenge: pkce().challenge }))).text();
      const denied = await decide('deny', /name="request" value="([^"]+)"/.exec(second)?.[1] ?? '');
      const query = new URL(denied.headers.get('location') ?? '').searchParams;
      expect(query.get('error')).toBe('access_denied');
      expect(query.get('state')).toBe('xyz');
    } finally {
      h.sandbox.control.reset();
    }
  });

  it('has a home page whose buttons perform a real EHR launch to the connector', async () => {
    const home = await (await fetch(h.sandbox.url)).text();
    expect(home).toContain('Start virtual visit');
    expect(home).toContain('Virtual visit');
    const visit = h.sandbox.visits[0]!;
    for (const role of ['provider', 'patient'] as const) {
      const response = await fetch(`${h.sandbox.url}/launch`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ appointment: visit.appointmentId, role }) });
      expect(response.status).toBe(303);
      const location = new URL(response.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${h.client.baseUrl}/api/launch/${role}`);
      expect(location.searchParams.get('iss')).toBe(h.sandbox.fhirBaseUrl);
      expect(location.searchParams.get('sessionId')).toBe(visit.csn);
      expect(location.searchParams.get('departmentId')).toBe(visit.departmentId);
      // The launch token works once at authorize.
      const { challenge } = pkce();
      const first = await authorize(authorizeUrl(h.sandbox, h.client, { launch: location.searchParams.get('launch') ?? '', state: 's1', code_challenge: challenge }));
      expect(first.query.get('code')).toBeTruthy();
    }
  });

  it('holds an HL7 feed key pair whose certificate verifies its signatures', () => {
    const cert = new X509Certificate(h.sandbox.hl7.certificatePem);
    expect(cert.subject).toContain('Sandbox EHR');
    expect(cert.checkPrivateKey(h.sandbox.hl7.privateKey)).toBe(true);
    expect(Buffer.from(h.sandbox.hl7.certificateBase64, 'base64').equals(cert.raw)).toBe(true);
    const message = 'MSH|^~\\&|EPIC|SANDBOX|...';
    const signature = h.sandbox.hl7.sign(message);
    expect(createVerify('sha256').update(message).verify(cert.publicKey, signature)).toBe(true);
    expect(createVerify('sha256').update(message + 'x').verify(cert.publicKey, signature)).toBe(false);
  });
});
