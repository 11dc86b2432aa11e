import { generateKeyPairSync } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deps } from '../../../functions/_lib/app-context';
import { runPurgeTick } from '../../../shared/usecases/feed/run-purge-tick';
import { DeadLetterTable } from '../../../shared/adapters/tables/dead-letter-table';
import { silentLogger } from '../../../shared/observability/logger';
import { tableClient, tableServiceClient } from '../../../shared/adapters/tables/table-client';
import { siu } from '../../support/feed/siu-builder';
import { feedToken, seedFeedTenant, type FeedTenant } from '../../support/feed/feed-tenant';
import { waitFor } from '../../support/wait';
import { acks, ADMIN_TOKEN, startFeedWorld, type FeedWorld } from './feed-harness';
import { main as hl7Send } from '../../../dev/hl7-send';
import { sandboxKeys } from '../../../dev/sandbox-ehr/keys';
import { certificateOf } from '../../../dev/seed/development-tenant';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';

const FIXTURES = path.join(__dirname, '../../fixtures/hl7/siu');
const STATUS: Record<string, string> = { S12: 'booked', S13: 'booked', S14: 'booked', S15: 'cancelled', S16: 'discontinued', S17: 'deleted', S26: 'noshow' };

let world: FeedWorld;
beforeAll(async () => {
  world = await startFeedWorld();
});
afterAll(() => world?.stop());

const tenant = (options: Parameters<typeof seedFeedTenant>[1] = {}) => seedFeedTenant(world.host.settings.storage.connection, { now: world.clock.now(), ...options });
const queued = () => world.sent.filter((s) => s.queue === 'hl7-process').length;

describe('scheduling feed over HTTP: the real-world samples', () => {
  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.hl7')))('%s gives the right ACK and stored state', async (file) => {
    const t = await tenant();
    const raw = readFileSync(path.join(FIXTURES, file), 'utf8');
    const before = queued();
    const res = await world.post(t, raw);
    expect(res.status).toBe(200);
    const [ack] = acks(res.text);
    const event = /\|SIU\^(S\d\d)\^/.exec(raw)?.[1];
    if (!event) {
      expect(ack).toEqual({ code: 'AR', controlId: 'MSG00001', error: '200' });
      expect(queued()).toBe(before);
      return;
    }
    expect(ack).toEqual({ code: 'AA', controlId: /\|(MSG\d+)\|P\|/.exec(raw)?.[1] });
    const stored = (await world.waitApplied(t, '36996', ack!.controlId)).appointment;
    expect(stored).toMatchObject({ tenantId: t.tenantId, baseUrlId: t.baseUrlId, appointmentId: '36996', status: STATUS[event], lastApplied: { event } });
    expect(stored.mobile).toBeUndefined();
    expect(stored.plannedDue).toEqual([]);
  });
});

