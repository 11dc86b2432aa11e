import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startAzurite, type AzuriteInstance } from '../../../dev/azurite';
import { provisionStorage } from '../../../shared/adapters/provision';
import { queueClient } from '../../../shared/adapters/storagequeue/queue-client';
import { tableClient } from '../../../shared/adapters/tables/table-client';
import { testEnvironment, testSettings } from '../../support/settings';
import { waitFor } from '../../support/wait';
import { siu } from '../../support/feed/siu-builder';
import { feedToken, seedFeedTenant, type FeedTenant } from '../../support/feed/feed-tenant';
import { acks } from './feed-harness';

/**
 * The kill test: 2,000 messages streamed at the feed, the host process killed (SIGKILL)
 * mid-stream, restarted, and whatever did not get an AA sent again (as an interface engine
 * does). Every message that got AA is accounted for exactly once, the appointments end in
 * the state of their newest message, and the queue ends empty.
 */
const APPOINTMENTS = 500;
const STEPS = 4;
const KILL_AFTER_ACKS = 600;
const CONCURRENCY = 8;

interface Message {
  appointmentId: string;
  controlId: string;
  body: string;
}

function messages(): Message[] {
  const out: Message[] = [];
  for (let step = 0; step < STEPS; step++) {
    for (let i = 0; i < APPOINTMENTS; i++) {
      const appointmentId = `K${i}`;
      const controlId = `K${i}-${step}`;
      const day = String((i % 27) + 1).padStart(2, '0');
      const start = step < 2 ? `203002${day}1000-0600` : `203003${day}1000-0600`;
      const event = ['S12', 'S14', 'S13', 'S14'][step];
      out.push({ appointmentId, controlId, body: siu({ event, controlId, fillerId: appointmentId, messageTime: `2030010108${String(step).padStart(2, '0')}00-0600`, tq1Start: start }) });
    }
  }
  return out;
}

interface HostProcess {
  url: string;
  child: ChildProcess;
}

function startHostProcess(env: Record<string, string | undefined>): Promise<HostProcess> {
  const support = path.join(__dirname, '..', '..', 'support', 'feed');
  const child = spawn(process.execPath, ['-r', path.join(support, 'swc-register.js'), path.join(support, 'host-process.ts')], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ url: (JSON.parse(line) as { url: string }).url, child }));
    child.once('exit', (code) => reject(new Error(`host process exited (${code}) before listening: ${errors.slice(-2000)}`)));
  });
}

describe('kill test', () => {
  let azurite: AzuriteInstance;
  let host: HostProcess | undefined;
  afterAll(async () => {
    host?.child.kill('SIGKILL');
    await azurite?.stop();
  });

  it('applies every acknowledged message exactly once across an abrupt stop, and the queue ends empty', async () => {
    azurite = await startAzurite();
    const env = testEnvironment({ STORAGE_CONNECTION: azurite.connection, LOG_LEVEL: 'warn' });
    const settings = testSettings(env);
    await provisionStorage(settings);
    const tenant: FeedTenant = await seedFeedTenant(azurite.connection, { sms: { notices: true, reminders: [1440, 60] } });
    const all = messages();
    const acked = new Set<string>();
    const send = async (url: string, m: Message): Promise<boolean> => {
      const token = await feedToken({ audience: `${url}/api/hl7`, issuer: tenant.senderId, privateKey: tenant.privateKey, body: m.body });
      const res = await fetch(`${url}/api/hl7`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: m.body });
      const ack = acks(await res.text())[0];
      if (ack?.code !== 'AA' || ack.controlId !== m.controlId) return false;
      acked.add(m.controlId);
      return true;
    };

    // Phase 1: stream until KILL_AFTER_ACKS have been acknowledged, then kill the host mid-stream.
    host = await startHostProcess(env);
    const first = host;
    const retry: Message[] = [];
    let next = 0;
    let killed = false;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (!killed && next < all.length) {
        const m = all[next++]!;
        const ok = await send(first.url, m).catch(() => false);
        if (!ok) retry.push(m);
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    }));
    expect(killed).toBe(true);
    await new Promise((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve(undefined) : first.child.once('exit', resolve)));

    // The host died with acknowledged work still queued (or leased by the dead process).
    expect((await queueClient(azurite.connection, 'hl7-process').getProperties()).approximateMessagesCount).toBeGreaterThan(0);

    // Phase 2: restart; resend what got no AA, then the rest of the stream.
    host = await startHostProcess(env);
    const second = host;
    const remaining = [...retry.sort((a, b) => all.indexOf(a) - all.indexOf(b)), ...all.slice(next)];
    let cursor = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (cursor < remaining.length) {
        const m = remaining[cursor++]!;
        expect(await send(second.url, m)).toBe(true);
      }
    }));
    expect(acked.size).toBe(all.length);

    // Everything applied: each appointment at its newest message, no outbox left, the queue empty.
    const appointments = tableClient(azurite.connection, 'appointments');
    const work = queueClient(azurite.connection, 'hl7-process');
    const rows = await waitFor(async () => {
      const list: Record<string, unknown>[] = [];
      for await (const e of appointments.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenant.baseUrlId}'` } })) list.push(e);
      const done = list.length === APPOINTMENTS && list.every((e) => String(e.lastControlId).endsWith(`-${STEPS - 1}`) && e.pendingFollowUps === undefined);
      const queue = await work.getProperties();
      return done && queue.approximateMessagesCount === 0 ? list : undefined;
    }, 'every appointment to reach its newest message and the queue to drain', 180_000);

    for (const row of rows) {
      const id = String(row.appointmentId);
      const seen = JSON.parse(String(row.recentControlIds)) as string[];
      // Accounted for exactly once: applied (or, when it overtook nothing newer, recorded stale) - never twice.
      expect([...seen].sort()).toEqual(Array.from({ length: STEPS }, (_, s) => `${id}-${s}`));
      expect(row.status).toBe('booked');
      expect(String(row.startsAt)).toMatch(/^2030-03-/);
    }
    expect((await queueClient(azurite.connection, 'hl7-process-poison').getProperties()).approximateMessagesCount).toBe(0);

    // Follow-ups: due entries are exactly the plan for the final start (none left from the first start).
    const due: Record<string, unknown>[] = [];
    for await (const e of tableClient(azurite.connection, 'due').listEntities()) due.push(e);
    expect(due).toHaveLength(APPOINTMENTS * 3);
    expect(due.every((e) => String(e.appointmentStart).startsWith('2030-03-'))).toBe(true);

    // One confirmation per appointment, however often a crash made the outbox run again.
    const sms = queueClient(azurite.connection, 'sms-send');
    const requestIds = new Set<string>();
    for (;;) {
      const { receivedMessageItems } = await sms.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 300 });
      if (receivedMessageItems.length === 0) break;
      for (const item of receivedMessageItems) requestIds.add((JSON.parse(item.messageText) as { requestId: string }).requestId);
    }
    const confirmations = [...requestIds].filter((id) => id.startsWith('confirmation:'));
    expect(confirmations).toHaveLength(APPOINTMENTS);
    for (let i = 0; i < APPOINTMENTS; i++) expect([...requestIds].some((id) => id.startsWith(`reschedule:${tenant.baseUrlId}:K${i}:`))).toBe(true);
  }, 300_000);
});
