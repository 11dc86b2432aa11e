import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { SKIP_REASONS, SMS_STATUSES, SMS_TYPES } from '../../domain/sms/sms-types';
import type { SmsLog, SmsLogEntry, SmsLogKey, VersionedSmsLogEntry } from '../../ports/sms-log';
import { conditional, readEntity, safeKey } from './sms-table-support';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * The SMS log on Table Storage: PartitionKey `{tenantId}|{yyyyMMdd}`, RowKey message id.
 * The status history is a JSON string (tables refuse nested objects). No phone number of a
 * patient is ever written here: the recipient is a keyed hash.
 */
const historySchema = z.array(z.object({ status: z.enum(SMS_STATUSES), at: z.string(), detail: z.string().optional() }));

const entitySchema = z.object({
  tenantId: z.string(),
  day: z.string(),
  messageId: z.string(),
  baseUrlId: z.string(),
  appointmentId: z.string(),
  type: z.enum(SMS_TYPES),
  requestId: z.string(),
  status: z.enum(SMS_STATUSES),
  history: z.string().transform((s, ctx) => {
    const parsed = historySchema.safeParse(JSON.parse(s));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'history is not a status list' });
      return z.NEVER;
    }
    return parsed.data;
  }),
  skipReason: z.enum(SKIP_REASONS).optional(),
  sendingNumber: z.string().optional(),
  recipientHash: z.string().optional(),
  segments: z.number().int().optional(),
  encoding: z.enum(['GSM-7', 'UCS-2']).optional(),
  providerMessageId: z.string().optional(),
  attempts: z.number().int(),
  repeatSeries: z.number().int().optional(),
  firstAttemptAt: z.string().optional(),
  lastAttemptAmbiguous: z.boolean().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const smsLogPartition = (tenantId: string, day: string): string => `${safeKey(tenantId)}|${day}`;

export class TableSmsLog implements SmsLog {
  constructor(private readonly client: TableClient) {}

  static fromConnection(connection: string, table: string = TABLES.smsLog): TableSmsLog {
    return new TableSmsLog(tableClient(connection, table));
  }

  async get(key: SmsLogKey): Promise<VersionedSmsLogEntry | undefined> {
    const raw = await readEntity(this.client, smsLogPartition(key.tenantId, key.day), safeKey(key.messageId));
    return raw ? { entry: toEntry(raw), etag: raw.etag } : undefined;
  }

  async create(entry: SmsLogEntry): Promise<VersionedSmsLogEntry | undefined> {
    const result = await conditional(() => this.client.createEntity(toEntity(entry)));
    return result?.etag ? { entry, etag: result.etag } : undefined;
  }

  async replace(entry: SmsLogEntry, etag: string): Promise<VersionedSmsLogEntry | undefined> {
    const result = await conditional(() => this.client.updateEntity(toEntity(entry), 'Replace', { etag }));
    return result?.etag ? { entry, etag: result.etag } : undefined;
  }

  async listDay(tenantId: string, day: string): Promise<SmsLogEntry[]> {
    const out: SmsLogEntry[] = [];
    const filter = `PartitionKey eq '${smsLogPartition(tenantId, day).replace(/'/g, "''")}'`;
    for await (const raw of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) out.push(toEntry(raw));
    return out;
  }
}

function toEntity(e: SmsLogEntry): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const { history, ...flat } = e;
  const defined = Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined));
  return { partitionKey: smsLogPartition(e.tenantId, e.day), rowKey: safeKey(e.messageId), ...defined, history: JSON.stringify(history) };
}

function toEntry(raw: Record<string, unknown>): SmsLogEntry {
  return entitySchema.parse(raw);
}
