/**
 * bench/hl7: the scheduling feed end to end (HTTP -> ACK -> applied) against the raw ceiling
 * of the same storage: per phase, the same mix of raw operations at the feed's storage
 * concurrency (mix-ceiling.ts), and a generic table-and-put mix at 16 for reference. Storage
 * transactions are counted on Node's HTTP client diagnostics channel (storage-meter.ts), per
 * table/queue and operation, with the CPU time of this process and of Azurite per message.
 * Run: npx jest --roots bench --testMatch '**\/*.bench.ts' --testTimeout 900000 bench/hl7
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { configureApp } from '../../functions/_lib/app-context';
import { registeredFunctions } from '../../functions/_lib/register';
import { startLocalHost } from '../../dev/host/local-host';
import { startAzurite } from '../../dev/azurite';
import { provisionStorage } from '../../shared/adapters/provision';
import { tableClient } from '../../shared/adapters/tables/table-client';
import { queueClient } from '../../shared/adapters/storagequeue/queue-client';
import { testSettings } from '../../test/support/settings';
import { waitFor } from '../../test/support/wait';
import { siu } from '../../test/support/feed/siu-builder';
import { feedToken, seedFeedTenant } from '../../test/support/feed/feed-tenant';
import { inParallel, mixCeiling, mixOf } from './mix-ceiling';
import { cpuNow, HARNESS_AGENT, StorageMeter } from './storage-meter';

const CONCURRENCY = 16;
const MESSAGES = 400;
const CEILING_OPS = 3000;
const FEED_FUNCTIONS = ['hl7-receive', 'hl7-process'];


const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round2 = (n: number): number => Math.round(n * 100) / 100;

it('bench/hl7: storage ceiling vs the feed end to end', async () => {
  const azurite = await startAzurite();
  const meter = new StorageMeter(azurite.ports);
  const connection = azurite.connection;
  const settings = testSettings({ STORAGE_CONNECTION: connection, LOG_LEVEL: 'warn' });
  await provisionStorage(testSettings({ STORAGE_CONNECTION: azurite.connection }));

  // 1. The ceiling: the feed's kinds of operation (entity insert, point read, conditional replace,
  // queue put), counted the same way, at the same concurrency, with nothing else running.
  await tableClient(azurite.connection, 'ceiling').createTable();
  const ceilingTable = tableClient(connection, 'ceiling');
  const ceilingQueue = queueClient(connection, 'ceiling');
  const harnessCeilingTable = tableClient(connection, 'ceiling', { userAgentOptions: { userAgentPrefix: HARNESS_AGENT } });
  await queueClient(azurite.connection, 'ceiling').createIfNotExists();
  const mixQueue = queueClient(connection, 'ceilingmix');
  await queueClient(azurite.connection, 'ceilingmix').createIfNotExists();
  let round = 0;
  const ceilingInFlight: number[] = [];
  const ceilingCpu: { benchProcessMsPerOp: number; azuriteMsPerOp: number }[] = [];
  const measureCeiling = async (): Promise<number> => {
    const r = round++;
    const ops = Array.from({ length: CEILING_OPS / 4 }, (_, i) => i);
    meter.inFlight.reset();
    const cpu0 = cpuNow(azurite.pid);
    const started = performance.now();
    await inParallel(ops, CONCURRENCY, async (i) => {
      const created = await ceilingTable.createEntity({ partitionKey: `p${i % 50}`, rowKey: `r${r}-${i}`, value: 'x'.repeat(300) });
      await ceilingTable.getEntity(`p${i % 50}`, `r${r}-${i}`);
      await ceilingTable.updateEntity({ partitionKey: `p${i % 50}`, rowKey: `r${r}-${i}`, value: 'y'.repeat(300) }, 'Replace', { etag: created.etag ?? '*' });
      await ceilingQueue.sendMessage(JSON.stringify({ i, pad: 'z'.repeat(300) }));
    });
    const opsPerSecond = CEILING_OPS / ((performance.now() - started) / 1000);
    ceilingInFlight.push(Math.round(meter.inFlight.mean() * 10) / 10);
    const cpu1 = cpuNow(azurite.pid);
    ceilingCpu.push({ benchProcessMsPerOp: round2((cpu1.feed - cpu0.feed) / CEILING_OPS), azuriteMsPerOp: round2((cpu1.azurite - cpu0.azurite) / CEILING_OPS) });
    await ceilingQueue.clearMessages(); // Azurite's queue calls slow down with every message it holds in any queue
    return opsPerSecond;
  };
  // Measured before and after the feed (the machine is shared): the higher one is the ceiling.
  const ceilingBefore = await measureCeiling();

  // 2. The feed: local host (receive + process only, no timers) on the same storage.
  configureApp(settings);
  for (const name of FEED_FUNCTIONS) require(path.join(__dirname, '..', '..', 'functions', `${name}.ts`));
  const host = await startLocalHost({ settings, port: 0, definitions: registeredFunctions().filter((d) => FEED_FUNCTIONS.includes(d.name)), print: () => undefined });
  configureApp(testSettings({ STORAGE_CONNECTION: connection, LOG_LEVEL: 'warn', PUBLIC_BASE_URL: host.url }));
  const tenant = await seedFeedTenant(azurite.connection, { sms: { notices: true, reminders: [1440, 60] } });
  const appointments = tableClient(azurite.connection, 'appointments', { userAgentOptions: { userAgentPrefix: HARNESS_AGENT } });
  // A phase ends when its last message is applied: the 400th successful hl7-process invocation
  // (the function returns once the appointment is written and its outbox cleared), confirmed
  // from storage afterwards. Polling storage instead would spend this process's CPU during the
  // phase and end it up to one poll interval late.
  let processed = 0;
  let lastProcessedAt = 0;
  let storageInFlight = 0;
  let cpuAtEnd = { feed: 0, azurite: 0 };
  host.events.on('invocation', (record: { functionName: string; ok: boolean }) => {
    if (record.functionName !== 'hl7-process' || !record.ok) return;
    processed++;
    lastProcessedAt = performance.now();
    if (processed === MESSAGES) {
      storageInFlight = meter.inFlight.mean();
      cpuAtEnd = cpuNow(azurite.pid);
    }
  });
  const audience = `${host.url}/api/hl7`;

  const phases = [
    { event: 'S12', note: 'book: confirmation + 2 reminders + purge planned' },
    { event: 'S14', note: 'modify, same time: nothing else to do' },
    { event: 'S13', note: 'reschedule: 3 due entries removed, 3 added, reschedule SMS' },
    { event: 'S15', note: 'cancel: 3 due entries removed, notice-window purge added, cancellation SMS' },
  ];
  const results: Record<string, unknown>[] = [];
  for (const [step, phase] of phases.entries()) {
    const batch = await Promise.all(Array.from({ length: MESSAGES }, async (_, i) => {
      const controlId = `P${step}-${i}`;
      const body = siu({ event: phase.event, controlId, fillerId: `A${i}`, messageTime: `2030010108${String(step).padStart(2, '0')}00-0600`, tq1Start: step < 2 ? '203002151000-0600' : '203003151000-0600' });
      const token = await feedToken({ audience, issuer: tenant.senderId, privateKey: tenant.privateKey, body, jti: randomUUID() });
      return { controlId, body, token };
    }));
    meter.reset();
    processed = 0;
    const latencies: number[] = [];
    const cpuAtStart = cpuNow(azurite.pid);
    const started = performance.now();
    await inParallel(batch, CONCURRENCY, async (m) => {
      const t0 = performance.now();
      const res = await fetch(`${host.url}/api/hl7`, { method: 'POST', headers: { Authorization: `Bearer ${m.token}` }, body: m.body });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (!text.includes('MSA|AA|')) throw new Error(`no AA for ${m.controlId}: ${res.status} ${text.slice(0, 200)}`);
    });
    const acked = performance.now();
    await waitFor(() => processed >= MESSAGES, `phase ${phase.event} processed`, 300_000);
    let ended = lastProcessedAt;
    const appliedNow = async (): Promise<boolean> => {
      let done = 0;
      for await (const e of appointments.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenant.baseUrlId}'`, select: ['lastControlId', 'pendingFollowUps'] } })) {
        if (String(e.lastControlId).startsWith(`P${step}-`) && e.pendingFollowUps === undefined) done++;
      }
      return done === MESSAGES;
    };
    if (!(await appliedNow())) {
      // Some invocation was a redelivery: fall back to the storage state itself.
      await waitFor(appliedNow, `phase ${phase.event} applied`, 300_000);
      ended = performance.now();
    }
    const seconds = (ended - started) / 1000;
    const transactions = meter.total();
    const counts = meter.counts;
    const sorted = [...latencies].sort((a, b) => a - b);
    const perMessage = Object.fromEntries([...counts.entries()].sort().map(([k, v]) => [k, Math.round((v / MESSAGES) * 100) / 100]));
    const messagesPerSecond = MESSAGES / seconds;
    // This phase's own ceiling: its operation mix, raw, at the feed's storage concurrency (at least 16).
    const mix = mixOf(perMessage);
    const mixConcurrency = Math.max(CONCURRENCY, Math.round(storageInFlight));
    const tableBytes = meter.meanBytes((k) => k.startsWith('table POST') || k.startsWith('table PUT'));
    const queueBytes = meter.meanBytes((k) => k.startsWith('queue POST'));
    const cpuMix0 = cpuNow(azurite.pid);
    const mixed = await mixCeiling({ table: ceilingTable, seedTable: harnessCeilingTable, queue: mixQueue, mix, messages: MESSAGES, concurrency: mixConcurrency, tableBytes, queueBytes, tag: `m${step}` });
    const cpuMix1 = cpuNow(azurite.pid);
    await mixQueue.clearMessages();
    results.push({
      event: phase.event, note: phase.note, messages: MESSAGES,
      messagesPerSecond: Math.round(messagesPerSecond * 10) / 10,
      ackP50Ms: Math.round(pct(sorted, 50)), ackP99Ms: Math.round(pct(sorted, 99)),
      ackPhaseSeconds: Math.round(((acked - started) / 1000) * 10) / 10,
      transactionsPerMessage: Math.round((transactions / MESSAGES) * 100) / 100,
      storageOpsPerSecond: Math.round(transactions / seconds),
      storageInFlightMean: Math.round(storageInFlight * 10) / 10,
      // CPU per message: this process (the feed, the local host and the bench's 16 senders) and Azurite.
      cpuMsPerMessage: { feedProcess: round2((cpuAtEnd.feed - cpuAtStart.feed) / MESSAGES), azurite: round2((cpuAtEnd.azurite - cpuAtStart.azurite) / MESSAGES) },
      mixCeiling: {
        opsPerSecond: Math.round(mixed.opsPerSecond), concurrency: mixConcurrency, meanTableBodyBytes: Math.round(tableBytes), meanQueueBodyBytes: Math.round(queueBytes),
        cpuMsPerOp: { benchProcess: round2((cpuMix1.feed - cpuMix0.feed) / mixed.operations), azurite: round2((cpuMix1.azurite - cpuMix0.azurite) / mixed.operations) },
      },
      shareOfMixCeiling: round2(transactions / seconds / mixed.opsPerSecond),
      perMessage,
    });
  }
  await host.stop();
  const ceilingAfter = await measureCeiling();
  const ceilingOpsPerSecond = Math.max(ceilingBefore, ceilingAfter);
  for (const r of results) r.shareOfGenericCeiling = round2(Number(r.storageOpsPerSecond) / ceilingOpsPerSecond);
  meter.stop();
  await azurite.stop();

  const report = { concurrency: CONCURRENCY, ceilingOpsPerSecond: Math.round(ceilingOpsPerSecond), ceilingBefore: Math.round(ceilingBefore), ceilingAfter: Math.round(ceilingAfter), ceilingInFlightMean: ceilingInFlight, ceilingCpu, phases: results };
  const dir = path.join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'hl7.json'), JSON.stringify(report, null, 2));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  expect(results).toHaveLength(phases.length);
}, 900_000);
