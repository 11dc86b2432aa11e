import type { TransactionAction } from '@azure/data-tables';
import type { AuditEntry } from '../../domain/config/audit';
import type { BaseUrl } from '../../domain/config/base-url';
import { DomainError, isDomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import { auditAction } from './config-audit-table';
import { entity, RecordTable } from './config-entities';
import { INDEX, ROW } from './config-keys';
import { baseUrlPointer, baseUrlRecord } from './config-records';

/**
 * Base URL rows and what keeps them consistent:
 * - a claim row `urlclaim:{env}:{hash}` written in the same batch as the base URL makes
 *   the URL unique per environment within the tenant, atomically;
 * - the HL7 sender id row in `idx-hl7` is created (insert-only) before the base URL, so
 *   a sender id can never point at two base URLs;
 * - the launch index `idx-url-{hash}` is written after the base URL and checked on read
 *   (a stale index row is ignored), so it can lag but never lie;
 * - the audit entry of the change, when given, is in the same batch as the base URL row.
 */
interface Claim {
  tenantId: string;
  baseUrlId: string;
}

export class BaseUrlRows {
  constructor(private readonly table: RecordTable) {}

  list(tenantId: string): Promise<Versioned<BaseUrl>[]> {
    return this.table.list(tenantId, ROW.baseUrlPrefix, baseUrlRecord);
  }

  get(tenantId: string, id: string): Promise<Versioned<BaseUrl> | undefined> {
    return this.table.read({ partitionKey: tenantId, rowKey: ROW.baseUrl(id) }, baseUrlRecord);
  }

  async create(baseUrl: BaseUrl, audit?: AuditEntry): Promise<Versioned<BaseUrl>> {
    await this.releaseStaleClaim(baseUrl);
    try {
      await this.table.create({ partitionKey: INDEX.hl7Sender, rowKey: baseUrl.hl7SenderId }, 'hl7sender', pointer(baseUrl));
    } catch (error) {
      if (isDomainError(error) && error.code === 'conflict') throw new DomainError('conflict', 'The HL7 sender id is already in use; retry.', { reason: 'HL7_SENDER_TAKEN' });
      throw error;
    }
    const key = { partitionKey: baseUrl.tenantId, rowKey: ROW.baseUrl(baseUrl.id) };
    const claim = { partitionKey: baseUrl.tenantId, rowKey: ROW.urlClaim(baseUrl.environment, baseUrl.url) };
    try {
      const etags = await this.table.transact([
        ['create', entity(key, 'baseurl', baseUrl)],
        ['create', entity(claim, 'urlclaim', pointer(baseUrl))],
        ...audited(audit),
      ]);
      await this.index(baseUrl);
      return { value: baseUrl, etag: required(etags[0]) };
    } catch (error) {
      await this.table.deleteQuietly({ partitionKey: INDEX.hl7Sender, rowKey: baseUrl.hl7SenderId });
      throw duplicate(error, baseUrl);
    }
  }

  async update(baseUrl: BaseUrl, etag: string, audit?: AuditEntry): Promise<Versioned<BaseUrl>> {
    const key = { partitionKey: baseUrl.tenantId, rowKey: ROW.baseUrl(baseUrl.id) };
    const current = await this.get(baseUrl.tenantId, baseUrl.id);
    if (!current) throw new DomainError('not_found', 'The base URL does not exist.', { reason: 'BASE_URL_NOT_FOUND' });
    const before = current.value;
    const moved = before.url !== baseUrl.url || before.environment !== baseUrl.environment;
    if (!moved && !audit) return this.table.update(key, 'baseurl', baseUrl, etag);
    if (!moved) {
      const [next] = await this.table.transact([['update', entity(key, 'baseurl', baseUrl), 'Replace', { etag }], ...audited(audit)]);
      return { value: baseUrl, etag: required(next) };
    }
    await this.releaseStaleClaim(baseUrl);
    const oldClaim = { partitionKey: baseUrl.tenantId, rowKey: ROW.urlClaim(before.environment, before.url) };
    const newClaim = { partitionKey: baseUrl.tenantId, rowKey: ROW.urlClaim(baseUrl.environment, baseUrl.url) };
    try {
      const etags = await this.table.transact([
        ['update', entity(key, 'baseurl', baseUrl), 'Replace', { etag }],
        ['delete', oldClaim],
        ['create', entity(newClaim, 'urlclaim', pointer(baseUrl))],
        ...audited(audit),
      ]);
      await this.index(baseUrl);
      if (before.url !== baseUrl.url) await this.table.deleteQuietly({ partitionKey: INDEX.byUrl(before.url), rowKey: INDEX.byUrlRow(baseUrl.tenantId, baseUrl.id) });
      return { value: baseUrl, etag: required(etags[0]) };
    } catch (error) {
      throw duplicate(error, baseUrl);
    }
  }

  async delete(tenantId: string, id: string, etag: string, audit?: AuditEntry): Promise<void> {
    const current = await this.get(tenantId, id);
    if (!current) throw new DomainError('not_found', 'The base URL does not exist.', { reason: 'BASE_URL_NOT_FOUND' });
    const key = { partitionKey: tenantId, rowKey: ROW.baseUrl(id) };
    if (audit) await this.table.deleteWith(key, etag, audited(audit));
    else await this.table.delete(key, etag);
    const { url, environment } = current.value;
    await this.table.deleteQuietly({ partitionKey: tenantId, rowKey: ROW.urlClaim(environment, url) });
    await this.table.deleteQuietly({ partitionKey: INDEX.byUrl(url), rowKey: INDEX.byUrlRow(tenantId, id) });
  }

  async findByUrl(url: string): Promise<Versioned<BaseUrl>[]> {
    const pointers = await this.table.listPartition(INDEX.byUrl(url), baseUrlPointer);
    const found = await Promise.all(pointers.map((p) => this.get(p.value.tenantId, p.value.baseUrlId)));
    return found.filter((f): f is Versioned<BaseUrl> => f !== undefined && f.value.url === url);
  }

  async findByHl7SenderId(senderId: string): Promise<Versioned<BaseUrl> | undefined> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(senderId)) return undefined;
    const hit = await this.table.read({ partitionKey: INDEX.hl7Sender, rowKey: senderId }, baseUrlPointer);
    if (!hit) return undefined;
    const found = await this.get(hit.value.tenantId, hit.value.baseUrlId);
    return found && found.value.hl7SenderId === senderId ? found : undefined;
  }

  private index(baseUrl: BaseUrl): Promise<void> {
    return this.table.upsertIndex({ partitionKey: INDEX.byUrl(baseUrl.url), rowKey: INDEX.byUrlRow(baseUrl.tenantId, baseUrl.id) }, 'urlindex', pointer(baseUrl));
  }

  /** A claim left behind by a base URL that no longer exists (a crash mid-delete) is removed. */
  private async releaseStaleClaim(baseUrl: BaseUrl): Promise<void> {
    const claimKey = { partitionKey: baseUrl.tenantId, rowKey: ROW.urlClaim(baseUrl.environment, baseUrl.url) };
    const claim = await this.table.read<Claim>(claimKey, baseUrlPointer);
    if (!claim || claim.value.baseUrlId === baseUrl.id) return;
    const owner = await this.get(baseUrl.tenantId, claim.value.baseUrlId);
    if (!owner || owner.value.url !== baseUrl.url || owner.value.environment !== baseUrl.environment) await this.table.delete(claimKey, claim.etag);
  }
}

const pointer = (b: BaseUrl): Claim => ({ tenantId: b.tenantId, baseUrlId: b.id });
const audited = (audit: AuditEntry | undefined): TransactionAction[] => (audit ? [auditAction(audit)] : []);

function required(etag: string | undefined): string {
  if (!etag) throw new DomainError('internal', 'Table storage returned no ETag.');
  return etag;
}

function duplicate(error: unknown, baseUrl: BaseUrl): unknown {
  if (isDomainError(error) && error.code === 'conflict') {
    return new DomainError('conflict', `This organisation already has ${baseUrl.url} as a ${baseUrl.environment} base URL.`, {
      reason: 'BASE_URL_DUPLICATE',
      fields: [{ field: 'url', message: `is already configured for the ${baseUrl.environment} environment` }],
    });
  }
  return error;
}
