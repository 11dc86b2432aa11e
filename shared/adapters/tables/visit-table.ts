import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { LaunchRole } from '../../domain/launch/visit-context';
import type { NewVisit, Visit, VisitStore } from '../../ports/visit-store';
import { statusOf } from './launch-state-table';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * Visits: PartitionKey = tenant id, RowKey = base URL id + visit key (URI-encoded so ids
 * with `/`, `#` or `?` stay legal keys). Creation is an insert (409 = someone else created
 * it: read theirs); launch counters are updated with the ETag read, retried on 412.
 */
const rowSchema = z.object({
  baseUrlId: z.string(),
  visitKey: z.string(),
  meetingId: z.string(),
  externalId: z.string(),
  organizerJoinUrl: z.string(),
  attendeeJoinUrl: z.string(),
  createdAt: z.string(),
  providerLaunches: z.number().int(),
  patientLaunches: z.number().int(),
  lastLaunchAt: z.string(),
  etag: z.string(),
});

const MAX_ATTEMPTS = 20;

export class VisitTable implements VisitStore {
  private readonly client: TableClient;

  constructor(connection: string, table: string = TABLES.visits) {
    this.client = tableClient(connection, table);
  }

  async get(tenantId: string, baseUrlId: string, visitKey: string): Promise<Visit | undefined> {
    try {
      const entity = await this.client.getEntity<Record<string, unknown>>(tenantId, rowKey(baseUrlId, visitKey));
      return toVisit(tenantId, entity);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async createOrGet(visit: NewVisit): Promise<Visit> {
    const { tenantId, ...rest } = visit;
    try {
      await this.client.createEntity({ partitionKey: tenantId, rowKey: rowKey(visit.baseUrlId, visit.visitKey), ...rest, providerLaunches: 0, patientLaunches: 0, lastLaunchAt: visit.createdAt });
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    const stored = await this.get(tenantId, visit.baseUrlId, visit.visitKey);
    if (!stored) throw new Error('visit vanished right after it was created');
    return stored;
  }

  async recordLaunch(tenantId: string, baseUrlId: string, visitKey: string, role: LaunchRole, at: Date): Promise<Visit> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const visit = await this.get(tenantId, baseUrlId, visitKey);
      if (!visit) throw new Error('cannot record a launch of a visit that does not exist');
      const counters = role === 'provider' ? { providerLaunches: visit.providerLaunches + 1 } : { patientLaunches: visit.patientLaunches + 1 };
      try {
        const lastLaunchAt = at.toISOString();
        const result = await this.client.updateEntity({ partitionKey: tenantId, rowKey: rowKey(baseUrlId, visitKey), ...counters, lastLaunchAt }, 'Merge', { etag: visit.etag });
        return { ...visit, ...counters, lastLaunchAt, etag: result.etag ?? visit.etag };
      } catch (error) {
        if (statusOf(error) !== 412) throw error;
      }
    }
    throw new Error(`visit launch not recorded after ${MAX_ATTEMPTS} concurrent changes`);
  }
}

const rowKey = (baseUrlId: string, visitKey: string): string => `${encodeURIComponent(baseUrlId)}|${encodeURIComponent(visitKey)}`;

function toVisit(tenantId: string, entity: Record<string, unknown>): Visit {
  const row = rowSchema.parse(entity);
  return { tenantId, ...row };
}
