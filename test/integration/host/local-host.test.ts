import { randomUUID } from 'node:crypto';
import type { FunctionDefinition } from '../../../functions/_lib/register';
import { queueClient } from '../../../shared/adapters/storagequeue/queue-client';
import { startLocalHost, type LocalHost } from '../../../dev/host/local-host';
import { loadFunctionFiles } from '../../../dev/host/load-functions';
import { configureApp } from '../../../functions/_lib/app-context';
import type { InvocationRecord } from '../../../dev/host/host-events';
import { testSettings } from '../../support/settings';
import { nextEvent, waitFor } from '../../support/wait';
import { startTestHost, type TestHost } from '../../support/test-host';

const connection = () => testSettings().storage.connection;

describe('local host: HTTP functions', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost();
  });
  afterAll(() => host.stop());

  it('serves the health function under /api and reports storage as healthy', async () => {
    const res = await host.fetch('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ healthy: true, checks: { storage: { ok: true } } });
  });

  it('answers 404 for an unknown route and 405 for a known route with another method', async () => {
    expect((await host.fetch('/api/nothing-here')).status).toBe(404);
    expect((await host.fetch('/health')).status).toBe(404);
    const res = await host.fetch('/api/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });

  it('logs each invocation with its id and duration', async () => {
    await host.fetch('/api/health');
    const line = await waitFor(() => host.lines.find((l) => l.includes('"msg":"invocation"') && l.includes('"functionName":"health"')), 'an invocation line');
    expect(JSON.parse(line)).toMatchObject({ invocationId: expect.stringMatching(/^[0-9a-f-]{36}$/), durationMs: expect.any(Number), ok: true });
  });
});

describe('local host: health when storage is down', () => {
  it('answers 503 with the reason', async () => {
    const settings = testSettings({ STORAGE_CONNECTION: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;' });
    configureApp(settings);
    const host = await startLocalHost({ settings, port: 0, definitions: loadFunctionFiles().filter((d) => d.name === 'health') });
    try {
      const res = await fetch(`${host.url}/api/health`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { healthy: boolean; checks: { storage: { ok: boolean; reason: string } } };
      expect(body.healthy).toBe(false);
      expect(body.checks.storage.reason).toMatch(/unreachable/);
    } finally {
      await host.stop();
    }
  });
});

describe('local host: queue functions', () => {
  let host: LocalHost | undefined;
  afterEach(() => host?.stop());

  const queueDefinition = (queueName: string, handler: (message: unknown, dequeueCount: number) => Promise<void>): FunctionDefinition => ({
    kind: 'storageQueue',
    name: 'queue-probe',
    queueName,
    connection: 'STORAGE_CONNECTION',
    handler: (message, context) => handler(message, Number(context.triggerMetadata?.dequeueCount)),
  });

  it('delivers a JSON message once and deletes it on success', async () => {
    const queueName = `ok-${randomUUID().slice(0, 8)}`;
    const seen: unknown[] = [];
    host = await startLocalHost({ settings: testSettings(), port: 0, definitions: [queueDefinition(queueName, async (m) => void seen.push(m))] });
    await queueClient(connection(), queueName).sendMessage(JSON.stringify({ appointmentId: 'a-1' }));
    await nextEvent<InvocationRecord>(host.events, 'invocation', (r) => r.functionName === 'queue-probe');
    expect(seen).toEqual([{ appointmentId: 'a-1' }]);
    await waitFor(async () => (await queueClient(connection(), queueName).getProperties()).approximateMessagesCount === 0, 'the queue to be empty');
  });

  it('keeps fetching while a slow message runs, so one slow message never holds up the next batch', async () => {
    const queueName = `slow-${randomUUID().slice(0, 8)}`;
    let releaseSlow: () => void = () => undefined;
    const laterMessageSeen = new Promise<void>((resolve) => (releaseSlow = resolve));
    const done: string[] = [];
    host = await startLocalHost({
      settings: testSettings(),
      port: 0,
      queues: { batchSize: 2, maxPollingIntervalMs: 200 },
      definitions: [queueDefinition(queueName, async (m) => {
        const id = (m as { id: string }).id;
        if (id === 'slow') await laterMessageSeen;
        if (id === 'third') releaseSlow();
        done.push(id);
      })],
    });
    const client = queueClient(connection(), queueName);
    for (const id of ['slow', 'second', 'third']) await client.sendMessage(JSON.stringify({ id }));
    await waitFor(() => done.length === 3, 'all three messages to be processed');
    expect(done.indexOf('third')).toBeLessThan(done.indexOf('slow'));
  });

  it('retries a failing message with a growing dequeueCount, then moves it to <queue>-poison after maxDequeueCount', async () => {
    const queueName = `fail-${randomUUID().slice(0, 8)}`;
    const counts: number[] = [];
    host = await startLocalHost({
      settings: testSettings(),
      port: 0,
      queues: { maxDequeueCount: 3, visibilityTimeoutMs: 0, maxPollingIntervalMs: 200 },
      definitions: [queueDefinition(queueName, async (_m, count) => {
        counts.push(count);
        throw new Error('cannot apply');
      })],
    });
    await queueClient(connection(), queueName).sendMessage(JSON.stringify({ n: 1 }));
    const poisoned = await nextEvent<{ queueName: string; dequeueCount: number }>(host.events, 'poisoned');
    expect(poisoned).toMatchObject({ queueName, dequeueCount: 3 });
    expect(counts).toEqual([1, 2, 3]);
    const peeked = await queueClient(connection(), `${queueName}-poison`).peekMessages();
    expect(peeked.peekedMessageItems.map((m) => JSON.parse(m.messageText) as unknown)).toEqual([{ n: 1 }]);
    expect((await queueClient(connection(), queueName).getProperties()).approximateMessagesCount).toBe(0);
  });
});

describe('local host: timer functions', () => {
  it('fires a timer on its six-field NCRONTAB schedule', async () => {
    const fired: string[] = [];
    const host = await startLocalHost({
      settings: testSettings(),
      port: 0,
      definitions: [{ kind: 'timer', name: 'tick-probe', schedule: '* * * * * *', runOnStartup: false, handler: async (timer) => void fired.push(timer.scheduleStatus.next) }],
    });
    try {
      const record = await nextEvent<InvocationRecord>(host.events, 'invocation', (r) => r.functionName === 'tick-probe');
      expect(record.ok).toBe(true);
      expect(fired.length).toBeGreaterThanOrEqual(1);
      expect(Date.parse(fired[0]!)).not.toBeNaN();
    } finally {
      await host.stop();
    }
  });

  it('refuses a five-field schedule with a clear message', async () => {
    await expect(
      startLocalHost({ settings: testSettings(), port: 0, definitions: [{ kind: 'timer', name: 'bad', schedule: '* * * * *', runOnStartup: false, handler: async () => undefined }] }),
    ).rejects.toThrow(/six-field NCRONTAB/);
  });
});