describe('scheduling feed over HTTP: our own messages', () => {
  let t: FeedTenant;
  beforeAll(async () => {
    t = await tenant();
  });

  it('acknowledges a batch in MLLP framing with mixed line endings, one ACK per message', async () => {
    const messages = [
      siu({ controlId: 'B1', fillerId: 'BATCH1', tq1Start: '203001151430' }),
      siu({ controlId: 'B2', fillerId: '', placerId: '', tq1Start: '203001151430' }),
      siu({ controlId: 'B3', messageType: 'ADT', event: 'A04' }),
    ];
    const body = `\u000bFHS|^~\\&|EPIC\r\nBHS|^~\\&|EPIC\n${messages.map((m) => m.replace(/\r/g, '\r\n')).join('\n')}\rBTS|3\nFTS|1\u001c\r`;
    const res = await world.post(t, body);
    expect(res.text.split('\r')[0]).toMatch(/^FHS\|/);
    expect(acks(res.text)).toEqual([{ code: 'AA', controlId: 'B1' }, { code: 'AE', controlId: 'B2', error: '101' }, { code: 'AR', controlId: 'B3', error: '200' }]);
    await world.waitApplied(t, 'BATCH1', 'B1');
  });

  it('applies in order exactly once: duplicate, older update and cancel-then-late-modify change nothing', async () => {
    const id = 'ORDER1';
    const post = async (p: Parameters<typeof siu>[0]) => acks((await world.post(t, siu({ fillerId: id, ...p }))).text)[0]?.code;
    expect(await post({ controlId: 'O1', messageTime: '20300105080000-0600', tq1Start: '203001201000-0600' })).toBe('AA');
    await world.waitApplied(t, id, 'O1');
    expect(await post({ controlId: 'O3', event: 'S13', messageTime: '20300105090000-0600', tq1Start: '203001211000-0600' })).toBe('AA');
    await world.waitApplied(t, id, 'O3');
    expect(await post({ controlId: 'O1', messageTime: '20300105080000-0600', tq1Start: '203001201000-0600' })).toBe('AA');
    expect(await post({ controlId: 'O2', event: 'S14', messageTime: '20300105083000-0600', tq1Start: '203001251000-0600' })).toBe('AA');
    await world.waitApplied(t, id, 'O2');
    let stored = (await world.appointments.read('US', { baseUrlId: t.baseUrlId, appointmentId: id }))!.appointment;
    expect(stored).toMatchObject({ status: 'booked', startsAt: '2030-01-21T16:00:00.000Z', lastApplied: { controlId: 'O3' }, staleCount: 1, lastStaleControlId: 'O2' });
    expect(stored.recentControlIds).toEqual(['O1', 'O3', 'O2']);

    expect(await post({ controlId: 'O5', event: 'S15', messageTime: '20300105110000-0600' })).toBe('AA');
    await world.waitApplied(t, id, 'O5');
    expect(await post({ controlId: 'O4', event: 'S14', messageTime: '20300105100000-0600', tq1Start: '203001301000-0600' })).toBe('AA');
    await world.waitApplied(t, id, 'O4');
    stored = (await world.appointments.read('US', { baseUrlId: t.baseUrlId, appointmentId: id }))!.appointment;
    expect(stored).toMatchObject({ status: 'cancelled', startsAt: '2030-01-21T16:00:00.000Z', staleCount: 2 });
    expect(stored.mobile).toBeUndefined();
  });

  it('no-show (S26) removes the mobile at once', async () => {
    await world.post(t, siu({ fillerId: 'NOSHOW1', controlId: 'N1', messageTime: '20300105080000-0600', tq1Start: '203001201000-0600' }));
    expect((await world.waitApplied(t, 'NOSHOW1', 'N1')).appointment.mobile).toBe('+16085550142');
    await world.post(t, siu({ fillerId: 'NOSHOW1', controlId: 'N2', event: 'S26', messageTime: '20300120110000-0600' }));
    const stored = (await world.waitApplied(t, 'NOSHOW1', 'N2')).appointment;
    expect(stored.status).toBe('noshow');
    expect(stored.mobile).toBeUndefined();
  });

  it('answers 413 for a body over the limit and 400 for a body that is not HL7, queueing nothing', async () => {
    const before = queued();
    const big = siu({ tq1Start: '203001151430' }) + `\rNTE|1||${'x'.repeat(1024 * 1024)}`;
    expect((await world.post(t, big)).status).toBe(413);
    const notHl7 = await world.post(t, '{"hello":"world"}');
    expect(notHl7.status).toBe(400);
    expect(JSON.parse(notHl7.text)).toMatchObject({ reason: 'HL7_NOT_ER7' });
    expect(queued()).toBe(before);
  });
});

describe('scheduling feed signature', () => {
  let t: FeedTenant;
  let audience: string;
  const body = siu({ controlId: 'SIG1', fillerId: 'SIG', tq1Start: '203001151430' });
  beforeAll(async () => {
    t = await tenant();
    audience = `${world.host.url}/api/hl7`;
  });
  const iat = () => Math.floor(world.clock.ms / 1000);
  const expectDenied = async (token: string | undefined, reason: string, payload = body) => {
    const before = queued();
    const res = await world.host.fetch('/api/hl7', { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, body: payload });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthorized', reason });
    expect(queued()).toBe(before);
  };

  it('refuses an unsigned request', () => expectDenied(undefined, 'HL7_TOKEN_MISSING'));

  it('refuses a token signed with another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expectDenied(await feedToken({ audience, issuer: t.senderId, privateKey: other, body, iat: iat() }), 'HL7_TOKEN_INVALID');
  });

  it('refuses an expired token and one that lives longer than five minutes', async () => {
    await expectDenied(await feedToken({ audience, issuer: t.senderId, privateKey: t.privateKey, body, iat: iat() - 600, exp: iat() - 300 }), 'HL7_TOKEN_INVALID');
    await expectDenied(await feedToken({ audience, issuer: t.senderId, privateKey: t.privateKey, body, iat: iat(), exp: iat() + 3600 }), 'HL7_TOKEN_TOO_LONG');
  });

  it('refuses another audience, an unknown issuer and a changed body', async () => {
    await expectDenied(await feedToken({ audience: 'https://elsewhere.example/api/hl7', issuer: t.senderId, privateKey: t.privateKey, body, iat: iat() }), 'HL7_TOKEN_INVALID');
    await expectDenied(await feedToken({ audience, issuer: 'NOBODY', privateKey: t.privateKey, body, iat: iat() }), 'HL7_SENDER_UNKNOWN');
    const signed = await feedToken({ audience, issuer: t.senderId, privateKey: t.privateKey, body, iat: iat() });
    await expectDenied(signed, 'HL7_BODY_MISMATCH', body.replace('203001151430', '203001161430'));
  });

  it('accepts a token once and refuses its replay', async () => {
    const token = await feedToken({ audience, issuer: t.senderId, privateKey: t.privateKey, body, iat: iat() });
    const first = await world.host.fetch('/api/hl7', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
    expect(acks(await first.text())[0]?.code).toBe('AA');
    await expectDenied(token, 'HL7_TOKEN_REPLAYED');
  });
});

