/**
 * bench/hl7: the scheduling feed end to end (HTTP -> ACK -> applied) against the raw ceiling
 * of the same storage at the same concurrency. Storage transactions are counted by loopback
 * proxies in front of Azurite's table and queue endpoints, per table/queue and operation.
 * Run: npx jest --roots bench --testMatch '**\/*.bench.ts' --testTimeout 900000 bench/hl7
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
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

const CONCURRENCY = 16;
const MESSAGES = 400;
const CEILING_OPS = 3000;
const FEED_FUNCTIONS = ['hl7-receive', 'hl7-process'];

type Counts = Map<string, number>;

/** Counts every request by service, method and table/queue name, then forwards it. */
function countingProxy(service: 'table' | 'queue', target: number, counts: Counts): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const name = (/^\/[^/]+\/([^/(?]+)/.exec(req.url ?? '')?.[1] ?? '?').replace(/^\$batch$/, 'batch');
    const key = `${service} ${req.method} ${name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const upstream = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 500, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) })));
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const total = (counts: Counts): number => [...counts.values()].reduce((a, b) => a + b, 0);

async function inParallel<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

it('bench/hl7: storage ceiling vs the feed end to end', async () => {
  const azurite = await startAzurite();
  const counts: Counts = new Map();
  const tablePort = azurite.ports.table;
  const queuePort = azurite.ports.queue;
  const tableProxy = await countingProxy('table', tablePort, counts);
  const queueProxy = await countingProxy('queue', queuePort, counts);
  const proxied = azurite.connection
    .replace(`TableEndpoint=http://127.0.0.1:${tablePort}`, `TableEndpoint=http://127.0.0.1:${tableProxy.port}`)
    .replace(`QueueEndpoint=http://127.0.0.1:${queuePort}`, `QueueEndpoint=http://127.0.0.1:${queueProxy.port}`);
  const settings = testSettings({ STORAGE_CONNECTION: proxied, LOG_LEVEL: 'warn' });
  await provisionStorage(testSettings({ STORAGE_CONNECTION: azurite.connection }));

  // 1. The ceiling: the feed's kinds of operation (entity insert, point read, conditional replace,
  // queue put) through the same proxy, at the same concurrency, with nothing else running.
  await tableClient(azurite.connection, 'ceiling').createTable();
  const ceilingTable = tableClient(proxied, 'ceiling');
  const ceilingQueue = queueClient(proxied, 'ceiling');
  await queueClient(azurite.connection, 'ceiling').createIfNotExists();
  let round = 0;
  const measureCeiling = async (): Promise<number> => {
    const r = round++;
    const ops = Array.from({ length: CEILING_OPS / 4 }, (_, i) => i);
    const started = performance.now();
    await inParallel(ops, CONCURRENCY, async (i) => {
      const created = await ceilingTable.createEntity({ partitionKey: `p${i % 50}`, rowKey: `r${r}-${i}`, value: 'x'.repeat(300) });
      await ceilingTable.getEntity(`p${i % 50}`, `r${r}-${i}`);
      await ceilingTable.updateEntity({ partitionKey: `p${i % 50}`, rowKey: `r${r}-${i}`, value: 'y'.repeat(300) }, 'Replace', { etag: created.etag ?? '*' });
      await ceilingQueue.sendMessage(JSON.stringify({ i, pad: 'z'.repeat(300) }));
    });
    return CEILING_OPS / ((performance.now() - started) / 1000);
  };
  // Measured before and after the feed (the machine is shared): the higher one is the ceiling.
  const ceilingBefore = await measureCeiling();

  // 2. The feed: local host (receive + process only, no timers) over the counting proxies.
  configureApp(settings);
  for (const name of FEED_FUNCTIONS) require(path.join(__dirname, '..', '..', 'functions', `${name}.ts`));
  const host = await startLocalHost({ settings, port: 0, definitions: registeredFunctions().filter((d) => FEED_FUNCTIONS.includes(d.name)), print: () => undefined });
  configureApp(testSettings({ STORAGE_CONNECTION: proxied, LOG_LEVEL: 'warn', PUBLIC_BASE_URL: host.url }));
  const tenant = await seedFeedTenant(azurite.connection, { sms: { notices: true, reminders: [1440, 60] } });
  const appointments = tableClient(azurite.connection, 'appointments');
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
    counts.clear();
    const latencies: number[] = [];
    const started = performance.now();
    await inParallel(batch, CONCURRENCY, async (m) => {
      const t0 = performance.now();
      const res = await fetch(`${host.url}/api/hl7`, { method: 'POST', headers: { Authorization: `Bearer ${m.token}` }, body: m.body });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      if (!text.includes('MSA|AA|')) throw new Error(`no AA for ${m.controlId}: ${res.status} ${text.slice(0, 200)}`);
    });
    const acked = performance.now();
    await waitFor(async () => {
      let done = 0;
      for await (const e of appointments.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenant.baseUrlId}'`, select: ['lastControlId', 'pendingFollowUps'] } })) {
        if (String(e.lastControlId).startsWith(`P${step}-`) && e.pendingFollowUps === undefined) done++;
      }
      return done === MESSAGES;
    }, `phase ${phase.event} applied`, 300_000);
    const seconds = (performance.now() - started) / 1000;
    const transactions = total(counts);
    const sorted = [...latencies].sort((a, b) => a - b);
    const perMessage = Object.fromEntries([...counts.entries()].sort().map(([k, v]) => [k, Math.round((v / MESSAGES) * 100) / 100]));
    const messagesPerSecond = MESSAGES / seconds;
    results.push({
      event: phase.event, note: phase.note, messages: MESSAGES,
      messagesPerSecond: Math.round(messagesPerSecond * 10) / 10,
      ackP50Ms: Math.round(pct(sorted, 50)), ackP99Ms: Math.round(pct(sorted, 99)),
      ackPhaseSeconds: Math.round(((acked - started) / 1000) * 10) / 10,
      transactionsPerMessage: Math.round((transactions / MESSAGES) * 100) / 100,
      storageOpsPerSecond: Math.round(transactions / seconds),
      perMessage,
    });
  }
  await host.stop();
  const ceilingAfter = await measureCeiling();
  const ceilingOpsPerSecond = Math.max(ceilingBefore, ceilingAfter);
  for (const r of results) r.shareOfCeiling = Math.round((Number(r.storageOpsPerSecond) / ceilingOpsPerSecond) * 100) / 100;
  await tableProxy.close();
  await queueProxy.close();
  await azurite.stop();

  const report = { concurrency: CONCURRENCY, ceilingOpsPerSecond: Math.round(ceilingOpsPerSecond), ceilingBefore: Math.round(ceilingBefore), ceilingAfter: Math.round(ceilingAfter), phases: results };
  const dir = path.join(__dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'hl7.json'), JSON.stringify(report, null, 2));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  expect(results).toHaveLength(phases.length);
}, 900_000);
