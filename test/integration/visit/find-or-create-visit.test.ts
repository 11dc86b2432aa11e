import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { LocalVisitRooms } from '../../../shared/adapters/localmeetings/local-visit-rooms';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { VisitTable } from '../../../shared/adapters/tables/visit-table';
import { meetingExternalId } from '../../../shared/domain/launch/external-id';
import { launchVisitNames, scheduledVisitNames } from '../../../shared/domain/launch/visit-names';
import type { Meeting, MeetingProvider, MeetingRequest } from '../../../shared/ports/meeting-provider';
import { findOrCreateVisit, type VisitDeps, type VisitRequest } from '../../../shared/usecases/visit/find-or-create-visit';

/**
 * The one find-or-create of a visit on the real visits table and local visit rooms (Azurite):
 * the launch's request (FHIR id, CSN) and the join link's (SCH-2, SCH-1 = CSN) meet in one visit
 * whichever comes first or at once; conference visits keep their key; a claim left without its
 * meeting is finished by the next caller; visits stored before names existed are found by key.
 */
const connection = (): string => process.env.TEST_STORAGE_CONNECTION!;
const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

class CountingMeetings implements MeetingProvider {
  readonly requests: MeetingRequest[] = [];
  constructor(private readonly inner: MeetingProvider) {}
  createOrGet(request: MeetingRequest): Promise<Meeting> {
    this.requests.push(request);
    return this.inner.createOrGet(request);
  }
}

