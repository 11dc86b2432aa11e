import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { FunctionDefinition } from '../../../functions/_lib/register';
import { startLocalHost, type LocalHost } from '../../../dev/host/local-host';
import { queueClient } from '../../../shared/adapters/storagequeue/queue-client';
import { StorageWorkQueue } from '../../../shared/adapters/storagequeue/storage-work-queue';
import type { QueueName } from '../../../shared/ports/queue-names';
import { testSettings } from '../../support/settings';

/** Checks a condition on every turn of the event loop (timers are fake here, so no setTimeout). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

describe('local host: a message this process enqueues', () => {
  let host: LocalHost | undefined;
  const polls: string[] = [];
  const onResponse = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    if (request.method === 'GET' && request.path.includes('/messages')) polls.push(request.path);
  };
  beforeEach(() => subscribe('http.client.response.finish', onResponse));
  afterEach(async () => {
    unsubscribe('http.client.response.finish', onResponse);
    await host?.stop();
    jest.useRealTimers();
  });

  it('is delivered at once, not after the idle queue pump has waited out its back-off', async () => {
    // Fake timers: the pump's idle pause never ends by itself, so only the wake-up can deliver.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance', 'setInterval', 'clearInterval'] });
    const queueName = `wake-${randomUUID().slice(0, 8)}`;
    const seen: unknown[] = [];
    const definition: FunctionDefinition = { kind: 'storageQueue', name: 'wake-probe', queueName, connection: 'STORAGE_CONNECTION', handler: async (m) => void seen.push(m) };
    host = await startLocalHost({ settings: testSettings(), port: 0, definitions: [definition], queues: { maxPollingIntervalMs: 600_000 } });
    await until(() => polls.some((p) => p.includes(`/${queueName}/messages`)) && jest.getTimerCount() > 0);

    await new StorageWorkQueue(testSettings().storage.connection).send(queueName as QueueName, { appointmentId: 'a-1' });
    await until(() => seen.length === 1);
    expect(seen).toEqual([{ appointmentId: 'a-1' }]);
    await until(() => polls.filter((p) => p.includes(`/${queueName}/messages`)).length >= 2);
    expect((await queueClient(testSettings().storage.connection, queueName).peekMessages()).peekedMessageItems).toHaveLength(0);
  });

});
