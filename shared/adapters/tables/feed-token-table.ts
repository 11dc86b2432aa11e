import { tableClient } from './table-client';
import { encodeKey, tableStatus } from './appointment-table-support';
import { TABLES } from './table-names';
import type { FeedTokenIds } from '../../ports/feed-token-ids';

/** `yyyyMMddHH` (UTC): token ids are kept per hour of expiry, so forgetting is a partition range. */
const hourBucket = (instant: Date): string => instant.toISOString().slice(0, 13).replace(/[-T]/g, '');

/** FeedTokenIds on the `hl7tokens` table: PartitionKey expiry hour, RowKey issuer + jti. Insert-only. */
export class FeedTokenTable implements FeedTokenIds {
  constructor(private readonly connection: string, private readonly table: string = TABLES.hl7Tokens) {}

  async remember(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    try {
      await tableClient(this.connection, this.table).createEntity({ partitionKey: hourBucket(expiresAt), rowKey: `${encodeKey(issuer)}|${encodeKey(jti)}` });
      return true;
    } catch (error) {
      if (tableStatus(error) === 409) return false;
      throw error;
    }
  }

  async forgetExpired(before: Date): Promise<number> {
    const client = tableClient(this.connection, this.table);
    let count = 0;
    const filter = `PartitionKey lt '${hourBucket(before)}'`;
    for await (const entity of client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      if (typeof entity.partitionKey !== 'string' || typeof entity.rowKey !== 'string') continue;
      try {
        await client.deleteEntity(entity.partitionKey, entity.rowKey, { etag: '*' });
        count++;
      } catch (error) {
        if (tableStatus(error) !== 404) throw error;
      }
    }
    return count;
  }
}
