import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { ApprovalSessionStore, ApprovalSignInSession } from '../../ports/approver-sign-in';
import { isDomainError } from '../../domain/errors';
import { RecordTable, storageError } from './config-entities';
import { odata } from './config-keys';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * Approver sign-ins in progress, in the config table under PartitionKey `approval-signin`,
 * RowKey = the OAuth state (base64url, so key-safe). The EHR's redirect carries only the
 * state, so the row must be found without the tenant. A row lives until it is used (the
 * approval deletes it) or expires (deleted when read after expiry, and by the purge timer).
 */
const PARTITION = 'approval-signin';

const sessionRecord: z.ZodType<ApprovalSignInSession> = z.object({
  state: z.string(),
  tenantId: z.string(),
  baseUrlId: z.string(),
  userId: z.string(),
  upn: z.string(),
  url: z.string(),
  pending: z.object({ iss: z.string(), state: z.string(), codeVerifier: z.string(), redirectUri: z.string() }),
  startedAt: z.string(),
  expiresAt: z.string(),
  completed: z.object({ ehrUserId: z.string(), at: z.string() }).optional(),
  used: z.boolean().optional(),
});

export class TableApprovalSessionStore implements ApprovalSessionStore {
  private readonly table: RecordTable;

  constructor(private readonly client: TableClient) {
    this.table = new RecordTable(client);
  }

  static fromConnection(connection: string, table: string = TABLES.config): TableApprovalSessionStore {
    return new TableApprovalSessionStore(tableClient(connection, table));
  }

  async create(session: ApprovalSignInSession): Promise<void> {
    await this.table.create({ partitionKey: PARTITION, rowKey: session.state }, 'approvalsignin', session);
  }

  async get(state: string): Promise<{ session: ApprovalSignInSession; etag: string } | undefined> {
    if (!/^[A-Za-z0-9_-]{22,128}$/.test(state)) return undefined;
    const found = await this.table.read({ partitionKey: PARTITION, rowKey: state }, sessionRecord);
    return found ? { session: found.value, etag: found.etag } : undefined;
  }

  async replace(session: ApprovalSignInSession, etag: string): Promise<void> {
    await this.table.update({ partitionKey: PARTITION, rowKey: session.state }, 'approvalsignin', session, etag);
  }

  async delete(state: string, etag: string): Promise<void> {
    await this.table.delete({ partitionKey: PARTITION, rowKey: state }, etag);
  }

  /** One partition query; a row that no longer reads as a sign-in is removed too (it can never be used). */
  async forgetExpired(before: Date): Promise<number> {
    let forgotten = 0;
    try {
      const rows = this.client.listEntities<{ data?: unknown }>({ queryOptions: { filter: `PartitionKey eq '${odata(PARTITION)}'` } });
      for await (const row of rows) {
        const session = sessionRecord.safeParse(parseJson(row.data));
        const expired = !session.success || !(Date.parse(session.data.expiresAt) >= before.getTime());
        if (!expired || !row.rowKey || !row.etag) continue;
        try {
          await this.table.delete({ partitionKey: PARTITION, rowKey: row.rowKey }, row.etag);
          forgotten++;
        } catch (error) {
          // Used or changed meanwhile: whoever touched it decides.
          if (!(isDomainError(error) && (error.code === 'precondition_failed' || error.code === 'not_found'))) throw error;
        }
      }
    } catch (error) {
      throw isDomainError(error) ? error : storageError(error, { partitionKey: PARTITION, rowKey: '(expired sign-ins)' });
    }
    return forgotten;
  }
}

function parseJson(data: unknown): unknown {
  try {
    return typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    return undefined;
  }
}
