/**
 * bench/launch: 20 concurrent SMART EHR launches (provider and patient alternating) through
 * the local host against the sandbox EHR and Azurite. Reports, per launch, the connector-side
 * time (time inside the connector's launch + callback functions minus the time those
 * functions spent waiting on the EHR) as p50/p99, and the storage transactions per launch
 * (counted by a loopback proxy in front of Azurite's table endpoint).
 *
 * Run: npx jest --roots bench --testMatch '**\/*.bench.ts' --testTimeout 600000 bench/launch
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync, mkdirSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { followLaunch, startLaunchWorld, type LaunchWorld } from '../../test/integration/launch/launch-harness';

const LAUNCHES = 20;
const ROUNDS = 3;

interface Attribution { ehrMs: number }
const als = new AsyncLocalStorage<Attribution>();

function countingProxy(target: number): Promise<{ port: number; counts: Map<string, number>; close: () => Promise<void> }> {
  const counts = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const kind = `${req.method} ${/\/[^/]+\/[^/()?]+(\(|\?|$)/.exec(req.url ?? '')?.[0]?.includes('(') ? 'entity' : 'table-or-query'}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    const upstream = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 500, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as AddressInfo).port, counts, close: () => new Promise((r) => server.close(() => r())) })));
}

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

it('bench/launch: 20 concurrent launches', async () => {
  const azurite = process.env.TEST_STORAGE_CONNECTION!;
  const tablePort = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(azurite)?.[1]);
  const proxy = await countingProxy(tablePort);
  const connection = azurite.replace(`TableEndpoint=http://127.0.0.1:${tablePort}`, `TableEndpoint=http://127.0.0.1:${proxy.port}`);

  // Attribute EHR waiting time to the connector request that caused it.
  const realFetch = globalThis.fetch;
  let ehrOrigin = '';
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const store = als.getStore();
    if (!store || !url.startsWith(ehrOrigin)) return realFetch(input, init);
    const started = performance.now();
    try {
      const response = await realFetch(input, init);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      store.ehrMs += performance.now() - started;
    }
  };

  const world: LaunchWorld = await startLaunchWorld({ env: { STORAGE_CONNECTION: connection, EHR_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn' } });
  ehrOrigin = world.ehr.url;
  // Per connector request: wall time inside the host and EHR wait, keyed by the request URL.
  const perRequest = new Map<string, { wallMs: number; ehrMs: number }>();
  const server = createServer((req, res) => {
    const attribution: Attribution = { ehrMs: 0 };
    const started = performance.now();
    res.on('finish', () => perRequest.set(req.url ?? '', { wallMs: performance.now() - started, ehrMs: attribution.ehrMs }));
    als.run(attribution, () => {
      const upstream = httpRequest({ host: '127.0.0.1', port: world.host.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const front = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const results: { connectorMs: number; totalMs: number }[] = [];
  let transactions = 0;
  let launched = 0;
  try {
    // Warm-up: keys, discovery cache, JWKS fetch by the sandbox.
    await followLaunch(world.ehr.createLaunch({ appointmentId: world.ehr.visits[0]!.appointmentId, role: 'provider' }).url!.replace(world.host.url, front));
    for (let round = 0; round < ROUNDS; round++) {
      proxy.counts.clear();
      perRequest.clear();
      const outcomes = await Promise.all(
        Array.from({ length: LAUNCHES }, async (_, i) => {
          const visit = world.ehr.visits[i % world.ehr.visits.length]!;
          const url = world.ehr.createLaunch({ appointmentId: visit.appointmentId, role: i % 2 === 0 ? 'provider' : 'patient' }).url!.replace(world.host.url, front);
          const started = performance.now();
          const outcome = await followLaunch(url);
          return { outcome, totalMs: performance.now() - started };
        }),
      );
      for (const { outcome, totalMs } of outcomes) {
        if (outcome.status !== 302) throw new Error(`launch failed: ${outcome.status} ${outcome.body.slice(0, 200)}`);
        const connectorHops = outcome.hops.filter((h) => h.startsWith(front)).map((h) => perRequest.get(h.slice(front.length)));
        const connectorMs = connectorHops.reduce((sum, m) => sum + (m ? m.wallMs - m.ehrMs : 0), 0);
        results.push({ connectorMs, totalMs });
      }
      transactions += [...proxy.counts.values()].reduce((a, b) => a + b, 0);
      launched += LAUNCHES;
    }
  } finally {
    globalThis.fetch = realFetch;
    await new Promise((r) => server.close(r));
    await world.stop();
    await proxy.close();
  }
  const connector = results.map((r) => r.connectorMs).sort((a, b) => a - b);
  const total = results.map((r) => r.totalMs).sort((a, b) => a - b);
  const summary = {
    launches: launched,
    concurrency: LAUNCHES,
    connectorMs: { p50: +pct(connector, 50).toFixed(1), p99: +pct(connector, 99).toFixed(1) },
    endToEndMs: { p50: +pct(total, 50).toFixed(1), p99: +pct(total, 99).toFixed(1) },
    storageTransactionsPerLaunch: +(transactions / launched).toFixed(2),
  };
  mkdirSync(path.join(__dirname, '..', 'results'), { recursive: true });
  writeFileSync(path.join(__dirname, '..', 'results', 'launch.json'), JSON.stringify(summary, null, 2));
  process.stdout.write(`bench/launch ${JSON.stringify(summary)}\n`);
  expect(summary.launches).toBe(LAUNCHES * ROUNDS);
});
