import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { PacingDecision, SmsPacing } from '../../ports/sms-pacing';
import { conditional, readEntity, safeKey } from './sms-table-support';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * A token bucket per sending number in Table Storage (PartitionKey the number's digits,
 * RowKey `bucket`), updated with If-Match so every host draws from the same bucket.
 */
const entitySchema = z.object({ tokens: z.number(), refilledAt: z.string() });

export class TableSmsPacing implements SmsPacing {
  private readonly perMs: number;

  constructor(private readonly client: TableClient, ratePerMinute: number, private readonly burst: number) {
    this.perMs = ratePerMinute / 60_000;
  }

  static fromConnection(connection: string, ratePerMinute: number, burst: number, table: string = TABLES.smsPacing): TableSmsPacing {
    return new TableSmsPacing(tableClient(connection, table), ratePerMinute, burst);
  }

  async take(sendingNumber: string, now: Date): Promise<PacingDecision> {
    const partitionKey = safeKey(sendingNumber.replace(/\D/g, ''));
    for (let attempt = 0; attempt < 8; attempt++) {
      const raw = await readEntity(this.client, partitionKey, 'bucket');
      const current = raw ? entitySchema.parse(raw) : { tokens: this.burst, refilledAt: now.toISOString() };
      const elapsed = Math.max(0, now.getTime() - Date.parse(current.refilledAt));
      const tokens = Math.min(this.burst, current.tokens + elapsed * this.perMs);
      if (tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
      const entity = { partitionKey, rowKey: 'bucket', tokens: tokens - 1, refilledAt: now.toISOString() };
      const written = raw
        ? await conditional(() => this.client.updateEntity(entity, 'Replace', { etag: raw.etag }))
        : await conditional(() => this.client.createEntity(entity));
      if (written) return { ok: true };
    }
    return { ok: false, retryAfterSeconds: 1 };
  }
}
