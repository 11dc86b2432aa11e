import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { recipientHash } from '../../domain/sms/keyed-hash';
import { maskPhoneNumber } from '../../domain/config/sms-rules';
import { segmentInfo } from '../../domain/sms/segments';
import { tableClient } from '../tables/table-client';
import { TABLES } from '../tables/table-names';

/**
 * The local outbox: every text the app would have sent, kept in table `smsoutbox`
 * (PartitionKey `outbox`, RowKey newest-first). The patient's number is kept only masked
 * (+1608•••0142) and as the keyed hash, so the outbox is no store of phone numbers either.
 */
export interface OutboxMessage {
  providerMessageId: string;
  from: string;
  toMasked: string;
  recipientHash: string;
  text: string;
  tag: string;
  repeatabilityId: string;
  segments: number;
  encoding: string;
  createdAt: string;
}

const entitySchema = z.object({
  providerMessageId: z.string(),
  from: z.string(),
  toMasked: z.string(),
  recipientHash: z.string(),
  text: z.string(),
  tag: z.string(),
  repeatabilityId: z.string(),
  segments: z.number(),
  encoding: z.string(),
  createdAt: z.string(),
});

const PARTITION = 'outbox';

export class OutboxStore {
  constructor(private readonly client: TableClient, private readonly hashKey: string) {}

  static fromConnection(connection: string, hashKey: string, table: string = TABLES.smsOutbox): OutboxStore {
    return new OutboxStore(tableClient(connection, table), hashKey);
  }

  /** Stores a message once per repeatability id (a repeat returns the first message's id). */
  async add(input: { from: string; to: string; text: string; tag: string; repeatabilityId: string; at: Date }): Promise<{ providerMessageId: string; repeated: boolean }> {
    const index = await this.client.getEntity<Record<string, unknown>>('repeat', input.repeatabilityId).catch(() => undefined);
    const known = index ? z.object({ providerMessageId: z.string() }).safeParse(index) : undefined;
    if (known?.success) return { providerMessageId: known.data.providerMessageId, repeated: true };
    const providerMessageId = `Outgoing_outbox_${randomUUID()}`;
    const info = segmentInfo(input.text);
    const message: OutboxMessage = {
      providerMessageId,
      from: input.from,
      toMasked: maskPhoneNumber(input.to),
      recipientHash: recipientHash(this.hashKey, input.to),
      text: input.text,
      tag: input.tag,
      repeatabilityId: input.repeatabilityId,
      segments: info.segments,
      encoding: info.encoding,
      createdAt: input.at.toISOString(),
    };
    const rowKey = `${String(9_999_999_999_999 - input.at.getTime()).padStart(13, '0')}-${providerMessageId}`;
    await this.client.createEntity({ partitionKey: PARTITION, rowKey, ...message });
    await this.client.upsertEntity({ partitionKey: 'repeat', rowKey: input.repeatabilityId, providerMessageId }, 'Replace');
    return { providerMessageId, repeated: false };
  }

  /** Newest first. */
  async list(limit = 200): Promise<OutboxMessage[]> {
    const out: OutboxMessage[] = [];
    const pages = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${PARTITION}'` } }).byPage({ maxPageSize: Math.min(limit, 1000) });
    for await (const page of pages) {
      for (const raw of page) {
        const parsed = entitySchema.safeParse(raw);
        if (parsed.success) out.push(parsed.data);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }
}