describe('scheduling feed: the sender must be approved and its certificate current', () => {
  const body = siu({ controlId: 'GATE1', fillerId: 'GATE', tq1Start: '203001151430' });
  const store = () => TableConfigStore.fromConnection(world.host.settings.storage.connection);
  const expectRefused = async (t: FeedTenant, reason: string, message: string) => {
    const before = queued();
    const res = await world.post(t, body);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'unauthorized', reason, detail: message });
    expect(queued()).toBe(before);
    expect(await world.appointments.read('US', { baseUrlId: t.baseUrlId, appointmentId: 'GATE' })).toBeUndefined();
  };

  /** A tenant whose uploaded certificate (and signing key) is the given one. */
  async function tenantWithCertificate(keys: ReturnType<typeof sandboxKeys>): Promise<FeedTenant> {
    const t = await tenant();
    const current = await store().getCertificate(t.tenantId, 'test');
    await store().saveCertificate(certificateOf(t.tenantId, 'test', keys.hl7.certificatePem, world.clock.now()), current?.etag);
    return { ...t, privateKey: keys.hl7.privateKey };
  }

  it('refuses a correctly signed message from a base URL that is not (or no longer) approved, queueing nothing', async () => {
    const t = await tenant();
    const current = await store().getBaseUrl(t.tenantId, t.baseUrlId);
    await store().updateBaseUrl({ ...current!.value, approval: { state: 'pending_approval', since: world.clock.now().toISOString(), reason: 'url changed' } }, current!.etag);
    await expectRefused(t, 'BASE_URL_NOT_APPROVED', 'The base URL of this HL7 sender id is not approved yet.');
  });

  it('refuses a message signed with the key of an expired certificate, queueing nothing', async () => {
    const expired = sandboxKeys(new Date(world.clock.ms - 3 * 365 * 24 * 3600_000));
    const t = await tenantWithCertificate(expired);
    await expectRefused(t, 'HL7_CERTIFICATE_EXPIRED', 'The uploaded certificate has expired; upload the current one.');
  });

  it('refuses a message signed with the key of a certificate that is not valid yet, queueing nothing', async () => {
    const future = sandboxKeys(new Date(world.clock.ms + 3 * 24 * 3600_000));
    const t = await tenantWithCertificate(future);
    await expectRefused(t, 'HL7_CERTIFICATE_NOT_YET_VALID', 'The uploaded certificate is not valid yet.');
  });

  it('accepts the same kind of message from an approved sender with a current certificate (the refusals above are the checks, not the set-up)', async () => {
    const t = await tenantWithCertificate(sandboxKeys(world.clock.now()));
    const res = await world.post(t, body);
    expect(acks(res.text)[0]).toEqual({ code: 'AA', controlId: 'GATE1' });
    await world.waitApplied(t, 'GATE', 'GATE1');
  });
});

