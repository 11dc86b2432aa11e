import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { EhrUser, EhrUserStore } from '../../ports/ehr-user-store';
import { tableClient, tableStatus } from './table-client';
import { TABLES } from './table-names';

/**
 * `ehrusers`: PartitionKey = tenant id, RowKey = the EHR user id URI-encoded (a fhirUser URL has
 * `/` and may have `?` or `#`, which keys must not contain). Insert-only: a user is written once
 * (an existing row answers 409 and is left as it is), so no update and no ETag is ever needed.
 */
const rowSchema = z.object({
  type: z.enum(['Practitioner', 'Patient', 'RelatedPerson', 'Person']),
  baseUrlId: z.string().min(1),
  firstSeenAt: z.string().min(1),
});

export class EhrUserTable implements EhrUserStore {
  private readonly client: TableClient;

  constructor(connection: string, table: string = TABLES.ehrUsers) {
    this.client = tableClient(connection, table);
  }

  async remember(user: EhrUser): Promise<'created' | 'existing'> {
    try {
      await this.client.createEntity({ partitionKey: user.tenantId, rowKey: ehrUserRowKey(user.ehrUserId), type: user.type, baseUrlId: user.baseUrlId, firstSeenAt: user.firstSeenAt });
      return 'created';
    } catch (error) {
      if (tableStatus(error) === 409) return 'existing';
      throw error;
    }
  }

  async get(tenantId: string, ehrUserId: string): Promise<EhrUser | undefined> {
    try {
      const entity = await this.client.getEntity<Record<string, unknown>>(tenantId, ehrUserRowKey(ehrUserId));
      return { tenantId, ehrUserId, ...rowSchema.parse(entity) };
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw error;
    }
  }
}

export const ehrUserRowKey = (ehrUserId: string): string => encodeURIComponent(ehrUserId);
