import { randomBytes } from 'node:crypto';
import type { Appointment } from '../../../shared/domain/appointment/appointment';
import { dueEntry } from '../../../shared/domain/appointment/due-entry';
import type { Geography } from '../../../shared/domain/appointment/geography';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { DueIndexTable } from '../../../shared/adapters/tables/due-index-table';
import { DeadLetterTable } from '../../../shared/adapters/tables/dead-letter-table';
import { FeedTokenTable } from '../../../shared/adapters/tables/feed-token-table';
import { ensureTable } from '../../../shared/adapters/tables/table-client';

const connection = (): string => {
  const c = process.env.TEST_STORAGE_CONNECTION;
  if (!c) throw new Error('TEST_STORAGE_CONNECTION is not set (jest global setup)');
  return c;
};
const unique = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;
async function table(prefix: string): Promise<{ name: string; geographies: Record<Geography, string> }> {
  const name = unique(prefix);
  await ensureTable(connection(), name);
  return { name, geographies: { US: connection(), EU: connection(), APAC: connection() } };
}

const appointment = (over: Partial<Appointment> = {}): Appointment => ({
  tenantId: 't', baseUrlId: 'base/1', appointmentId: 'CSN#7?x', status: 'booked', startsAt: '2030-01-10T15:00:00.000Z', mobile: '+16085550142',
  lastApplied: { controlId: 'C1', messageTime: '2030-01-05T11:00:00.000Z', event: 'S12' }, recentControlIds: ['C1'], staleCount: 0,
  plannedDue: [dueEntry({ tenantId: 't', baseUrlId: 'base/1', appointmentId: 'CSN#7?x', appointmentStart: '2030-01-10T15:00:00.000Z', dueAt: new Date('2030-01-10T15:00:00Z'), action: { kind: 'purge' } })],
  updatedAt: '2030-01-05T11:00:00.000Z', ...over,
});

describe('AppointmentTable (Azurite)', () => {
  it('round-trips an appointment whose ids hold characters keys refuse', async () => {
    const t = await table('appt');
    const store = new AppointmentTable(t.geographies, t.name);
    await store.create('US', appointment());
    const read = await store.read('US', { baseUrlId: 'base/1', appointmentId: 'CSN#7?x' });
    expect(read?.appointment).toEqual(appointment());
    expect(read?.etag).toMatch(/\S/);
    expect(await store.read('US', { baseUrlId: 'base/1', appointmentId: 'other' })).toBeUndefined();
  });

  it('create refuses an existing appointment; replace needs the current ETag', async () => {
    const t = await table('appt');
    const store = new AppointmentTable(t.geographies, t.name);
    const etag = await store.create('US', appointment());
    await expect(store.create('US', appointment())).rejects.toMatchObject({ code: 'conflict' });
    const next = await store.replace('US', appointment({ status: 'cancelled' }), etag);
    await expect(store.replace('US', appointment({ status: 'deleted' }), etag)).rejects.toMatchObject({ code: 'precondition_failed' });
    await store.replace('US', appointment({ status: 'noshow', mobile: undefined }), next);
    const read = await store.read('US', { baseUrlId: 'base/1', appointmentId: 'CSN#7?x' });
    expect(read?.appointment.status).toBe('noshow');
    expect(read?.appointment.mobile).toBeUndefined();
  });
});

describe('DueIndexTable (Azurite)', () => {
  const entry = (minutes: number, appointmentId = 'A1') =>
    dueEntry({ tenantId: 't', baseUrlId: 'b', appointmentId, appointmentStart: '2030-01-10T15:00:00.000Z', dueAt: new Date(Date.UTC(2030, 0, 10, 15, 0) - minutes * 60_000), action: minutes === 0 ? { kind: 'purge' } : { kind: 'reminder', minutesBefore: minutes } });

  it('lists only what is due, by action, and put is idempotent', async () => {
    const t = await table('due');
    const index = new DueIndexTable(t.geographies, t.name);
    await index.put('US', [entry(1440), entry(60), entry(0)]);
    await index.put('US', [entry(60)]);
    const at = new Date('2030-01-10T14:00:30Z');
    expect((await index.listDue('US', at)).map((l) => l.entry.bucket)).toEqual(['203001091500', '203001101400']);
    expect((await index.listDue('US', at, { action: 'purge' }))).toEqual([]);
    expect((await index.listDue('US', new Date('2030-01-10T15:00:00Z'), { action: 'purge' })).map((l) => l.entry)).toEqual([entry(0)]);
  });

  it('lets one of two workers claim an entry, hides it while claimed, and completes it', async () => {
    const t = await table('due');
    const index = new DueIndexTable(t.geographies, t.name);
    await index.put('US', [entry(60)]);
    const now = new Date('2030-01-10T14:05:00Z');
    const [listed] = await index.listDue('US', now);
    const claims = await Promise.all([index.claim('US', listed!, now, 60), index.claim('US', listed!, now, 60)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await index.listDue('US', now)).toEqual([]);
    expect(await index.listDue('US', new Date(now.getTime() + 61_000))).toHaveLength(1);
    await index.complete('US', claims.find(Boolean)!);
    expect(await index.listDue('US', new Date(now.getTime() + 61_000))).toEqual([]);
  });

  it('removes entries, missing ones included', async () => {
    const t = await table('due');
    const index = new DueIndexTable(t.geographies, t.name);
    await index.put('US', [entry(60), entry(0)]);
    await index.remove('US', [entry(60), entry(1440)]);
    expect((await index.listDue('US', new Date('2030-01-11T00:00:00Z'))).map((l) => l.entry.action.kind)).toEqual(['purge']);
  });
});

describe('DeadLetterTable and FeedTokenTable (Azurite)', () => {
  it('keeps, lists, gets and removes dead letters per tenant, conditionally', async () => {
    const t = await table('dead');
    const letters = new DeadLetterTable(t.geographies, t.name);
    const item = { tenantId: 't1', baseUrlId: 'b', geography: 'US' as const, receivedAt: '2030-01-05T11:00:00.000Z', message: { event: 'S12' as const, controlId: 'C1', messageTime: '2030-01-05T11:00:00.000Z', appointmentId: 'A1' } };
    const letter = { id: 'a'.repeat(32), tenantId: 't1', item, reason: 'Error: storage answered HTTP 503', attempts: 5, failedAt: '2030-01-05T11:01:00.000Z' };
    await letters.put('US', letter);
    expect(await letters.list('US', 't1', 10)).toEqual([letter]);
    expect(await letters.list('US', 't2', 10)).toEqual([]);
    const found = await letters.get('US', 't1', letter.id);
    await expect(letters.remove('US', 't1', letter.id, 'W/"datetime\'2000-01-01T00%3A00%3A00Z\'"')).rejects.toMatchObject({ code: 'precondition_failed' });
    await letters.remove('US', 't1', letter.id, found!.etag);
    await expect(letters.remove('US', 't1', letter.id, found!.etag)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('recognises a replayed token id and forgets expired ones', async () => {
    const name = unique('tok');
    await ensureTable(connection(), name);
    const ids = new FeedTokenTable(connection(), name);
    const exp = new Date('2030-01-05T11:05:00Z');
    expect(await ids.remember('SENDER', 'jti-1', exp)).toBe(true);
    expect(await ids.remember('SENDER', 'jti-1', exp)).toBe(false);
    expect(await ids.remember('OTHER', 'jti-1', exp)).toBe(true);
    expect(await ids.forgetExpired(new Date('2030-01-05T11:30:00Z'))).toBe(0);
    expect(await ids.forgetExpired(new Date('2030-01-05T12:00:00Z'))).toBe(2);
  });
});
