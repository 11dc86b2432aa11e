import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { GEOGRAPHIES } from '../../domain/appointment/geography';
import type { JoinLinkRecord, JoinLinks } from '../../usecases/sms/sms-sources';
import { conditional, readEntity, safeKey } from './sms-table-support';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/** Join links on Table Storage: PartitionKey the token, RowKey `link`. Created once, never changed. */
const entitySchema = z.object({
  tenantId: z.string(),
  baseUrlId: z.string(),
  appointmentId: z.string(),
  geography: z.enum(GEOGRAPHIES),
  createdAt: z.string(),
});

export class TableJoinLinks implements JoinLinks {
  constructor(private readonly client: TableClient) {}

  static fromConnection(connection: string, table: string = TABLES.smsJoinLinks): TableJoinLinks {
    return new TableJoinLinks(tableClient(connection, table));
  }

  async ensure(token: string, record: JoinLinkRecord): Promise<void> {
    const existing = await readEntity(this.client, safeKey(token), 'link');
    if (existing) return;
    await conditional(() => this.client.createEntity({ partitionKey: token, rowKey: 'link', ...record }));
  }

  async find(token: string): Promise<JoinLinkRecord | undefined> {
    const raw = await readEntity(this.client, safeKey(token), 'link');
    return raw ? entitySchema.parse(raw) : undefined;
  }
}
