import { TableClient } from '@azure/data-tables';
import { TABLES } from '../../../shared/adapters/tables/table-names';
import { ehrUserRows, errorCodeOf, followLaunch, partitionRows, startLaunchWorld, visitNames, visitRows, type LaunchWorld } from './launch-harness';

/**
 * Full SMART EHR launches through the local host against the sandbox EHR and Azurite:
 * provider and patient land in the same visit (one meeting), the patient waits in the
 * lobby until the provider admits them.
 */
describe('virtual visit launch (local host + sandbox EHR + Azurite)', () => {
  let world: LaunchWorld;

  beforeAll(async () => {
    world = await startLaunchWorld();
  });
  afterAll(async () => {
    await world?.stop();
  });

  const launchUrl = (appointmentId: string, role: 'provider' | 'patient'): string => {
    const { url } = world.ehr.createLaunch({ appointmentId, role });
    if (!url) throw new Error('sandbox has no launch URL for the connector');
    return url;
  };

  it('publishes the connector JWKS with a current and a next key and no private parts', async () => {
    const response = await world.host.fetch('/api/.well-known/jwks.json');
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(2);
    expect(new Set(keys.map((k) => k.kid)).size).toBe(2);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS384', use: 'sig' });
      expect(key).not.toHaveProperty('d');
      expect(key).not.toHaveProperty('p');
    }
  });

  it('provider and patient, twice each and at once, end in exactly one meeting; the patient waits until admitted', async () => {
    const visit = world.ehr.visits[0]!;
    const roles: ('provider' | 'patient')[] = ['provider', 'patient', 'provider', 'patient'];
    const outcomes = await Promise.all(roles.map((role) => followLaunch(launchUrl(visit.appointmentId, role))));

    for (const outcome of outcomes) expect(outcome.status).toBe(302);
    const meetingIds = new Set(outcomes.map((o) => /\/api\/visits\/([^/]+)\//.exec(o.location ?? '')?.[1]));
    expect(meetingIds.size).toBe(1);
    const [providerUrl, patientUrl] = [outcomes[0]!.location!, outcomes[1]!.location!];
    expect(providerUrl).toMatch(/\/host\?key=/);
    expect(patientUrl).toMatch(/\/lobby$/);
    expect(outcomes[2]!.location).toBe(providerUrl);
    expect(outcomes[3]!.location).toBe(patientUrl);

    const rows = await visitRows(world.connection, world.tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ providerLaunches: 2, patientLaunches: 2, baseUrlId: world.baseUrlId });
    // The launch's sessionId is the appointment's CSN (as Epic sends it): the EHR resolves it by
    // identifier, so the visit is keyed by the appointment's FHIR id, never by the CSN.
    expect(world.ehr.createLaunch({ appointmentId: visit.appointmentId, role: 'provider' }).url).toContain(`sessionId=${visit.csn}`);
    expect(rows[0]!.visitKey).toBe(`appt:${visit.appointmentId}`);
    // The appointment's names lead to the visit, so an SMS join link (feed id SCH-1 = CSN) finds it too.
    expect(await visitNames(world.connection, world.tenantId)).toEqual(new Map([[`fhir:${visit.appointmentId}`, `appt:${visit.appointmentId}`], [`id:${visit.csn}`, `appt:${visit.appointmentId}`]]));
    for (const row of (await partitionRows(world.connection, world.tenantId)).filter((r) => 'leadsTo' in r)) {
      expect(Object.keys(row).sort()).toEqual(['baseUrlId', 'createdAt', 'etag', 'leadsTo', 'name', 'partitionKey', 'rowKey', 'timestamp']);
    }
    // Nothing but ids, times and join URLs is stored: no names, no phone numbers.
    expect(Object.keys(rows[0]!).sort()).toEqual(
      ['attendeeJoinUrl', 'baseUrlId', 'createdAt', 'etag', 'externalId', 'lastLaunchAt', 'meetingId', 'organizerJoinUrl', 'partitionKey', 'patientLaunches', 'providerLaunches', 'rowKey', 'timestamp', 'visitKey'].sort(),
    );

    // The EHR users' ids (absolute fhirUser URLs) are kept once each, with nothing else about them.
    const users = await ehrUserRows(world.connection, world.tenantId);
    const fhirBase = world.ehr.fhirBaseUrl;
    expect(users.map((u) => decodeURIComponent(String(u.rowKey))).sort()).toEqual([`${fhirBase}/Patient/${visit.patientId}`, `${fhirBase}/Practitioner/${visit.practitionerId}`].sort());
    for (const u of users) {
      expect(u).toMatchObject({ partitionKey: world.tenantId, baseUrlId: world.baseUrlId });
      expect(Object.keys(u).sort()).toEqual(['baseUrlId', 'etag', 'firstSeenAt', 'partitionKey', 'rowKey', 'timestamp', 'type']);
    }
    expect(users.map((u) => u.type).sort()).toEqual(['Patient', 'Practitioner']);

    // The lobby: the patient joins and waits; the provider sees them and admits them.
    const lobbyPage = await fetch(patientUrl);
    expect(await lobbyPage.text()).toContain('data-testid="lobby-status"');
    const join = await fetch(new URL('participants', patientUrl), { method: 'POST' });
    expect(join.status).toBe(201);
    const me = (await join.json()) as { participantId: string; state: string };
    expect(me.state).toBe('waiting');

    const key = new URL(providerUrl).searchParams.get('key')!;
    const base = providerUrl.replace(/\/host\?.*$/, '');
    const listed = (await (await fetch(`${base}/participants`, { headers: { 'X-Visit-Host-Key': key } })).json()) as { participantId: string; state: string }[];
    expect(listed).toEqual([expect.objectContaining({ participantId: me.participantId, state: 'waiting' })]);
    expect((await fetch(`${base}/participants`, { headers: { 'X-Visit-Host-Key': 'x'.repeat(32) } })).status).toBe(403);
    expect((await fetch(`${base}/participants/${me.participantId}/admit`, { method: 'POST' })).status).toBe(400);

    const admitted = await fetch(`${base}/participants/${me.participantId}/admit`, { method: 'POST', headers: { 'X-Visit-Host-Key': key } });
    expect(admitted.status).toBe(200);
    const status = (await (await fetch(`${base}/participants/${me.participantId}`)).json()) as { state: string };
    expect(status.state).toBe('admitted');
  });

  it('launches without sessionId find the appointment in the token context and share one visit keyed by its FHIR id', async () => {
    const visit = world.ehr.visits[1]!;
    const without = (role: 'provider' | 'patient'): string => {
      const url = new URL(launchUrl(visit.appointmentId, role));
      url.searchParams.delete('sessionId');
      return url.toString();
    };
    const provider = await followLaunch(without('provider'));
    const patient = await followLaunch(without('patient'));
    expect([provider.status, patient.status]).toEqual([302, 302]);
    const meetingOf = (location: string | undefined) => location!.split('/api/visits/')[1]!.split('/')[0];
    expect(meetingOf(patient.location)).toBe(meetingOf(provider.location));
    const rows = await visitRows(world.connection, world.tenantId);
    expect(rows.filter((r) => r.visitKey === `appt:${visit.appointmentId}`)).toHaveLength(1);
  });

  it('a CSN launch and a launch without sessionId of one appointment share its one visit', async () => {
    const visit = world.ehr.visits[3]!;
    const byCsn = await followLaunch(launchUrl(visit.appointmentId, 'provider'));
    const url = new URL(launchUrl(visit.appointmentId, 'patient'));
    url.searchParams.delete('sessionId');
    const byToken = await followLaunch(url.toString());
    const meetingOf = (location: string | undefined) => location!.split('/api/visits/')[1]!.split('/')[0];
    expect([byCsn.status, byToken.status]).toEqual([302, 302]);
    expect(meetingOf(byToken.location)).toBe(meetingOf(byCsn.location));
    const rows = (await visitRows(world.connection, world.tenantId)).filter((r) => r.visitKey === `appt:${visit.appointmentId}` || r.visitKey === `conf:${visit.csn}`);
    expect(rows.map((r) => r.visitKey)).toEqual([`appt:${visit.appointmentId}`]);
  });

  it('a group visit: a conference id as sessionId groups two appointments in one meeting keyed by the conference', async () => {
    const [first, second] = [world.ehr.visits[0]!, world.ehr.visits[2]!];
    expect(first.patientId).not.toBe(second.patientId);
    const conferenceId = `GRP-${Date.now().toString(36)}`;
    const groupLaunch = (visit: typeof first, role: 'provider' | 'patient'): string => {
      const { url } = world.ehr.createLaunch({
        context: {
          role,
          user: role === 'provider' ? { resourceType: 'Practitioner', id: visit.practitionerId } : { resourceType: 'Patient', id: visit.patientId },
          patientId: visit.patientId,
          appointmentId: visit.appointmentId,
          encounterId: visit.encounterId,
          sessionId: conferenceId,
          departmentId: visit.departmentId,
        },
      });
      return url!;
    };
    const outcomes = [await followLaunch(groupLaunch(first, 'provider')), await followLaunch(groupLaunch(first, 'patient')), await followLaunch(groupLaunch(second, 'patient'))];
    expect(outcomes.map((o) => o.status)).toEqual([302, 302, 302]);
    const meetings = new Set(outcomes.map((o) => o.location!.split('/api/visits/')[1]!.split('/')[0]));
    expect(meetings.size).toBe(1);
    const rows = (await visitRows(world.connection, world.tenantId)).filter((r) => r.visitKey === `conf:${conferenceId}`);
    expect(rows).toEqual([expect.objectContaining({ providerLaunches: 1, patientLaunches: 2 })]);
  });

  it('logs no token, name or patient id', () => {
    const log = world.host.lines.join('\n');
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    for (const v of world.ehr.visits) expect(log).not.toContain(v.patientId);
    expect(log).not.toMatch(/Camila|Lopez/);
  });

  it('serves the device test page with camera and microphone allowed for the page', async () => {
    const response = await world.host.fetch('/api/visits/device-test');
    expect(response.status).toBe(200);
    expect(response.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(await response.text()).toContain('getUserMedia');
  });

  it('keeps the state table clean: a completed launch leaves no pending state behind', async () => {
    const visit = world.ehr.visits[2]!;
    const outcome = await followLaunch(launchUrl(visit.appointmentId, 'provider'));
    const callback = outcome.hops.find((h) => h.includes('/api/launch/callback'))!;
    const state = new URL(callback).searchParams.get('state')!;
    const client = TableClient.fromConnectionString(world.connection, TABLES.launchState, { allowInsecureConnection: true });
    await expect(client.getEntity(state, 'launch')).rejects.toMatchObject({ statusCode: 404 });
    expect(errorCodeOf(outcome.body)).toBeUndefined();
  });
});
