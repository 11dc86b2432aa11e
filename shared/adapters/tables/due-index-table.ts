import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { dueActionName, dueActionSchema, minuteBucket, type DueActionKind, type DueEntry } from '../../domain/appointment/due-entry';
import type { Geography } from '../../domain/appointment/geography';
import type { ClaimedDueEntry, DueIndex, ListedDueEntry } from '../../ports/due-index';
import { encodeKey, GeographyTables, type GeographyConnections } from './appointment-table-support';
import { tableStatus } from './table-client';
import { GEOGRAPHY_TABLES } from './table-names';

const entitySchema = z.object({
  partitionKey: z.string(),
  etag: z.string(),
  dueAt: z.string(),
  tenantId: z.string(),
  baseUrlId: z.string(),
  appointmentId: z.string(),
  appointmentStart: z.string(),
  actionKind: z.enum(['reminder', 'purge']),
  action: z.string(),
  claimedUntil: z.string().optional(),
});

const rowKey = (e: Pick<DueEntry, 'baseUrlId' | 'appointmentId' | 'action'>): string =>
  `${encodeKey(e.baseUrlId)}|${encodeKey(e.appointmentId)}|${dueActionName(e.action)}`;

/**
 * DueIndex on the `due` table of each geography: PartitionKey = minute bucket, so "what is
 * due" is the range PartitionKey <= now's bucket, which holds only outstanding entries.
 */
export class DueIndexTable implements DueIndex {
  private readonly tables: GeographyTables;

  constructor(connections: GeographyConnections, table: string = GEOGRAPHY_TABLES.due) {
    this.tables = new GeographyTables(connections, table);
  }

  /** Inserts; an entry that already exists is left as it is (it may be claimed right now). */
  async put(geography: Geography, entries: readonly DueEntry[]): Promise<void> {
    const client = this.tables.client(geography);
    await Promise.all(entries.map(async (entry) => {
      try {
        await client.createEntity(toEntity(entry));
      } catch (error) {
        if (tableStatus(error) !== 409) throw error;
      }
    }));
  }

  /**
   * Removes planned actions that no longer apply (the visit moved or ended). Deliberately
   * unconditional (ETag `*`): the action is void whatever state it is in; a worker holding
   * it finds it gone on `complete` and re-checks the appointment anyway.
   */
  async remove(geography: Geography, entries: readonly DueEntry[]): Promise<void> {
    const client = this.tables.client(geography);
    await Promise.all(entries.map(async (entry) => {
      try {
        await client.deleteEntity(entry.bucket, rowKey(entry), { etag: '*' });
      } catch (error) {
        if (tableStatus(error) !== 404) throw error;
      }
    }));
  }

  async listDue(geography: Geography, now: Date, options: { action?: DueActionKind; limit?: number } = {}): Promise<ListedDueEntry[]> {
    const limit = options.limit ?? 500;
    const filter = [`PartitionKey le '${minuteBucket(now)}'`, ...(options.action ? [`actionKind eq '${options.action}'`] : [])].join(' and ');
    const out: ListedDueEntry[] = [];
    const pages = this.tables.client(geography).listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) });
    for await (const page of pages) {
      for (const raw of page) {
        const listed = fromEntity(raw);
        if (listed.claimedUntil && Date.parse(listed.claimedUntil) > now.getTime()) continue;
        out.push({ entry: listed.entry, etag: listed.etag });
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  async claim(geography: Geography, listed: ListedDueEntry, now: Date, leaseSeconds: number): Promise<ClaimedDueEntry | undefined> {
    const claimedUntil = new Date(now.getTime() + leaseSeconds * 1000).toISOString();
    try {
      const result = await this.client(geography).updateEntity(
        { partitionKey: listed.entry.bucket, rowKey: rowKey(listed.entry), claimedUntil },
        'Merge',
        { etag: listed.etag },
      );
      return { entry: listed.entry, etag: result.etag ?? '', claimedUntil };
    } catch (error) {
      const status = tableStatus(error);
      if (status === 412 || status === 404) return undefined;
      throw error;
    }
  }

  async complete(geography: Geography, claimed: ClaimedDueEntry): Promise<void> {
    try {
      await this.client(geography).deleteEntity(claimed.entry.bucket, rowKey(claimed.entry), { etag: claimed.etag });
    } catch (error) {
      const status = tableStatus(error);
      if (status !== 412 && status !== 404) throw error;
    }
  }

  private client(geography: Geography): TableClient {
    return this.tables.client(geography);
  }
}

function toEntity(entry: DueEntry): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: entry.bucket,
    rowKey: rowKey(entry),
    dueAt: entry.dueAt,
    tenantId: entry.tenantId,
    baseUrlId: entry.baseUrlId,
    appointmentId: entry.appointmentId,
    appointmentStart: entry.appointmentStart,
    actionKind: entry.action.kind,
    action: JSON.stringify(entry.action),
  };
}

function fromEntity(raw: unknown): { entry: DueEntry; etag: string; claimedUntil?: string } {
  const e = entitySchema.parse(raw);
  const action = dueActionSchema.parse(JSON.parse(e.action));
  return {
    entry: { bucket: e.partitionKey, dueAt: e.dueAt, tenantId: e.tenantId, baseUrlId: e.baseUrlId, appointmentId: e.appointmentId, appointmentStart: e.appointmentStart, action },
    etag: e.etag,
    ...(e.claimedUntil ? { claimedUntil: e.claimedUntil } : {}),
  };
}
