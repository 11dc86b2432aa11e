import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { GraphMeetings } from '../../../shared/adapters/graph/graph-meetings';
import { LaunchStateTable } from '../../../shared/adapters/tables/launch-state-table';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { VisitTable } from '../../../shared/adapters/tables/visit-table';
import { LocalVisitRooms } from '../../../shared/adapters/localmeetings/local-visit-rooms';
import { meetingExternalId } from '../../../shared/domain/launch/external-id';

const connection = (): string => process.env.TEST_STORAGE_CONNECTION!;
const uniqueTable = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describe('launch state table (Azurite)', () => {
  it('hands a state out exactly once, even to concurrent callbacks', async () => {
    const table = uniqueTable('ls');
    await ensureTable(connection(), table);
    const store = new LaunchStateTable(connection(), table);
    const state = randomBytes(32).toString('base64url');
    await store.save({ state, role: 'patient', tenantId: 't', baseUrlId: 'b', iss: 'https://ehr/R4', codeVerifier: 'v', redirectUri: 'https://c/cb', context: { sessionId: '1505' }, createdAt: 'x', expiresAt: 'y' });
    const results = await Promise.all(Array.from({ length: 8 }, () => store.take(state)));
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ state, role: 'patient', context: { sessionId: '1505' } });
    expect(await store.take(state)).toBeUndefined();
    expect(await store.take('not a state')).toBeUndefined();
  });
});

describe('visits table + local visit rooms (Azurite)', () => {
  it('makes one room for concurrent creations, records it once on the claimed visit, and counts launches with ETags', async () => {
    const [vt, rt] = [uniqueTable('vi'), uniqueTable('vr')];
    await Promise.all([ensureTable(connection(), vt), ensureTable(connection(), rt)]);
    const visits = new VisitTable(connection(), vt);
    const rooms = new LocalVisitRooms(connection(), 'http://127.0.0.1:1', () => new Date(), rt);
    const externalId = meetingExternalId('t', 'b', { kind: 'appointment', appointmentId: 'a/1?#' });
    const meetings = await Promise.all(Array.from({ length: 6 }, () => rooms.createOrGet({ externalId, subject: 'Virtual visit' })));
    expect(new Set(meetings.map((m) => m.organizerJoinUrl)).size).toBe(1);
    const claims = await Promise.all(Array.from({ length: 4 }, () => visits.claim({ tenantId: 't', baseUrlId: 'b', visitKey: 'appt:a/1?#', names: ['fhir:a/1?#', 'id:1|2'], createdAt: new Date().toISOString() })));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const claimed = (await visits.find('t', 'b', 'appt:a/1?#'))!;
    expect(claimed.visit).toBeUndefined();
    expect(await visits.get('t', 'b', 'appt:a/1?#')).toBeUndefined();
    const m = meetings[0]!;
    const recorded = await Promise.all([0, 1, 2].map(() => visits.recordMeeting(claimed, { meetingId: m.meetingId, externalId, organizerJoinUrl: m.organizerJoinUrl, attendeeJoinUrl: m.attendeeJoinUrl })));
    expect(recorded.filter((v) => v !== undefined)).toHaveLength(1);
    expect(await visits.findNames('t', 'b', ['id:1|2', 'fhir:a/1?#', 'id:unknown'])).toEqual(new Map([['id:1|2', 'appt:a/1?#'], ['fhir:a/1?#', 'appt:a/1?#']]));
    await Promise.all(['provider', 'patient', 'provider', 'patient', 'patient'].map((role) => visits.recordLaunch('t', 'b', 'appt:a/1?#', role as 'provider' | 'patient', new Date())));
    expect(await visits.get('t', 'b', 'appt:a/1?#')).toMatchObject({ providerLaunches: 2, patientLaunches: 3, meetingId: m.meetingId });
  });

  it('claims a visit key and its names all or nothing, and never moves a name', async () => {
    const vt = uniqueTable('vi');
    await ensureTable(connection(), vt);
    const visits = new VisitTable(connection(), vt);
    const at = new Date().toISOString();
    expect(await visits.claim({ tenantId: 't', baseUrlId: 'b', visitKey: 'appt:one', names: ['id:shared', 'id:first'], createdAt: at })).toBe(true);
    expect(await visits.claim({ tenantId: 't', baseUrlId: 'b', visitKey: 'appt:two', names: ['id:second', 'id:shared'], createdAt: at })).toBe(false);
    expect(await visits.find('t', 'b', 'appt:two')).toBeUndefined();
    expect(await visits.findNames('t', 'b', ['id:second', 'id:shared'])).toEqual(new Map([['id:shared', 'appt:one']]));
    await visits.addNames('t', 'b', 'appt:two', ['id:shared', 'id:second'], at);
    expect(await visits.findNames('t', 'b', ['id:second', 'id:shared'])).toEqual(new Map([['id:second', 'appt:two'], ['id:shared', 'appt:one']]));
    // Same names under another base URL or tenant are other names.
    expect(await visits.findNames('t', 'b2', ['id:shared'])).toEqual(new Map());
    expect(await visits.findNames('t2', 'b', ['id:shared'])).toEqual(new Map());
  });
});

