import { z } from 'zod';
import type { Geography } from '../../domain/appointment/geography';
import { feedWorkItemSchema } from '../../domain/appointment/scheduling-message';
import { DomainError } from '../../domain/errors';
import type { DeadLetter, DeadLetters } from '../../ports/dead-letters';
import { conditionalWriteError, encodeKey, GeographyTables, type GeographyConnections } from './appointment-table-support';
import { tableStatus } from './table-client';
import { GEOGRAPHY_TABLES } from './table-names';

const entitySchema = z.object({
  rowKey: z.string(),
  etag: z.string(),
  tenantId: z.string(),
  item: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.string(),
});

/** DeadLetters on the `hl7deadletters` table of each geography's storage account. */
export class DeadLetterTable implements DeadLetters {
  private readonly tables: GeographyTables;

  constructor(connections: GeographyConnections, table: string = GEOGRAPHY_TABLES.hl7DeadLetters) {
    this.tables = new GeographyTables(connections, table);
  }

  /** Replacing is right here: the same message failing again is the same dead letter, newest reason. */
  async put(geography: Geography, letter: DeadLetter): Promise<void> {
    await this.tables.client(geography).upsertEntity(toEntity(letter), 'Replace');
  }

  async replace(geography: Geography, letter: DeadLetter, etag: string): Promise<void> {
    try {
      await this.tables.client(geography).updateEntity(toEntity(letter), 'Replace', { etag });
    } catch (error) {
      throw conditionalWriteError(error, 'The dead letter');
    }
  }

  async listWithMobile(geography: Geography, limit: number): Promise<{ letter: DeadLetter; etag: string }[]> {
    const out: { letter: DeadLetter; etag: string }[] = [];
    for await (const page of this.tables.client(geography).listEntities({ queryOptions: { filter: 'hasMobile eq true' } }).byPage({ maxPageSize: Math.min(limit, 1000) })) {
      for (const raw of page) {
        out.push(fromEntity(raw));
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  async list(geography: Geography, tenantId: string, limit: number): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    const filter = `PartitionKey eq '${encodeKey(tenantId).replace(/'/g, "''")}'`;
    for await (const page of this.tables.client(geography).listEntities({ queryOptions: { filter } }).byPage({ maxPageSize: Math.min(limit, 1000) })) {
      for (const raw of page) {
        out.push(fromEntity(raw).letter);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  async get(geography: Geography, tenantId: string, id: string): Promise<{ letter: DeadLetter; etag: string } | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
    try {
      return fromEntity(await this.tables.client(geography).getEntity(encodeKey(tenantId), id));
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw error;
    }
  }

  async remove(geography: Geography, tenantId: string, id: string, etag: string): Promise<void> {
    try {
      await this.tables.client(geography).deleteEntity(encodeKey(tenantId), id, { etag });
    } catch (error) {
      if (tableStatus(error) === 404) throw new DomainError('not_found', 'The dead letter no longer exists.', { cause: error });
      throw conditionalWriteError(error, 'The dead letter');
    }
  }
}

function toEntity(letter: DeadLetter): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: encodeKey(letter.tenantId),
    rowKey: letter.id,
    tenantId: letter.tenantId,
    item: JSON.stringify(letter.item),
    hasMobile: letter.item.message.mobile !== undefined,
    reason: letter.reason,
    attempts: letter.attempts,
    failedAt: letter.failedAt,
  };
}

function fromEntity(raw: unknown): { letter: DeadLetter; etag: string } {
  const e = entitySchema.parse(raw);
  const item = feedWorkItemSchema.parse(JSON.parse(e.item));
  return { letter: { id: e.rowKey, tenantId: e.tenantId, item, reason: e.reason, attempts: e.attempts, failedAt: e.failedAt }, etag: e.etag };
}
