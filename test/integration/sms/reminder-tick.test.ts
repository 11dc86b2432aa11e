import { randomUUID } from 'node:crypto';
import { dueEntry } from '../../../shared/domain/appointment/due-entry';
import type { SmsRequest } from '../../../shared/domain/sms-request';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { DueIndexTable } from '../../../shared/adapters/tables/due-index-table';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { silentLogger } from '../../../shared/observability/logger';
import { runReminderTick } from '../../../shared/usecases/sms/run-reminder-tick';
import { sendSms } from '../../../shared/usecases/sms/send-sms';
import { AcsSmsStub } from '../../support/acs-sms-stub';
import { RecordingQueue, smsFixture } from './sms-fixture';

/** The reminder tick on the real due index table (Azurite): claims, catch-up, and two hosts racing. */
describe('reminder tick', () => {
  const stub = new AcsSmsStub();
  beforeAll(() => stub.start());
  afterAll(() => stub.stop());

  async function inFlight<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array<R>(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i]!);
      }
    }));
    return out;
  }

  async function dueTable() {
    const connection = process.env.TEST_STORAGE_CONNECTION!;
    const table = `due${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await ensureTable(connection, table);
    return new DueIndexTable({ US: connection, EU: connection, APAC: connection }, table);
  }

  it('two ticks racing over 1,000 due reminders enqueue each once, and exactly 1,000 texts go out', async () => {
    // Slow on a shared machine (about 3,000 table operations); a correctness test, not a timing one.
    const f = await smsFixture(stub);
    const due = await dueTable();
    const now = new Date(f.start.getTime() - 60 * 60_000);
    const appointments = Array.from({ length: 1000 }, (_, i) => f.appointment({ appointmentId: `race-${i}` }));
    await Promise.all(appointments.map((a) => f.appointmentStore.create('US', a)));
    const entries = appointments.map((a) => dueEntry({ tenantId: f.tenantId, baseUrlId: a.baseUrlId, appointmentId: a.appointmentId, appointmentStart: a.startsAt!, action: { kind: 'reminder', minutesBefore: 60 }, dueAt: now }));
    await due.put('US', entries);
    // A purge entry in the same minute is not the tick's business.
    await due.put('US', [dueEntry({ tenantId: f.tenantId, baseUrlId: 'bu1', appointmentId: 'race-0', appointmentStart: f.start.toISOString(), action: { kind: 'purge' }, dueAt: now })]);

    const queue = new RecordingQueue();
    const clock = new FixedClock(now);
    const tick = () => runReminderTick({ clock, dueIndex: due, workQueue: queue, tickGeographies: ['US'] }, silentLogger);
    const [a, b] = await Promise.all([tick(), tick()]);

    expect(a.enqueued + b.enqueued).toBe(1000);
    expect(queue.sent).toHaveLength(1000);
    const ids = new Set(queue.sent.map((s) => (s.message as SmsRequest).requestId));
    expect(ids.size).toBe(1000);
    expect(await due.listDue('US', now, { action: 'reminder' })).toEqual([]);
    expect(await due.listDue('US', now, { action: 'purge' })).toHaveLength(1);

    // Deliver every queued message, and every tenth one a second time (queues deliver at least
    // once), 32 at a time; a deferred message comes back later as a re-queue would. Pacing is
    // tested on its own (one hot row per sending number is fine at real SMS rates, not at 1,000 at once).
    const deps = { ...f.deps, pacing: { take: async () => ({ ok: true as const }) } };
    f.clock.set(now);
    const before = stub.sent.length;
    const requests = queue.sent.map((s) => s.message as SmsRequest);
    let pending = [...requests, ...requests.filter((_, i) => i % 10 === 0)];
    let sent = 0;
    while (pending.length > 0) {
      const results = await inFlight(pending, 32, (r) => sendSms(deps, r, silentLogger));
      sent += results.filter((r) => r.outcome === 'sent').length;
      pending = pending.filter((_, i) => results[i]!.outcome === 'deferred');
      f.clock.advance(1000);
    }
    expect(sent).toBe(1000);
    expect(stub.sent.length - before).toBe(1000);
  }, 180_000);

  it('after downtime reads the missed buckets; the send rules then send what is still useful and skip the rest', async () => {
    const f = await smsFixture(stub);
    const due = await dueTable();
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const start = new Date(appt.startsAt!);
    await due.put('US', [
      dueEntry({ tenantId: f.tenantId, baseUrlId: 'bu1', appointmentId: appt.appointmentId, appointmentStart: appt.startsAt!, action: { kind: 'reminder', minutesBefore: 1440 }, dueAt: new Date(start.getTime() - 1440 * 60_000) }),
      dueEntry({ tenantId: f.tenantId, baseUrlId: 'bu1', appointmentId: appt.appointmentId, appointmentStart: appt.startsAt!, action: { kind: 'reminder', minutesBefore: 60 }, dueAt: new Date(start.getTime() - 60 * 60_000) }),
    ]);
    // The host was down from 25 h before the visit until 40 minutes before it.
    const back = new Date(start.getTime() - 40 * 60_000);
    const queue = new RecordingQueue();
    const result = await runReminderTick({ clock: new FixedClock(back), dueIndex: due, workQueue: queue, tickGeographies: ['US'] }, silentLogger);
    expect(result).toMatchObject({ claimed: 2, enqueued: 2 });

    f.clock.set(back);
    const outcomes = await Promise.all(queue.sent.map((s) => sendSms(f.deps, s.message as SmsRequest, silentLogger)));
    const byOffset = Object.fromEntries(queue.sent.map((s, i) => [(s.message as SmsRequest).minutesBefore, outcomes[i]]));
    expect(byOffset[1440]).toMatchObject({ outcome: 'skipped', reason: 'REMINDER_TOO_LATE' });
    expect(byOffset[60]).toMatchObject({ outcome: 'sent' });
  });

  it('leaves entries not yet due alone', async () => {
    const due = await dueTable();
    const now = new Date('2026-04-01T10:00:00Z');
    await due.put('US', [dueEntry({ tenantId: 't', baseUrlId: 'b', appointmentId: 'later', appointmentStart: '2026-04-01T12:00:00.000Z', action: { kind: 'reminder', minutesBefore: 60 }, dueAt: new Date(now.getTime() + 60_000) })]);
    const queue = new RecordingQueue();
    expect(await runReminderTick({ clock: new FixedClock(now), dueIndex: due, workQueue: queue, tickGeographies: ['US'] }, silentLogger)).toEqual({ listed: 0, claimed: 0, enqueued: 0, lostClaims: 0 });
    expect(queue.sent).toEqual([]);
  });
});