describe('Graph online meetings against a loopback Graph stub', () => {
  it('calls createOrGet with the external id and a PHI-free subject, then turns the lobby on for outsiders once', async () => {
    const requests: { method: string; url: string; auth: string | undefined; body: Record<string, unknown> }[] = [];
    const meetings = new Map<string, { id: string; lobby: unknown }>();
    const server = createServer(async (req: IncomingMessage, res) => {
      let text = '';
      for await (const chunk of req) text += String(chunk);
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      requests.push({ method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, body });
      const create = /^\/v1\.0\/users\/([^/]+)\/onlineMeetings\/createOrGet$/.exec(req.url ?? '');
      if (req.method === 'POST' && create) {
        const key = String(body.externalId);
        const existing = meetings.get(key);
        const meeting = existing ?? { id: `MSo${meetings.size + 1}`, lobby: { scope: 'organization', isDialInBypassEnabled: true } };
        meetings.set(key, meeting);
        res.writeHead(existing ? 200 : 201, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ id: meeting.id, joinWebUrl: `https://teams.example/l/meetup-join/${meeting.id}`, externalId: key, lobbyBypassSettings: meeting.lobby }));
      }
      const patch = /^\/v1\.0\/users\/[^/]+\/onlineMeetings\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'PATCH' && patch) {
        const meeting = [...meetings.values()].find((m) => m.id === patch[1]);
        if (meeting) meeting.lobby = body.lobbyBypassSettings;
        res.writeHead(meeting ? 200 : 404, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ id: patch[1], joinWebUrl: 'https://teams.example/x', lobbyBypassSettings: body.lobbyBypassSettings }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: 'graph-token', expiresOnTimestamp: Date.now() + 3600_000 }) };
    const graph = new GraphMeetings({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`, organizerUserId: 'organiser-1', credential, timeoutMs: 2000 });
    try {
      const externalId = meetingExternalId('t', 'b', { kind: 'appointment', appointmentId: 'a1' });
      const first = await graph.createOrGet({ externalId, subject: 'Virtual visit', startsAt: new Date('2026-03-01T09:00:00Z'), endsAt: new Date('2026-03-01T09:30:00Z') });
      const again = await graph.createOrGet({ externalId, subject: 'Virtual visit' });
      expect(again).toEqual(first);
      expect(first).toEqual({ meetingId: 'MSo1', organizerJoinUrl: 'https://teams.example/l/meetup-join/MSo1', attendeeJoinUrl: 'https://teams.example/l/meetup-join/MSo1' });
      expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /v1.0/users/organiser-1/onlineMeetings/createOrGet',
        'PATCH /v1.0/users/organiser-1/onlineMeetings/MSo1',
        'POST /v1.0/users/organiser-1/onlineMeetings/createOrGet',
      ]);
      expect(requests[0]!.auth).toBe('Bearer graph-token');
      expect(requests[0]!.body).toEqual({ externalId, subject: 'Virtual visit', startDateTime: '2026-03-01T09:00:00.000Z', endDateTime: '2026-03-01T09:30:00.000Z' });
      expect(requests[1]!.body).toEqual({ lobbyBypassSettings: { scope: 'organizationExcludingGuests', isDialInBypassEnabled: false } });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names a failing Graph MEETING_UNAVAILABLE', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 1000 }) };
    const graph = new GraphMeetings({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`, organizerUserId: 'o', credential, timeoutMs: 2000 });
    try {
      await expect(graph.createOrGet({ externalId: 'vv1-x', subject: 'Virtual visit' })).rejects.toMatchObject({ reason: 'MEETING_UNAVAILABLE' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
