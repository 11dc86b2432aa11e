import type { TableClient } from '@azure/data-tables';
import type { Geography } from '../../domain/appointment/geography';
import { DomainError } from '../../domain/errors';
import { tableClient, tableStatus } from './table-client';

/** Shared by the scheduling feed's tables (appointments, due index, dead letters, token ids). */
export type GeographyConnections = Record<Geography, string>;

/** Keys may not hold `/ \ # ?` or control characters; EHR ids can hold anything, so encode. */
export const encodeKey = (value: string): string => encodeURIComponent(value);

/** One client per geography for a table (the table lives in each geography's own account). */
export class GeographyTables {
  private readonly clients = new Map<Geography, TableClient>();

  constructor(private readonly connections: GeographyConnections, private readonly table: string) {}

  client(geography: Geography): TableClient {
    let client = this.clients.get(geography);
    if (!client) {
      client = tableClient(this.connections[geography], this.table);
      this.clients.set(geography, client);
    }
    return client;
  }
}

/** Maps the table service's answers on conditional writes to domain errors. */
export function conditionalWriteError(error: unknown, what: string): unknown {
  const status = tableStatus(error);
  if (status === 409) return new DomainError('conflict', `${what} already exists.`, { cause: error });
  if (status === 412 || status === 404) return new DomainError('precondition_failed', `${what} changed since it was read.`, { cause: error });
  return error;
}
