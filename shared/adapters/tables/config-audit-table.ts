import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { AuditEntry } from '../../domain/config/audit';
import type { AuditTrail } from '../../ports/audit-trail';
import { RecordTable, storageError } from './config-entities';
import { odata } from './config-keys';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * Audit trail in table `configaudit`: PartitionKey tenant id, RowKey = inverted time +
 * random suffix, so a plain ascending query reads newest first and pages cheaply.
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

export class TableAuditTrail implements AuditTrail {
  private readonly table: RecordTable;

  constructor(private readonly client: TableClient) {
    this.table = new RecordTable(client);
  }

  static fromConnection(connection: string, table: string = TABLES.configAudit): TableAuditTrail {
    return new TableAuditTrail(tableClient(connection, table));
  }

  async record(entry: AuditEntry): Promise<void> {
    const inverted = String(MAX_TIME - Date.parse(entry.at)).padStart(13, '0');
    await this.table.create({ partitionKey: entry.tenantId, rowKey: `${inverted}-${randomBytes(6).toString('hex')}` }, 'audit', entry);
  }

  async list(tenantId: string, options: { limit: number; before?: string }): Promise<{ entries: AuditEntry[]; next?: string }> {
    const filter = `PartitionKey eq '${odata(tenantId)}'${options.before ? ` and RowKey gt '${odata(options.before)}'` : ''}`;
    const entries: AuditEntry[] = [];
    let last: string | undefined;
    try {
      const pages = this.client.listEntities<{ data?: unknown }>({ queryOptions: { filter } }).byPage({ maxPageSize: options.limit });
      for await (const page of pages) {
        for (const row of page) {
          if (entries.length >= options.limit) break;
          const parsed = entryRecord.safeParse(typeof row.data === 'string' ? JSON.parse(row.data) : undefined);
          if (parsed.success) entries.push(parsed.data);
          last = row.rowKey;
        }
        break;
      }
    } catch (error) {
      throw storageError(error, { partitionKey: tenantId, rowKey: 'audit' });
    }
    return entries.length === options.limit && last ? { entries, next: last } : { entries };
  }
}
