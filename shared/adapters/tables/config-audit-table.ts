import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { AuditEntry } from '../../domain/config/audit';
import type { AuditTrail } from '../../ports/audit-trail';
import { entity, storageError } from './config-entities';
import { odata, prefixFilter, ROW } from './config-keys';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * The audit trail lives in the `config` table, in the tenant's own partition, under RowKey
 * `audit:{inverted time}-{random}`: so each entry is written in the same all-or-nothing
 * batch as the change it describes (a table batch is one partition of one table), and a
 * crash can never keep the change and lose its entry, or the reverse. Inverted time makes a
 * plain ascending query read newest first and page cheaply; the cursor is the part after
 * `audit:`.
 */
const MAX_TIME = 9_999_999_999_999;

const entryRecord: z.ZodType<AuditEntry> = z.object({
  tenantId: z.string(),
  at: z.string(),
  actor: z.object({ userId: z.string(), upn: z.string() }),
  action: z.string(),
  target: z.string(),
  changes: z.array(z.object({ field: z.string(), old: z.unknown().optional(), new: z.unknown().optional() })),
});

/** The batch action that writes `entry` next to its change (same partition: the tenant). */
export function auditAction(entry: AuditEntry): TransactionAction {
  const cursor = `${String(MAX_TIME - Date.parse(entry.at)).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;
  return ['create', entity({ partitionKey: entry.tenantId, rowKey: ROW.audit(cursor) }, 'audit', entry)];
}

export class TableAuditTrail implements AuditTrail {
  constructor(private readonly client: TableClient) {}

  static fromConnection(connection: string, table: string = TABLES.config): TableAuditTrail {
    return new TableAuditTrail(tableClient(connection, table));
  }

  async list(tenantId: string, options: { limit: number; before?: string }): Promise<{ entries: AuditEntry[]; next?: string }> {
    const filter = `${prefixFilter(tenantId, ROW.auditPrefix)}${options.before ? ` and RowKey gt '${odata(ROW.audit(options.before))}'` : ''}`;
    const entries: AuditEntry[] = [];
    let last: string | undefined;
    try {
      const pages = this.client.listEntities<{ data?: unknown }>({ queryOptions: { filter } }).byPage({ maxPageSize: options.limit });
      for await (const page of pages) {
        for (const row of page) {
          if (entries.length >= options.limit) break;
          const parsed = entryRecord.safeParse(typeof row.data === 'string' ? JSON.parse(row.data) : undefined);
          if (parsed.success) entries.push(parsed.data);
          last = row.rowKey?.slice(ROW.auditPrefix.length);
        }
        break;
      }
    } catch (error) {
      throw storageError(error, { partitionKey: tenantId, rowKey: 'audit' });
    }
    return entries.length === options.limit && last ? { entries, next: last } : { entries };
  }
}
