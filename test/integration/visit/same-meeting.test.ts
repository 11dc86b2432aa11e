import { TableClient } from '@azure/data-tables';
import type { SandboxVisit } from '../../../dev/sandbox-ehr';
import { sandboxFillerId } from '../../../dev/sandbox-ehr';
import { contextForVisit } from '../../../dev/sandbox-ehr/world';
import { TABLES } from '../../../shared/adapters/tables/table-names';
import { followLaunch, partitionRows, visitNames, visitRows } from '../launch/launch-harness';
import { EVENTS_SECRET, ORGANISATION, startVisitWorld, type VisitWorld } from './visit-world';

/**
 * The product's core promise, end to end on the local host + sandbox EHR + Azurite: the patient
 * who follows the texted join link and the clinician who clicks "Start virtual visit" land in the
 * same meeting, whichever comes first, and at once. The sandbox's HL7 says SCH-1 = CSN and
 * SCH-2 = its own filler id (the feed's key), its launches say sessionId = CSN, and its FHIR
 * Appointment id is neither: only the names each side records bring them together.
 */
describe('the texted join link and the EHR launch land in one meeting', () => {
  let world: VisitWorld;

  beforeAll(async () => {
    world = await startVisitWorld();
  });
  afterAll(async () => {
    await world?.stop();
  });

  const launchUrl = (visit: SandboxVisit, role: 'provider' | 'patient', without?: 'sessionId'): string => {
    const { url } = world.ehr.createLaunch({ appointmentId: visit.appointmentId, role });
    if (!url) throw new Error('sandbox has no launch URL for the connector');
    const u = new URL(url);
    if (without) u.searchParams.delete(without);
    return u.toString();
  };
  const meetingOf = (url: string | null | undefined): string => {
    const id = /\/api\/visits\/([^/?]+)\//.exec(url ?? '')?.[1];
    if (!id) throw new Error(`not a visit URL: ${String(url)}`);
    return id;
  };
  const openJoinLink = async (link: string): Promise<string> => {
    const response = await fetch(link, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return response.headers.get('location')!;
  };
  const visitsWithMeeting = async () => (await visitRows(world.connection, world.tenantId)).filter((r) => typeof r.meetingId === 'string');

  it('HL7 first: S12 -> text -> join link -> lobby of M; the clinician launching by CSN is organiser of M and admits the patient', async () => {
    const visit = world.ehr.visits[0]!;
    const mobile = '+16085550101';
    expect(await world.sendSiu(visit, { controlId: `A-${visit.csn}`, mobile })).toMatch(/MSA\|AA\|/);
    const link = await world.joinLinkTextedTo(mobile);
    expect(link).not.toContain(visit.csn);

    const lobby = await openJoinLink(link);
    expect(lobby).toMatch(/\/lobby$/);
    const joined = await fetch(new URL('participants', lobby), { method: 'POST' });
    expect(joined.status).toBe(201);
    const patient = (await joined.json()) as { participantId: string; state: string };
    expect(patient.state).toBe('waiting');

    const provider = await followLaunch(launchUrl(visit, 'provider'));
    expect(provider.status).toBe(302);
    expect(provider.location).toMatch(/\/host\?key=/);
    expect(meetingOf(provider.location)).toBe(meetingOf(lobby));

    // The organiser sees the patient who came by text waiting, and admits them.
    const key = new URL(provider.location!).searchParams.get('key')!;
    const base = provider.location!.replace(/\/host\?.*$/, '');
    const waiting = (await (await fetch(`${base}/participants`, { headers: { 'X-Visit-Host-Key': key } })).json()) as { participantId: string; state: string }[];
    expect(waiting).toEqual([expect.objectContaining({ participantId: patient.participantId, state: 'waiting' })]);
    expect((await fetch(`${base}/participants/${patient.participantId}/admit`, { method: 'POST', headers: { 'X-Visit-Host-Key': key } })).status).toBe(200);
    expect(((await (await fetch(`${base}/participants/${patient.participantId}`)).json()) as { state: string }).state).toBe('admitted');

    // MyChart's "Virtual visit" (no sessionId: the token names the appointment) lands there too.
    const myChart = await followLaunch(launchUrl(visit, 'patient', 'sessionId'));
    expect(meetingOf(myChart.location)).toBe(meetingOf(lobby));

    // One visit, keyed by the feed's id (the join link made it); every name leads to it.
    const visitKey = `appt:${sandboxFillerId(visit)}`;
    expect((await visitsWithMeeting()).filter((r) => r.visitKey === visitKey)).toEqual([expect.objectContaining({ providerLaunches: 1, patientLaunches: 1 })]);
    const names = await visitNames(world.connection, world.tenantId);
    for (const name of [`id:${sandboxFillerId(visit)}`, `id:${visit.csn}`, `fhir:${visit.appointmentId}`]) expect(names.get(name)).toBe(visitKey);
  });

  it('launch first: the clinician launches (sessionId = CSN) -> M; then S12 -> text -> join link -> lobby of M', async () => {
    const visit = world.ehr.visits[1]!;
    const mobile = '+16085550102';
    const provider = await followLaunch(launchUrl(visit, 'provider'));
    expect(provider.status).toBe(302);
    const meeting = meetingOf(provider.location);

    expect(await world.sendSiu(visit, { controlId: `B-${visit.csn}`, mobile })).toMatch(/MSA\|AA\|/);
    const lobby = await openJoinLink(await world.joinLinkTextedTo(mobile));
    expect(lobby).toMatch(/\/lobby$/);
    expect(meetingOf(lobby)).toBe(meeting);
    // The same link again: the same lobby.
    expect(await openJoinLink(await world.joinLinkTextedTo(mobile))).toBe(lobby);

    const visitKey = `appt:${visit.appointmentId}`;
    expect((await visitsWithMeeting()).filter((r) => r.visitKey === visitKey)).toHaveLength(1);
    expect((await visitNames(world.connection, world.tenantId)).get(`id:${sandboxFillerId(visit)}`)).toBe(visitKey);
  });

  it('first uses at once (three link clicks, two clinician launches, one MyChart launch) make exactly one visit and one meeting', async () => {
    const visit = world.ehr.visits[3]!;
    const mobile = '+16085550103';
    expect(await world.sendSiu(visit, { controlId: `C-${visit.csn}`, mobile })).toMatch(/MSA\|AA\|/);
    const link = await world.joinLinkTextedTo(mobile);
    const before = await visitsWithMeeting();
    const roomsBefore = await roomCount();

    const [a, b, c, p1, p2, m] = await Promise.all([
      openJoinLink(link), openJoinLink(link), openJoinLink(link),
      followLaunch(launchUrl(visit, 'provider')), followLaunch(launchUrl(visit, 'provider')), followLaunch(launchUrl(visit, 'patient')),
    ]);
    const meetings = new Set([a, b, c, p1.location, p2.location, m.location].map(meetingOf));
    expect(meetings.size).toBe(1);
    const after = await visitsWithMeeting();
    expect(after).toHaveLength(before.length + 1);
    expect(await roomCount()).toBe(roomsBefore + 1);
    // Nothing is left half made: every visit row has its meeting.
    expect((await visitRows(world.connection, world.tenantId)).every((r) => typeof r.meetingId === 'string')).toBe(true);
  });

  it('group visits still work: a conference launch groups two appointments; a later join link of one of them lands in the group', async () => {
    const [first, second] = [world.ehr.visits[0]!, world.ehr.visits[2]!];
    const conferenceId = `GRP-${Date.now().toString(36)}`;
    // What a group visit's launch record passes: the conference id as sessionId, the appointment in the token.
    const groupLaunch = (visit: SandboxVisit, role: 'provider' | 'patient'): string => world.ehr.createLaunch({ context: { ...contextForVisit(visit, role), sessionId: conferenceId } }).url!;
    const outcomes = [await followLaunch(groupLaunch(second, 'provider')), await followLaunch(groupLaunch(second, 'patient')), await followLaunch(groupLaunch(first, 'patient'))];
    expect(outcomes.map((o) => o.status)).toEqual([302, 302, 302]);
    const group = new Set(outcomes.map((o) => meetingOf(o.location)));
    expect(group.size).toBe(1);
    expect((await visitsWithMeeting()).filter((r) => r.visitKey === `conf:${conferenceId}`)).toEqual([expect.objectContaining({ providerLaunches: 1, patientLaunches: 2 })]);

    // The second appointment had no visit: its names were lent to the group, so its text leads there.
    const mobile = '+16085550104';
    expect(await world.sendSiu(second, { controlId: `G-${second.csn}`, mobile })).toMatch(/MSA\|AA\|/);
    expect(meetingOf(await openJoinLink(await world.joinLinkTextedTo(mobile)))).toBe([...group][0]);
    // The first appointment's names already led to its own visit: they were not moved.
    expect((await visitNames(world.connection, world.tenantId)).get(`id:${first.csn}`)).toBe(`appt:${sandboxFillerId(first)}`);
  });

  it('answers HELP with the organisation of the sending number, and the generic text for a number no organisation holds', async () => {
    const mobile = '+16085550105';
    const help = (to: string, id: string) => ({
      id, topic: '/x', subject: '/phonenumber/x', eventType: 'Microsoft.Communication.SMSReceived', dataVersion: '1.0', metadataVersion: '1', eventTime: new Date().toISOString(),
      data: { MessageId: `Incoming_${id}`, From: mobile.slice(1), To: to.slice(1), Message: 'help', ReceivedTimestamp: new Date().toISOString() },
    });
    const post = (body: unknown) => world.host.fetch(`/api/sms/events?secret=${encodeURIComponent(EVENTS_SECRET)}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const res = await post([help(world.sendingNumber, 'h1')]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ helpReplies: 1 });
    expect((await post([help('+18005550000', 'h2')])).status).toBe(200);
    const texts = await world.textsTo(mobile);
    expect(texts.find((t) => t.from === world.sendingNumber)?.text).toMatch(new RegExp(`^${ORGANISATION}: texts about your video visits`));
    expect(texts.find((t) => t.from === '+18005550000')?.text).toMatch(/^Video visits: /);
  });

  it('keeps no phone number, patient id or token in any log line', async () => {
    const log = world.host.lines.join('\n');
    expect(log).not.toMatch(/60855501\d\d/);
    for (const v of world.ehr.visits) expect(log).not.toContain(v.patientId);
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    // The names rows hold ids only: no times, numbers or people.
    for (const row of (await partitionRows(world.connection, world.tenantId)).filter((r) => 'leadsTo' in r)) {
      expect(Object.keys(row).sort()).toEqual(['baseUrlId', 'createdAt', 'etag', 'leadsTo', 'name', 'partitionKey', 'rowKey', 'timestamp']);
    }
  });

  async function roomCount(): Promise<number> {
    const client = TableClient.fromConnectionString(world.connection, TABLES.visitRooms, { allowInsecureConnection: true });
    let n = 0;
    for await (const row of client.listEntities<Record<string, unknown>>()) if (!String(row.rowKey).startsWith('p:')) n++;
    return n;
  }
});
