import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { LaunchStateStore, PendingLaunch } from '../../ports/launch-state-store';
import { tableClient, tableStatus } from './table-client';
import { TABLES } from './table-names';
import { systemClock } from '../system/system-clock';

/**
 * Pending launches in Table Storage, one row per `state` (PartitionKey = state, so every
 * launch is its own partition and concurrent launches never contend). `take` reads the row
 * and deletes it with the ETag it read: of two callbacks with one state, exactly one wins
 * the delete; the other gets 404/412 and is told the state does not exist (replay).
 * A row expires by `expiresAt` (checked by the caller of take); rows of launches whose
 * callback never comes are deleted by `forgetAbandoned` (the `launch-state-sweep` timer).
 */
const ROW = 'launch';

const contextSchema = z.object({ sessionId: z.string().optional(), departmentId: z.string().optional() });
const rowSchema = z.object({
  role: z.enum(['provider', 'patient']),
  tenantId: z.string(),
  baseUrlId: z.string(),
  iss: z.string(),
  codeVerifier: z.string(),
  redirectUri: z.string(),
  context: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  etag: z.string(),
});

export class LaunchStateTable implements LaunchStateStore {
  private readonly client: TableClient;

  constructor(connection: string, table: string = TABLES.launchState) {
    this.client = tableClient(connection, table);
  }

  async save(launch: PendingLaunch): Promise<void> {
    const { state, context, ...rest } = launch;
    await this.client.createEntity({ partitionKey: state, rowKey: ROW, ...rest, context: JSON.stringify(context) });
  }

  async forgetAbandoned(maxAgeMs: number): Promise<number> {
    // The storage's own row Timestamp and the real time: the cutoff never comes from an injected clock.
    const cutoff = new Date(systemClock.now().getTime() - maxAgeMs).toISOString();
    const rows = this.client.listEntities({ queryOptions: { filter: `Timestamp lt datetime'${cutoff}'`, select: ['PartitionKey', 'RowKey'] } });
    let count = 0;
    for await (const row of rows) {
      if (typeof row.partitionKey !== 'string' || typeof row.rowKey !== 'string' || typeof row.etag !== 'string') continue;
      try {
        await this.client.deleteEntity(row.partitionKey, row.rowKey, { etag: row.etag });
        count++;
      } catch (error) {
        const status = tableStatus(error);
        if (status !== 404 && status !== 412) throw error;
      }
    }
    return count;
  }

  async take(state: string): Promise<PendingLaunch | undefined> {
    if (!/^[A-Za-z0-9_-]{22,128}$/.test(state)) return undefined;
    let entity: Record<string, unknown> & { etag: string };
    try {
      entity = await this.client.getEntity<Record<string, unknown>>(state, ROW);
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw error;
    }
    try {
      await this.client.deleteEntity(state, ROW, { etag: entity.etag });
    } catch (error) {
      const status = tableStatus(error);
      if (status === 404 || status === 412) return undefined;
      throw error;
    }
    const row = rowSchema.parse(entity);
    const context = contextSchema.parse(JSON.parse(row.context));
    return {
      state,
      role: row.role,
      tenantId: row.tenantId,
      baseUrlId: row.baseUrlId,
      iss: row.iss,
      codeVerifier: row.codeVerifier,
      redirectUri: row.redirectUri,
      context: { ...(context.sessionId ? { sessionId: context.sessionId } : {}), ...(context.departmentId ? { departmentId: context.departmentId } : {}) },
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
    };
  }
}
