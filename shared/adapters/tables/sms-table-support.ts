import type { TableClient } from '@azure/data-tables';
import { DomainError } from '../../domain/errors';
import { tableStatus } from './table-client';

/** Shared bits of the SMS tables: key checks, reads of one entity, conditional writes. */

/** Table keys may not contain `/ \ # ?` or control characters; E.164 and our ids never do, but be sure. */
export function safeKey(value: string): string {
  if (/[/\\#?\p{Cc}]/u.test(value) || value.length === 0 || value.length > 512) {
    throw new DomainError('validation', 'A storage key contains characters that are not allowed.', { reason: 'INVALID_STORAGE_KEY' });
  }
  return value;
}

/** Reads one entity; undefined when it does not exist. */
export async function readEntity(client: TableClient, partitionKey: string, rowKey: string): Promise<(Record<string, unknown> & { etag: string }) | undefined> {
  try {
    const entity = await client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    return { ...entity, etag: entity.etag };
  } catch (error) {
    if (tableStatus(error) === 404) return undefined;
    throw error;
  }
}

/** Runs a conditional write; resolves undefined when the condition failed (409 on insert, 412 on update). */
export async function conditional<T>(write: () => Promise<T>): Promise<T | undefined> {
  try {
    return await write();
  } catch (error) {
    const status = tableStatus(error);
    if (status === 409 || status === 412 || status === 404) return undefined;
    throw error;
  }
}
