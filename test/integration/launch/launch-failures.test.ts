import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SMS_SETTINGS } from '../../../shared/domain/config/base-url';
import { LaunchStateTable } from '../../../shared/adapters/tables/launch-state-table';
import { seedApprovedBaseUrl } from '../../../shared/usecases/launch/seed-approved-base-url';
import { startSandboxEhr } from '../../../dev/sandbox-ehr';
import { ehrUserRows, errorCodeOf, followLaunch, partitionRows, startLaunchWorld, type LaunchWorld } from './launch-harness';

/**
 * Every launch failure the issue lists ends on its named error page (with a correlation id)
 * and changes nothing: no visit, no meeting, and for an EHR that is not approved, not one
 * request is sent to it.
 */
describe('launch failures', () => {
  let world: LaunchWorld;
  let trap: { server: Server; url: string; hits: string[] };

  beforeAll(async () => {
    world = await startLaunchWorld();
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    trap = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
  });
  afterAll(async () => {
    await world?.stop();
    await new Promise((resolve) => trap?.server.close(resolve));
  });
  afterEach(() => world.ehr.control.reset());

  const launchUrl = (index: number, role: 'provider' | 'patient' = 'provider'): string => world.ehr.createLaunch({ appointmentId: world.ehr.visits[index]!.appointmentId, role }).url!;

  async function expectNamedFailure(start: string, code: string, status: number): Promise<string> {
    const before = await partitionRows(world.connection, world.tenantId);
    const usersBefore = await ehrUserRows(world.connection, world.tenantId);
    const outcome = await followLaunch(start);
    expect({ status: outcome.status, code: errorCodeOf(outcome.body) }).toEqual({ status, code });
    expect(outcome.body).toMatch(/data-testid="correlation-id">[0-9a-f-]{36}</);
    expect(outcome.body).toContain('What to do next');
    expect(outcome.body).not.toMatch(/at .+\.ts:\d+|Error:|eyJ/);
    expect(await partitionRows(world.connection, world.tenantId)).toEqual(before);
    expect(await ehrUserRows(world.connection, world.tenantId)).toEqual(usersBefore);
    return outcome.body;
  }

  async function seedAt(url: string, options: { environment?: 'test' | 'production'; approved?: boolean }): Promise<void> {
    const tenantId = randomUUID();
    const at = new Date().toISOString();
    await world.configStore.createOrganisation({ tenantId, displayName: 'Other', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US', createdAt: at, updatedAt: at });
    if (options.approved === false) {
      await world.configStore.createBaseUrl({
        tenantId, id: 'pending1', url, environment: 'test', vendor: 'epic', approverUpn: 'a@b.example',
        approval: { state: 'pending_approval', since: at }, sms: DEFAULT_SMS_SETTINGS, hl7SenderId: `P${randomUUID().slice(0, 12)}`, createdAt: at, updatedAt: at,
      });
    } else {
      await seedApprovedBaseUrl(world.configStore, { tenantId, baseUrlId: 'prod1', url, environment: options.environment ?? 'production', now: new Date(), hl7SenderId: `W${randomUUID().slice(0, 12)}` });
    }
  }

  it('unknown iss: TENANT_CONFIG_NOT_FOUND, and no request reaches it', async () => {
    await expectNamedFailure(`${world.host.url}/api/launch/provider?iss=${encodeURIComponent(`${trap.url}/unknown/R4`)}&launch=abc`, 'TENANT_CONFIG_NOT_FOUND', 404);
    expect(trap.hits).toEqual([]);
  });

  it('configured but unapproved base URL: BASE_URL_NOT_APPROVED, and no request reaches it', async () => {
    await seedAt(`${trap.url}/pending/R4`, { approved: false });
    await expectNamedFailure(`${world.host.url}/api/launch/patient?iss=${encodeURIComponent(`${trap.url}/pending/R4/`)}&launch=abc`, 'BASE_URL_NOT_APPROVED', 403);
    expect(trap.hits).toEqual([]);
  });

  it('approved for the other environment: BASE_URL_WRONG_ENVIRONMENT, and no request reaches it', async () => {
    await seedAt(`${trap.url}/prod/R4`, { environment: 'production' });
    await expectNamedFailure(`${world.host.url}/api/launch/provider?iss=${encodeURIComponent(`${trap.url}/prod/R4`)}&launch=abc`, 'BASE_URL_WRONG_ENVIRONMENT', 403);
    expect(trap.hits).toEqual([]);
  });

  it('missing launch: LAUNCH_REQUEST_INVALID naming the field', async () => {
    const url = new URL(launchUrl(0));
    url.searchParams.delete('launch');
    const body = await expectNamedFailure(url.toString(), 'LAUNCH_REQUEST_INVALID', 400);
    expect(body).toContain('launch');
  });

  it('replayed state: LAUNCH_EXPIRED, and the first launch still counts once', async () => {
    const first = await followLaunch(launchUrl(0));
    expect(first.status).toBe(302);
    const callback = first.hops.find((h) => h.includes('/api/launch/callback'))!;
    await expectNamedFailure(callback, 'LAUNCH_EXPIRED', 412);
  });

  it('expired state (older than 10 minutes): LAUNCH_EXPIRED', async () => {
    const states = new LaunchStateTable(world.connection);
    const state = randomUUID().replace(/-/g, '') + 'abcdef';
    const past = new Date(Date.now() - 11 * 60_000);
    await states.save({
      state, role: 'provider', tenantId: world.tenantId, baseUrlId: world.baseUrlId, iss: world.ehr.fhirBaseUrl, codeVerifier: 'v'.repeat(43),
      redirectUri: `${world.host.url}/api/launch/callback`, context: {}, createdAt: past.toISOString(), expiresAt: new Date(past.getTime() + 600_000).toISOString(),
    });
    const tokenRequests = () => world.ehr.requests.filter((r) => r.path.endsWith('/token')).length;
    const before = tokenRequests();
    await expectNamedFailure(`${world.host.url}/api/launch/callback?code=whatever&state=${state}`, 'LAUNCH_EXPIRED', 412);
    expect(tokenRequests()).toBe(before);
  });

  it('the EHR answers error=access_denied: EHR_AUTHORIZATION_DENIED', async () => {
    world.ehr.control.authorization = 'deny';
    await expectNamedFailure(launchUrl(1), 'EHR_AUTHORIZATION_DENIED', 403);
  });

  it('the token endpoint rejects our client assertion: EHR_TOKEN_REJECTED', async () => {
    world.ehr.control.rejectClientAssertions();
    await expectNamedFailure(launchUrl(1), 'EHR_TOKEN_REJECTED', 502);
  });

  it('id_token for another audience: EHR_IDENTITY_INVALID', async () => {
    world.ehr.control.tamperIdToken({ aud: 'someone-else' });
    await expectNamedFailure(launchUrl(1), 'EHR_IDENTITY_INVALID', 502);
  });

  it('id_token signed with a key outside the EHR JWKS: EHR_IDENTITY_INVALID', async () => {
    world.ehr.control.tamperIdToken({ unknownKey: true });
    await expectNamedFailure(launchUrl(1), 'EHR_IDENTITY_INVALID', 502);
  });

  it('id_token with the nonce of another sign-in: EHR_IDENTITY_INVALID', async () => {
    world.ehr.control.tamperIdToken({ nonce: 'nonce-of-another-request-0000000000000000000' });
    const body = await expectNamedFailure(launchUrl(1), 'EHR_IDENTITY_INVALID', 502);
    expect(body).toContain('nonce');
  });

  it('id_token without the nonce the connector sent: EHR_IDENTITY_INVALID', async () => {
    world.ehr.control.tamperIdToken({ nonce: null });
    await expectNamedFailure(launchUrl(1), 'EHR_IDENTITY_INVALID', 502);
  });

  it('FHIR 404 on the appointment: APPOINTMENT_NOT_FOUND', async () => {
    world.ehr.control.failFhir({ resourceType: 'Appointment', kind: 'not_found' });
    await expectNamedFailure(launchUrl(2), 'APPOINTMENT_NOT_FOUND', 404);
  });

  it('FHIR 500: FHIR_UNAVAILABLE', async () => {
    world.ehr.control.failFhir({ resourceType: 'Appointment', kind: 'server_error' });
    await expectNamedFailure(launchUrl(2), 'FHIR_UNAVAILABLE', 503);
  });

  it('FHIR timeout: FHIR_UNAVAILABLE', async () => {
    world.ehr.control.failFhir({ kind: 'timeout' });
    await expectNamedFailure(launchUrl(2), 'FHIR_UNAVAILABLE', 503);
  });

  it('EHR without PKCE S256: EHR_PKCE_UNSUPPORTED before any authorize redirect', async () => {
    // A second sandbox, so the first one's discovery cache does not hide the change.
    const plain = await startSandboxEhr({ port: 0, authorization: 'approve', connector: { baseUrl: world.host.url, clientId: 'connector-under-test' }, faults: { withoutS256: true }, onError: () => undefined });
    try {
      await seedApprovedBaseUrl(world.configStore, { tenantId: randomUUID(), baseUrlId: 'plain1', url: plain.fhirBaseUrl, environment: 'test', now: new Date(), hl7SenderId: `S${randomUUID().slice(0, 12)}` });
      const url = plain.createLaunch({ appointmentId: plain.visits[0]!.appointmentId, role: 'provider' }).url!;
      await expectNamedFailure(url, 'EHR_PKCE_UNSUPPORTED', 502);
      expect(plain.requests.some((r) => r.path.includes('authorize'))).toBe(false);
    } finally {
      await plain.stop();
    }
  });

  it('EHR discovery down: EHR_METADATA_UNREACHABLE', async () => {
    const down = await startSandboxEhr({ port: 0, authorization: 'approve', connector: { baseUrl: world.host.url, clientId: 'connector-under-test' }, faults: { discoveryUnavailable: true }, onError: () => undefined });
    try {
      await seedApprovedBaseUrl(world.configStore, { tenantId: randomUUID(), baseUrlId: 'down1', url: down.fhirBaseUrl, environment: 'test', now: new Date(), hl7SenderId: `D${randomUUID().slice(0, 12)}` });
      await expectNamedFailure(down.createLaunch({ appointmentId: down.visits[0]!.appointmentId, role: 'patient' }).url!, 'EHR_METADATA_UNREACHABLE', 503);
    } finally {
      await down.stop();
    }
  });
});