describe('findOrCreateVisit (visits table + local visit rooms on Azurite)', () => {
  let deps: VisitDeps & { meetings: CountingMeetings };
  let visits: VisitTable;
  let roomsTable: string;
  const tenantId = randomUUID();
  const baseUrlId = 'b1';

  beforeAll(async () => {
    const [vt, rt] = [unique('vv'), unique('vr')];
    roomsTable = rt;
    await Promise.all([ensureTable(connection(), vt), ensureTable(connection(), rt)]);
    visits = new VisitTable(connection(), vt);
    deps = { clock: systemClock, visits, meetings: new CountingMeetings(new LocalVisitRooms(connection(), 'http://127.0.0.1:1', () => new Date(), rt)) };
  });

  /** An Epic appointment: FHIR id, CSN (SCH-1) and the scheduler's filler id (SCH-2). */
  const appointment = () => {
    const n = randomUUID().slice(0, 8);
    return { fhirId: `e${n}.x-3`, csn: `26${n.replace(/\D/g, '1')}`, filler: `SCHED-${n}` };
  };
  const launchRequest = (a: ReturnType<typeof appointment>): VisitRequest => ({ tenantId, baseUrlId, key: { kind: 'appointment', appointmentId: a.fhirId }, names: launchVisitNames({ id: a.fhirId, identifiers: [] }, a.csn) });
  const joinRequest = (a: ReturnType<typeof appointment>): VisitRequest => ({ tenantId, baseUrlId, key: { kind: 'appointment', appointmentId: a.filler }, names: scheduledVisitNames({ appointmentId: a.filler, fillerId: a.filler, placerId: a.csn }) });
  const rooms = async (): Promise<number> => {
    let n = 0;
    for await (const row of TableClient.fromConnectionString(connection(), roomsTable, { allowInsecureConnection: true }).listEntities<Record<string, unknown>>()) if (row.rowKey === 'room') n++;
    return n;
  };

  it('the join link first, then the launch: one visit (keyed by the feed id), found by the CSN', async () => {
    const a = appointment();
    const byLink = await findOrCreateVisit(deps, joinRequest(a));
    const byLaunch = await findOrCreateVisit(deps, launchRequest(a));
    expect(byLaunch).toMatchObject({ visitKey: `appt:${a.filler}`, meetingId: byLink.meetingId, attendeeJoinUrl: byLink.attendeeJoinUrl });
    // The launch's own names now lead there too: a later launch without the CSN finds it by FHIR id.
    const byFhirId = await findOrCreateVisit(deps, { ...launchRequest(a), names: launchVisitNames({ id: a.fhirId, identifiers: [] }) });
    expect(byFhirId.meetingId).toBe(byLink.meetingId);
  });

  it('the launch first, then the join link: one visit (keyed by the FHIR id)', async () => {
    const a = appointment();
    const byLaunch = await findOrCreateVisit(deps, launchRequest(a));
    const byLink = await findOrCreateVisit(deps, joinRequest(a));
    expect(byLink).toMatchObject({ visitKey: `appt:${a.fhirId}`, meetingId: byLaunch.meetingId });
  });

  it('twenty first uses at once, launches and join links mixed, make one visit and one meeting', async () => {
    const before = await rooms();
    const a = appointment();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => findOrCreateVisit(deps, i % 2 === 0 ? launchRequest(a) : joinRequest(a))));
    expect(new Set(results.map((v) => v.meetingId)).size).toBe(1);
    expect(new Set(results.map((v) => v.visitKey)).size).toBe(1);
    expect(await rooms()).toBe(before + 1);
    // The loser's key was never written: only the winner's visit exists.
    const loser = results[0]!.visitKey === `appt:${a.fhirId}` ? `appt:${a.filler}` : `appt:${a.fhirId}`;
    expect(await visits.find(tenantId, baseUrlId, loser)).toBeUndefined();
    // Every meeting request used the winner's external id.
    const externalIds = new Set(deps.meetings.requests.filter((r) => r.externalId === meetingExternalId(tenantId, baseUrlId, results[0]!.visitKey) || r.externalId === meetingExternalId(tenantId, baseUrlId, loser)).map((r) => r.externalId));
    expect(externalIds).toEqual(new Set([results[0]!.externalId]));
  });

  it('a claim left without its meeting (the caller stopped) is finished by the next caller', async () => {
    const a = appointment();
    const request = launchRequest(a);
    expect(await visits.claim({ tenantId, baseUrlId, visitKey: `appt:${a.fhirId}`, names: request.names, createdAt: new Date().toISOString() })).toBe(true);
    expect(await visits.get(tenantId, baseUrlId, `appt:${a.fhirId}`)).toBeUndefined();
    const finished = await findOrCreateVisit(deps, joinRequest(a));
    expect(finished).toMatchObject({ visitKey: `appt:${a.fhirId}`, externalId: meetingExternalId(tenantId, baseUrlId, `appt:${a.fhirId}`) });
    expect((await findOrCreateVisit(deps, request)).meetingId).toBe(finished.meetingId);
  });

  it('a visit stored before names existed is found by its key, and gets its names', async () => {
    const a = appointment();
    const key = `appt:${a.fhirId}`;
    await visits.claim({ tenantId, baseUrlId, visitKey: key, names: [], createdAt: new Date().toISOString() });
    const legacy = await visits.recordMeeting((await visits.find(tenantId, baseUrlId, key))!, { meetingId: 'old-meeting', externalId: 'vv1-old', organizerJoinUrl: 'https://m/o', attendeeJoinUrl: 'https://m/a' });
    expect(legacy?.meetingId).toBe('old-meeting');
    expect((await findOrCreateVisit(deps, launchRequest(a))).meetingId).toBe('old-meeting');
    expect((await findOrCreateVisit(deps, joinRequest(a))).meetingId).toBe('old-meeting');
  });

  it('a conference visit keeps its key even when the names lead elsewhere, and lends only free names', async () => {
    const [taken, free] = [appointment(), appointment()];
    const own = await findOrCreateVisit(deps, launchRequest(taken));
    const conference = `GRP-${randomUUID().slice(0, 6)}`;
    const group = (a: ReturnType<typeof appointment>): VisitRequest => ({ tenantId, baseUrlId, key: { kind: 'conference', conferenceId: conference }, names: launchVisitNames({ id: a.fhirId, identifiers: [a.csn] }) });
    const [g1, g2] = await Promise.all([findOrCreateVisit(deps, group(taken)), findOrCreateVisit(deps, group(free))]);
    expect(g1.visitKey).toBe(`conf:${conference}`);
    expect(g2.meetingId).toBe(g1.meetingId);
    expect(g1.meetingId).not.toBe(own.meetingId);
    expect((await findOrCreateVisit(deps, joinRequest(taken))).meetingId).toBe(own.meetingId);
    expect((await findOrCreateVisit(deps, joinRequest(free))).meetingId).toBe(g1.meetingId);
  });

  it('names are per tenant and base URL: the same CSN elsewhere is another visit', async () => {
    const a = appointment();
    const here = await findOrCreateVisit(deps, launchRequest(a));
    const otherBase = await findOrCreateVisit(deps, { ...joinRequest(a), baseUrlId: 'b2' });
    const otherTenant = await findOrCreateVisit(deps, { ...joinRequest(a), tenantId: randomUUID() });
    expect(new Set([here.meetingId, otherBase.meetingId, otherTenant.meetingId]).size).toBe(3);
  });
});