describe('phone numbers are kept only until the visit starts', () => {
  it('after the purge runs past the start, no table holds the number and no log line ever did', async () => {
    const t = await tenant();
    const start = new Date(Math.floor((world.clock.ms + 2 * 3600_000) / 60_000) * 60_000);
    const hl7Start = start.toISOString().replace(/[-:T]/g, '').slice(0, 12) + '+0000';
    const res = await world.post(t, siu({ fillerId: 'PURGE1', controlId: 'P1', messageTime: '20200101000000+0000', tq1Start: hl7Start, pid13: '^PRN^CP^^1^608^5550188' }));
    expect(acks(res.text)[0]?.code).toBe('AA');
    expect((await world.waitApplied(t, 'PURGE1', 'P1')).appointment.mobile).toBe('+16085550188');

    // A dead letter of the same visit holds the number too, until the purge.
    const letters = new DeadLetterTable(world.host.settings.storage.geographies);
    const message = { event: 'S14' as const, controlId: 'P0', messageTime: '2020-01-01T00:00:00.000Z', appointmentId: 'PURGE1', startsAt: start.toISOString(), mobile: '+16085550188' };
    await letters.put('US', { id: 'f'.repeat(32), tenantId: t.tenantId, item: { tenantId: t.tenantId, baseUrlId: t.baseUrlId, geography: 'US', receivedAt: message.messageTime, message }, reason: 'test', attempts: 5, failedAt: message.messageTime });

    world.clock.ms = start.getTime() + 60_000;
    const result = await runPurgeTick(deps().feed.purge, silentLogger);
    expect(result.purged).toBeGreaterThanOrEqual(2);
    expect((await letters.get('US', t.tenantId, 'f'.repeat(32)))?.letter.item.message).toEqual({ ...message, mobile: undefined });
    const stored = (await world.appointments.read('US', { baseUrlId: t.baseUrlId, appointmentId: 'PURGE1' }))!.appointment;
    expect(stored).toMatchObject({ status: 'booked', startsAt: start.toISOString() });
    expect(stored.mobile).toBeUndefined();

    const connection = world.host.settings.storage.connection;
    const holders: string[] = [];
    for await (const table of tableServiceClient(connection).listTables()) {
      for await (const entity of tableClient(connection, table.name ?? '').listEntities()) {
        if (/6085550188/.test(JSON.stringify(entity))) holders.push(table.name ?? '');
      }
    }
    expect(holders).toEqual([]);
    // The host printed what every function logged (receive outcomes, processing, purge): none of it holds a number.
    expect(world.host.lines.some((line) => line.includes('scheduling message processed'))).toBe(true);
    expect(world.host.lines.join('\n')).not.toMatch(/555\D{0,2}01(88|42)|\+1608/);
  });
});

describe('dead letters', () => {
  it('keeps a message that keeps failing, lists it (mobile masked) and replays it', async () => {
    const t = await tenant();
    world.failAppointments.on = true;
    const res = await world.post(t, siu({ fillerId: 'DEAD1', controlId: 'D1', tq1Start: '203001151430' }));
    expect(acks(res.text)[0]?.code).toBe('AA');
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}.${t.tenantId}.test` };
    const listed = await waitFor(async () => {
      const r = await world.host.fetch(`/api/tenants/${t.tenantId}/hl7/dead-letters`, { headers: auth });
      const body = (await r.json()) as { deadLetters: { id: string; controlId: string; mobile?: string; reason: string; attempts: number }[] };
      return body.deadLetters.length > 0 ? body.deadLetters : undefined;
    }, 'the dead letter');
    expect(listed).toEqual([expect.objectContaining({ controlId: 'D1', appointmentId: 'DEAD1', mobile: '+1608•••0142', attempts: 2, reason: 'Error: storage answered HTTP 503' })]);
    expect((await world.host.fetch(`/api/tenants/${t.tenantId}/hl7/dead-letters`)).status).toBe(401);

    world.failAppointments.on = false;
    const replay = await world.host.fetch(`/api/tenants/${t.tenantId}/hl7/dead-letters/${listed[0]!.id}/replay`, { method: 'POST', headers: auth });
    expect(replay.status).toBe(202);
    await world.waitApplied(t, 'DEAD1', 'D1');
    const after = (await (await world.host.fetch(`/api/tenants/${t.tenantId}/hl7/dead-letters`, { headers: auth })).json()) as { deadLetters: unknown[] };
    expect(after.deadLetters).toEqual([]);
    expect((await world.host.fetch(`/api/tenants/${t.tenantId}/hl7/dead-letters/${listed[0]!.id}/replay`, { method: 'POST', headers: auth })).status).toBe(404);
  });
});

describe('npm run hl7:send', () => {
  // The tool signs with the wall clock; earlier tests may have moved the connector's clock.
  beforeAll(() => {
    world.clock.ms = Date.now();
  });

  it('signs every file of a folder, posts it and prints the file name and its ACK', async () => {
    const t = await tenant();
    const lines: string[] = [];
    const code = await hl7Send([FIXTURES, '--url', world.host.url], {}, (text) => lines.push(...text.split('\n')), { senderId: t.senderId, privateKey: t.privateKey });
    expect(code).toBe(0);
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.hl7')).sort();
    expect(lines.filter((l) => l.endsWith('.hl7'))).toEqual(files);
    expect(lines.filter((l) => l.startsWith('MSA|AA|'))).toHaveLength(15);
    expect(lines.filter((l) => l.startsWith('MSA|AR|MSG00001'))).toHaveLength(1);
  });

  it('prints the HTTP status and problem when the answer is not an ACK', async () => {
    const lines: string[] = [];
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const code = await hl7Send([path.join(FIXTURES, 'msft-SIU-S12-01.hl7'), '--url', world.host.url], {}, (line) => lines.push(line), { senderId: 'NOBODY', privateKey: other });
    expect(code).toBe(1);
    expect(lines[0]).toBe('msft-SIU-S12-01.hl7');
    expect(lines[1]).toMatch(/^HTTP 401 .*HL7_SENDER_UNKNOWN/);
  });
});
