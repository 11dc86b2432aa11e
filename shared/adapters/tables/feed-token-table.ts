import type { TableClient } from '@azure/data-tables';
import { encodeKey } from './appointment-table-support';
import { tableClient, tableStatus } from './table-client';
import { TABLES } from './table-names';
import type { FeedTokenIds } from '../../ports/feed-token-ids';

/** `yyyyMMddHH` (UTC): token ids are kept per hour of expiry, so forgetting is a partition range. */
const hourBucket = (instant: Date): string => instant.toISOString().slice(0, 13).replace(/[-T]/g, '');

/** FeedTokenIds on the `hl7tokens` table: PartitionKey expiry hour, RowKey issuer + jti. Insert-only. */
export class FeedTokenTable implements FeedTokenIds {
  /** One client for the app's life: building one per request costs a pipeline per HL7 message. */
  private readonly client: TableClient;

  constructor(connection: string, table: string = TABLES.hl7Tokens) {
    this.client = tableClient(connection, table);
  }

  async remember(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.createEntity({ partitionKey: hourBucket(expiresAt), rowKey: `${encodeKey(issuer)}|${encodeKey(jti)}` });
      return true;
    } catch (error) {
      if (tableStatus(error) === 409) return false;
      throw error;
    }
  }

  async forgetExpired(before: Date): Promise<number> {
    const client = this.client;
    let count = 0;
    const filter = `PartitionKey lt '${hourBucket(before)}'`;
    for await (const entity of client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      if (typeof entity.partitionKey !== 'string' || typeof entity.rowKey !== 'string' || typeof entity.etag !== 'string') continue;
      try {
        await client.deleteEntity(entity.partitionKey, entity.rowKey, { etag: entity.etag });
        count++;
      } catch (error) {
        if (tableStatus(error) !== 404 && tableStatus(error) !== 412) throw error;
      }
    }
    return count;
  }
}
