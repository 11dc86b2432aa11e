import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { LaunchRole } from '../../domain/launch/visit-context';
import type { ClaimedVisit, Visit, VisitClaim, VisitMeeting, VisitStore } from '../../ports/visit-store';
import { tableClient, tableStatus } from './table-client';
import { TABLES } from './table-names';

/**
 * Visits: PartitionKey = tenant id, so a visit and the names that lead to it share one
 * partition and are claimed in one all-or-nothing transaction.
 *   {base URL id}|{visit key}            the visit (its meeting once recorded, launch counters)
 *   {base URL id}|alias|{name}           a name of the appointment -> `leadsTo` the visit key
 * Ids are URI-encoded (so `/`, `#`, `?` and `|` stay out of the keys). Creation is an insert
 * (409 = someone else was first); updates carry the ETag read, retried on 412.
 */
const visitRowSchema = z.object({
  baseUrlId: z.string(),
  visitKey: z.string(),
  createdAt: z.string(),
  providerLaunches: z.number().int(),
  patientLaunches: z.number().int(),
  lastLaunchAt: z.string(),
  meetingId: z.string().optional(),
  externalId: z.string().optional(),
  organizerJoinUrl: z.string().optional(),
  attendeeJoinUrl: z.string().optional(),
  etag: z.string(),
});
const aliasRowSchema = z.object({ leadsTo: z.string() });

const MAX_ATTEMPTS = 20;
/** A transaction holds at most 100 operations: the visit row plus its names. */
const MAX_NAMES_PER_CLAIM = 99;

export class VisitTable implements VisitStore {
  private readonly client: TableClient;

  constructor(connection: string, table: string = TABLES.visits) {
    this.client = tableClient(connection, table);
  }

  async get(tenantId: string, baseUrlId: string, visitKey: string): Promise<Visit | undefined> {
    return (await this.find(tenantId, baseUrlId, visitKey))?.visit;
  }

  async find(tenantId: string, baseUrlId: string, visitKey: string): Promise<ClaimedVisit | undefined> {
    const entity = await this.read(tenantId, visitRowKey(baseUrlId, visitKey));
    return entity ? toClaimedVisit(tenantId, entity) : undefined;
  }

  async findNames(tenantId: string, baseUrlId: string, names: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(names)];
    const found = await Promise.all(unique.map(async (name) => [name, await this.read(tenantId, aliasRowKey(baseUrlId, name))] as const));
    const leads = new Map<string, string>();
    for (const [name, entity] of found) if (entity) leads.set(name, aliasRowSchema.parse(entity).leadsTo);
    return leads;
  }

  async claim(claim: VisitClaim): Promise<boolean> {
    const names = [...new Set(claim.names)];
    if (names.length > MAX_NAMES_PER_CLAIM) throw new Error(`a visit claim takes at most ${MAX_NAMES_PER_CLAIM} names`);
    const visit = { partitionKey: claim.tenantId, rowKey: visitRowKey(claim.baseUrlId, claim.visitKey), baseUrlId: claim.baseUrlId, visitKey: claim.visitKey, createdAt: claim.createdAt, providerLaunches: 0, patientLaunches: 0, lastLaunchAt: claim.createdAt };
    const actions: TransactionAction[] = [['create', visit], ...names.map((name): TransactionAction => ['create', aliasEntity(claim.tenantId, claim.baseUrlId, name, claim.visitKey, claim.createdAt)])];
    try {
      await this.client.submitTransaction(actions);
      return true;
    } catch (error) {
      if (tableStatus(error) === 409) return false;
      throw error;
    }
  }

  async addNames(tenantId: string, baseUrlId: string, visitKey: string, names: readonly string[], at: string): Promise<void> {
    await Promise.all(
      [...new Set(names)].map(async (name) => {
        try {
          await this.client.createEntity(aliasEntity(tenantId, baseUrlId, name, visitKey, at));
        } catch (error) {
          if (tableStatus(error) !== 409) throw error;
        }
      }),
    );
  }

  async recordMeeting(claimed: ClaimedVisit, meeting: VisitMeeting): Promise<Visit | undefined> {
    try {
      await this.client.updateEntity({ partitionKey: claimed.tenantId, rowKey: visitRowKey(claimed.baseUrlId, claimed.visitKey), ...meeting }, 'Merge', { etag: claimed.etag });
    } catch (error) {
      if (tableStatus(error) === 412) return undefined;
      throw error;
    }
    return this.get(claimed.tenantId, claimed.baseUrlId, claimed.visitKey);
  }

  async recordLaunch(tenantId: string, baseUrlId: string, visitKey: string, role: LaunchRole, at: Date): Promise<Visit> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const visit = await this.get(tenantId, baseUrlId, visitKey);
      if (!visit) throw new Error('cannot record a launch of a visit that has no meeting');
      const counters = role === 'provider' ? { providerLaunches: visit.providerLaunches + 1 } : { patientLaunches: visit.patientLaunches + 1 };
      try {
        const lastLaunchAt = at.toISOString();
        const result = await this.client.updateEntity({ partitionKey: tenantId, rowKey: visitRowKey(baseUrlId, visitKey), ...counters, lastLaunchAt }, 'Merge', { etag: visit.etag });
        return { ...visit, ...counters, lastLaunchAt, etag: result.etag ?? visit.etag };
      } catch (error) {
        if (tableStatus(error) !== 412) throw error;
      }
    }
    throw new Error(`visit launch not recorded after ${MAX_ATTEMPTS} concurrent changes`);
  }

  private async read(partitionKey: string, rowKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw error;
    }
  }
}

const visitRowKey = (baseUrlId: string, visitKey: string): string => `${encodeURIComponent(baseUrlId)}|${encodeURIComponent(visitKey)}`;
const aliasRowKey = (baseUrlId: string, name: string): string => `${encodeURIComponent(baseUrlId)}|alias|${encodeURIComponent(name)}`;

function aliasEntity(tenantId: string, baseUrlId: string, name: string, visitKey: string, at: string) {
  return { partitionKey: tenantId, rowKey: aliasRowKey(baseUrlId, name), baseUrlId, name, leadsTo: visitKey, createdAt: at };
}

function toClaimedVisit(tenantId: string, entity: Record<string, unknown>): ClaimedVisit {
  const { meetingId, externalId, organizerJoinUrl, attendeeJoinUrl, ...row } = visitRowSchema.parse(entity);
  const claimed = { tenantId, baseUrlId: row.baseUrlId, visitKey: row.visitKey, createdAt: row.createdAt, etag: row.etag };
  if (meetingId === undefined || externalId === undefined || organizerJoinUrl === undefined || attendeeJoinUrl === undefined) return { ...claimed, visit: undefined };
  return { ...claimed, visit: { tenantId, ...row, meetingId, externalId, organizerJoinUrl, attendeeJoinUrl } };
}
