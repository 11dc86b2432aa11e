import path from 'node:path';
import { configureApp } from '../../../functions/_lib/app-context';
import { registeredFunctions } from '../../../functions/_lib/register';
import { buildFeedDeps, type FeedParts } from '../../../functions/_lib/deps/feed';
import { startAzurite, type AzuriteInstance } from '../../../dev/azurite';
import type { AdminPrincipal } from '../../../shared/domain/config/access';
import { DomainError } from '../../../shared/domain/errors';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { StorageWorkQueue } from '../../../shared/adapters/storagequeue/storage-work-queue';
import type { AppointmentStore, VersionedAppointment } from '../../../shared/ports/appointment-store';
import type { WorkQueue } from '../../../shared/ports/work-queue';
import { startTestHost, type TestHost } from '../../support/test-host';
import { testSettings } from '../../support/settings';
import { waitFor } from '../../support/wait';
import { feedToken, type FeedTenant } from '../../support/feed/feed-tenant';

export const FEED_FUNCTIONS = ['hl7-receive', 'hl7-process', 'purge-tick', 'hl7-dead-letters', 'hl7-dead-letter-replay'];

/** A clock the test moves; the feed's token checks, apply rules and purge all read it. */
export class TestClock {
  constructor(public ms = Date.now()) {}
  now = (): Date => new Date(this.ms);
}

/**
 * The feed's real parts on a private Azurite (its own queues, so other areas' tests running
 * at the same time never take our messages): the local host serving the feed functions.
 */
export interface FeedWorld {
  azurite: AzuriteInstance;
  host: TestHost;
  clock: TestClock;
  /** Every message the feed put on a queue (the real queue still gets it). */
  sent: { queue: string; message: object }[];
  appointments: AppointmentStore;
  /** Set to make the appointment store fail (dead-letter tests). */
  failAppointments: { on: boolean };
  post(tenant: FeedTenant, body: string, options?: { token?: string; jti?: string }): Promise<{ status: number; text: string }>;
  waitApplied(tenant: FeedTenant, appointmentId: string, controlId: string): Promise<VersionedAppointment>;
  stop(): Promise<void>;
}

export const ADMIN_TOKEN = 'admin-token-for-tests';

export async function startFeedWorld(env: Record<string, string> = {}): Promise<FeedWorld> {
  const azurite = await startAzurite();
  // Queue functions read the settings as they register (to pick the transport): configure first.
  configureApp(testSettings({ STORAGE_CONNECTION: azurite.connection }));
  for (const name of FEED_FUNCTIONS) require(path.join(__dirname, '..', '..', '..', 'functions', `${name}.ts`));
  const host = await startTestHost({
    definitions: registeredFunctions().filter((d) => FEED_FUNCTIONS.includes(d.name)),
    env: { STORAGE_CONNECTION: azurite.connection, HL7_MAX_ATTEMPTS: '2', ...env },
    queues: { visibilityTimeoutMs: 200, maxPollingIntervalMs: 200, maxDequeueCount: 5 },
  });
  const clock = new TestClock();
  const sent: FeedWorld['sent'] = [];
  const real = new StorageWorkQueue(host.settings.storage.connection);
  const workQueue: WorkQueue = {
    send: async (queue, message, options) => {
      await real.send(queue, message, options);
      sent.push({ queue, message });
    },
  };
  const table = new AppointmentTable(host.settings.storage.geographies);
  const failAppointments = { on: false };
  const guard = <T>(run: () => Promise<T>): Promise<T> => (failAppointments.on ? Promise.reject(Object.assign(new Error('storage down'), { statusCode: 503 })) : run());
  const appointments: AppointmentStore = {
    read: (g, k) => guard(() => table.read(g, k)),
    create: (g, a) => guard(() => table.create(g, a)),
    replace: (g, a, e) => guard(() => table.replace(g, a, e)),
  };
  const parts: Partial<FeedParts> = { clock, workQueue, appointments };
  const adminTokenVerifier = {
    verify: async (token: string): Promise<AdminPrincipal> => {
      // A JWT-shaped stand-in (`<secret>.<tenantId>.test`): the admin API only hands JWT-shaped bearers to the verifier.
      const [secret, tenantId] = token.split('.');
      if (secret !== ADMIN_TOKEN || !tenantId) throw new DomainError('unauthorized', 'bad token');
      return { tenantId, userId: 'u', upn: 'admin@x.example', roles: ['admin'] };
    },
  };
  configureApp(host.settings, { ...buildFeedDeps(host.settings, parts), adminTokenVerifier });
  const audience = `${host.url}/api/hl7`;
  return {
    azurite, host, clock, sent, appointments: table, failAppointments,
    post: async (tenant, body, options = {}) => {
      const token = options.token ?? (await feedToken({ audience, issuer: tenant.senderId, privateKey: tenant.privateKey, body, iat: Math.floor(clock.ms / 1000), ...(options.jti ? { jti: options.jti } : {}) }));
      const res = await host.fetch('/api/hl7', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/hl7-v2' }, body });
      return { status: res.status, text: await res.text() };
    },
    waitApplied: (tenant, appointmentId, controlId) =>
      waitFor(async () => {
        const read = await table.read('US', { baseUrlId: tenant.baseUrlId, appointmentId });
        return read && read.appointment.recentControlIds.includes(controlId) && !read.appointment.pendingFollowUps ? read : undefined;
      }, `appointment ${appointmentId} to have applied ${controlId}`),
    stop: async () => {
      await host.stop();
      await azurite.stop();
    },
  };
}

/** MSA-1 and MSA-2 of every ACK in an answer; ERR-3.1 when present. */
export function acks(text: string): { code: string; controlId: string; error?: string }[] {
  const out: { code: string; controlId: string; error?: string }[] = [];
  for (const line of text.split('\r')) {
    const f = line.split('|');
    if (f[0] === 'MSA') out.push({ code: f[1] ?? '', controlId: f[2] ?? '' });
    if (f[0] === 'ERR' && out.length > 0) out[out.length - 1]!.error = (f[3] ?? '').split('^')[0];
  }
  return out;
}
