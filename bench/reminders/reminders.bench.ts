/**
 * bench/reminders: one reminder tick with 1,000 and with 100,000 stored appointments (each
 * with its future reminder and purge in the due index) and the same 100 reminders due now.
 * Storage transactions are every HTTP request this process makes to Azurite during the tick
 * (Node's `http.client.request.start` diagnostics channel), split by table and queue service.
 * Run: npx jest --roots bench --testMatch '**\/*.bench.ts' --testTimeout 1800000 bench/reminders
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startAzurite, type AzuriteInstance } from '../../dev/azurite';
import { dueEntry, type DueEntry } from '../../shared/domain/appointment/due-entry';
import type { Appointment } from '../../shared/domain/appointment/appointment';
import { FixedClock } from '../../shared/adapters/system/fixed-clock';
import { AppointmentTable } from '../../shared/adapters/tables/appointment-table';
import { DueIndexTable } from '../../shared/adapters/tables/due-index-table';
import { ensureTable } from '../../shared/adapters/tables/table-client';
import { ensureQueue } from '../../shared/adapters/storagequeue/queue-client';
import { StorageWorkQueue } from '../../shared/adapters/storagequeue/storage-work-queue';
import { QUEUES } from '../../shared/ports/queue-names';
import { silentLogger } from '../../shared/observability/logger';
import { runReminderTick } from '../../shared/usecases/sms/run-reminder-tick';

const SIZES = [1_000, 100_000];
const DUE_NOW = 100;
const ROUNDS = 3;
const NOW = new Date('2026-06-01T13:00:00Z');

async function inFlight<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

function appointment(i: number, startsAt: Date): Appointment {
  return {
    tenantId: 'bench-tenant',
    baseUrlId: `bu${i % 4}`,
    appointmentId: `appt-${i}`,
    status: 'booked',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
    mobile: '+16085550142',
    lastApplied: { controlId: `c${i}`, messageTime: '2026-05-01T00:00:00.000Z', event: 'S12' },
    recentControlIds: [`c${i}`],
    staleCount: 0,
    plannedDue: [],
    updatedAt: '2026-05-01T00:00:00.000Z',
  };
}

function dueFor(a: Appointment, minutesBefore: number): DueEntry[] {
  const start = new Date(a.startsAt!);
  const base = { tenantId: a.tenantId, baseUrlId: a.baseUrlId, appointmentId: a.appointmentId, appointmentStart: a.startsAt! };
  return [
    dueEntry({ ...base, action: { kind: 'reminder', minutesBefore }, dueAt: new Date(start.getTime() - minutesBefore * 60_000) }),
    dueEntry({ ...base, action: { kind: 'purge' }, dueAt: start }),
  ];
}

describe('bench: reminder tick cost does not grow with stored appointments', () => {
  let azurite: AzuriteInstance;
  const results: Record<string, unknown>[] = [];
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
    mkdirSync(path.join(__dirname, '..', 'results'), { recursive: true });
    writeFileSync(path.join(__dirname, '..', 'results', 'reminders.json'), JSON.stringify(results, null, 2));
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  });

  it.each(SIZES)('%d stored appointments, 100 due', async (size) => {
    const connection = azurite.connection;
    const geographies = { US: connection, EU: connection, APAC: connection };
    const names = { appointments: `appts${size}`, due: `due${size}` };
    await Promise.all([ensureTable(connection, names.appointments), ensureTable(connection, names.due), ensureQueue(connection, QUEUES.smsSend)]);
    const store = new AppointmentTable(geographies, names.appointments);
    const due = new DueIndexTable(geographies, names.due);

    // Stored appointments spread over the next 14 days, each with its reminder and purge planned.
    const loadStarted = performance.now();
    const later = Array.from({ length: size - DUE_NOW }, (_, i) => appointment(i, new Date(NOW.getTime() + 2 * 3600_000 + (i % 20_000) * 60_000)));
    await inFlight(later, 32, (a) => store.create('US', a));
    await inFlight(later, 32, (a) => due.put('US', dueFor(a, 60)));
    const loadMs = performance.now() - loadStarted;

    const queue = new StorageWorkQueue(connection);
    const rounds: { ms: number; table: number; queue: number; enqueued: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // The same 100 reminders are due now (re-planned each round: the tick removes what it took).
      const dueNow = Array.from({ length: DUE_NOW }, (_, i) => appointment(size - DUE_NOW + i, new Date(NOW.getTime() + 60 * 60_000)));
      if (round === 0) await inFlight(dueNow, 32, (a) => store.create('US', a));
      await due.put('US', dueNow.flatMap((a) => dueFor(a, 60)));

      const tablePort = String(azurite.ports.table);
      const queuePort = String(azurite.ports.queue);
      const counts = { table: 0, queue: 0 };
      const onRequest = (message: unknown): void => {
        const request = (message as { request: ClientRequest }).request;
        const host = String(request.getHeader('host') ?? '');
        if (host.endsWith(`:${tablePort}`)) counts.table += 1;
        else if (host.endsWith(`:${queuePort}`)) counts.queue += 1;
      };
      subscribe('http.client.request.start', onRequest);
      const started = performance.now();
      const result = await runReminderTick({ clock: new FixedClock(NOW), dueIndex: due, workQueue: queue, tickGeographies: ['US'] }, silentLogger);
      const ms = performance.now() - started;
      unsubscribe('http.client.request.start', onRequest);
      expect(result.enqueued).toBe(DUE_NOW);
      rounds.push({ ms: Math.round(ms), table: counts.table, queue: counts.queue, enqueued: result.enqueued });
    }
    const sorted = [...rounds].sort((a, b) => a.ms - b.ms);
    results.push({ storedAppointments: size, dueNow: DUE_NOW, loadSeconds: Math.round(loadMs / 100) / 10, rounds, medianTickMs: sorted[Math.floor(sorted.length / 2)]!.ms });
  });
});
