import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import { prefixFilter } from './config-keys';
import { tableStatus } from './table-client';

/**
 * Reads and conditional writes of JSON records in one table: each row holds the record
 * as a JSON string in `data` (nested objects are not table properties) plus its `kind`.
 * Storage errors become DomainErrors: 409 -> conflict, 412 -> precondition_failed,
 * 404 -> not_found.
 */
export interface Row {
  partitionKey: string;
  rowKey: string;
}

export class RecordTable {
  constructor(readonly client: TableClient) {}

  async read<T>(key: Row, schema: z.ZodType<T>): Promise<Versioned<T> | undefined> {
    try {
      const entity = await this.client.getEntity<{ data?: unknown }>(key.partitionKey, key.rowKey);
      return { value: decode(key, entity.data, schema), etag: etagOf(entity.etag) };
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw storageError(error, key);
    }
  }

  async list<T>(partitionKey: string, rowPrefix: string, schema: z.ZodType<T>): Promise<Versioned<T>[]> {
    const out: Versioned<T>[] = [];
    try {
      const rows = this.client.listEntities<{ data?: unknown }>({ queryOptions: { filter: prefixFilter(partitionKey, rowPrefix) } });
      for await (const entity of rows) {
        out.push({ value: decode({ partitionKey, rowKey: entity.rowKey ?? '' }, entity.data, schema), etag: etagOf(entity.etag) });
      }
    } catch (error) {
      if (tableStatus(error) === 404) return [];
      throw storageError(error, { partitionKey, rowKey: rowPrefix });
    }
    return out;
  }

  async listPartition<T>(partitionKey: string, schema: z.ZodType<T>): Promise<{ rowKey: string; value: T }[]> {
    const out: { rowKey: string; value: T }[] = [];
    const filter = `PartitionKey eq '${partitionKey.replace(/'/g, "''")}'`;
    for await (const entity of this.client.listEntities<{ data?: unknown }>({ queryOptions: { filter } })) {
      const rowKey = entity.rowKey ?? '';
      out.push({ rowKey, value: decode({ partitionKey, rowKey }, entity.data, schema) });
    }
    return out;
  }

  async create<T>(key: Row, kind: string, value: T): Promise<Versioned<T>> {
    try {
      const response = await this.client.createEntity(entity(key, kind, value));
      return { value, etag: etagOf(response.etag) };
    } catch (error) {
      throw storageError(error, key);
    }
  }

  async update<T>(key: Row, kind: string, value: T, etag: string): Promise<Versioned<T>> {
    try {
      const response = await this.client.updateEntity(entity(key, kind, value), 'Replace', { etag });
      return { value, etag: etagOf(response.etag) };
    } catch (error) {
      throw storageError(error, key);
    }
  }

  /** Insert or replace without a condition: only for index rows whose truth is checked on read. */
  async upsertIndex<T>(key: Row, kind: string, value: T): Promise<void> {
    await this.client.upsertEntity(entity(key, kind, value), 'Replace');
  }

  async delete(key: Row, etag: string): Promise<void> {
    try {
      await this.client.deleteEntity(key.partitionKey, key.rowKey, { etag });
    } catch (error) {
      throw storageError(error, key);
    }
  }

  /**
   * Deletes the row if its ETag is still `etag`, together with `actions` (same partition) in
   * one batch. A batch deletes without a condition, so the ETag is checked first by a
   * conditional no-op merge, which fails with `precondition_failed` when the row changed.
   */
  async deleteWith(key: Row, etag: string, actions: TransactionAction[]): Promise<void> {
    try {
      await this.client.updateEntity({ partitionKey: key.partitionKey, rowKey: key.rowKey }, 'Merge', { etag });
    } catch (error) {
      throw storageError(error, key);
    }
    await this.transact([['delete', { partitionKey: key.partitionKey, rowKey: key.rowKey }], ...actions]);
  }

  /** Deletes if present, ignoring absence: for index rows and claims. */
  async deleteQuietly(key: Row): Promise<void> {
    try {
      await this.client.deleteEntity(key.partitionKey, key.rowKey);
    } catch (error) {
      if (tableStatus(error) !== 404) throw storageError(error, key);
    }
  }

  /**
   * All-or-nothing in one partition. Returns the new ETag of each action, in order
   * (sub-responses come back in request order; their row keys are URL-encoded).
   */
  async transact(actions: TransactionAction[]): Promise<(string | undefined)[]> {
    try {
      const response = await this.client.submitTransaction(actions);
      return actions.map((_, i) => response.subResponses[i]?.etag?.trim());
    } catch (error) {
      throw storageError(error, { partitionKey: actions[0]?.[1].partitionKey ?? '', rowKey: '(batch)' });
    }
  }
}

export function entity<T>(key: Row, kind: string, value: T): { partitionKey: string; rowKey: string; kind: string; data: string } {
  return { partitionKey: key.partitionKey, rowKey: key.rowKey, kind, data: JSON.stringify(value) };
}

function decode<T>(key: Row, data: unknown, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DomainError('internal', `The configuration record ${key.rowKey} is unreadable; it must be repaired or removed.`, { reason: 'CONFIG_RECORD_CORRUPT' });
  return parsed.data;
}

function etagOf(etag: string | undefined): string {
  if (!etag) throw new DomainError('internal', 'Table storage returned no ETag.');
  return etag;
}

export function storageError(error: unknown, key: Row): DomainError {
  const status = tableStatus(error);
  if (status === 409) return new DomainError('conflict', `The record ${key.rowKey} already exists.`, { reason: 'ALREADY_EXISTS', cause: error });
  if (status === 412) return new DomainError('precondition_failed', 'The record changed since you read it; read it again and retry.', { reason: 'ETAG_MISMATCH', cause: error });
  if (status === 404) return new DomainError('not_found', `The record ${key.rowKey} does not exist.`, { reason: 'NOT_FOUND', cause: error });
  return new DomainError('upstream_unavailable', 'The configuration store is unavailable; try again shortly.', { reason: 'CONFIG_STORE_UNAVAILABLE', cause: error });
}
