import type { TableClient } from '@azure/data-tables';
import type { AuditEntry } from '../../domain/config/audit';
import type { BaseUrl, EhrEnvironment } from '../../domain/config/base-url';
import type { Certificate } from '../../domain/config/certificate';
import type { Operation } from '../../domain/config/operation';
import type { Organisation } from '../../domain/config/organisation';
import type { PhoneNumber, SmsConsents } from '../../domain/config/sms';
import { hasBothConsents } from '../../domain/config/sms';
import { DomainError, isDomainError } from '../../domain/errors';
import type { ConfigStore, SmsProfile, Versioned } from '../../ports/config-store';
import { auditAction } from './config-audit-table';
import { BaseUrlRows } from './config-base-url-rows';
import { entity, RecordTable, type Row } from './config-entities';
import { odata, ROW } from './config-keys';
import { certificateRecord, operationRecord, organisationRecord, phoneNumberRecord, smsConsentsRecord } from './config-records';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * ConfigStore on Azure Table Storage (Azurite locally): table `config`, one partition per
 * tenant. A write given an audit entry stores both in one batch (see config-audit-table.ts).
 */
export class TableConfigStore implements ConfigStore {
  private readonly table: RecordTable;
  private readonly baseUrls: BaseUrlRows;

  constructor(client: TableClient) {
    this.table = new RecordTable(client);
    this.baseUrls = new BaseUrlRows(this.table);
  }

  static fromConnection(connection: string, table: string = TABLES.config): TableConfigStore {
    return new TableConfigStore(tableClient(connection, table));
  }

  getOrganisation(tenantId: string): Promise<Versioned<Organisation> | undefined> {
    return this.table.read({ partitionKey: tenantId, rowKey: ROW.organisation }, organisationRecord);
  }

  async createOrganisation(organisation: Organisation, audit?: AuditEntry): Promise<Versioned<Organisation>> {
    try {
      return await this.create({ partitionKey: organisation.tenantId, rowKey: ROW.organisation }, 'organisation', organisation, audit);
    } catch (error) {
      throw renamed(error, 'conflict', 'The organisation already exists; read it and change it instead.', 'ORGANISATION_EXISTS');
    }
  }

  updateOrganisation(organisation: Organisation, etag: string, audit?: AuditEntry): Promise<Versioned<Organisation>> {
    return this.update({ partitionKey: organisation.tenantId, rowKey: ROW.organisation }, 'organisation', organisation, etag, audit);
  }

  listBaseUrls(tenantId: string): Promise<Versioned<BaseUrl>[]> {
    return this.baseUrls.list(tenantId);
  }

  getBaseUrl(tenantId: string, baseUrlId: string): Promise<Versioned<BaseUrl> | undefined> {
    return this.baseUrls.get(tenantId, baseUrlId);
  }

  createBaseUrl(baseUrl: BaseUrl, audit?: AuditEntry): Promise<Versioned<BaseUrl>> {
    return this.baseUrls.create(baseUrl, audit);
  }

  updateBaseUrl(baseUrl: BaseUrl, etag: string, audit?: AuditEntry): Promise<Versioned<BaseUrl>> {
    return this.baseUrls.update(baseUrl, etag, audit);
  }

  deleteBaseUrl(tenantId: string, baseUrlId: string, etag: string, audit?: AuditEntry): Promise<void> {
    return this.baseUrls.delete(tenantId, baseUrlId, etag, audit);
  }

  findBaseUrlsByUrl(normalisedUrl: string): Promise<Versioned<BaseUrl>[]> {
    return this.baseUrls.findByUrl(normalisedUrl);
  }

  async findApprovedBaseUrls(normalisedUrl: string, environment?: EhrEnvironment): Promise<BaseUrl[]> {
    const found = await this.baseUrls.findByUrl(normalisedUrl);
    return found.map((f) => f.value).filter((b) => b.approval.state === 'approved' && (environment === undefined || b.environment === environment));
  }

  findBaseUrlByHl7SenderId(hl7SenderId: string): Promise<Versioned<BaseUrl> | undefined> {
    return this.baseUrls.findByHl7SenderId(hl7SenderId);
  }

  getSmsConsents(tenantId: string): Promise<Versioned<SmsConsents> | undefined> {
    return this.table.read({ partitionKey: tenantId, rowKey: ROW.smsConsents }, smsConsentsRecord);
  }

  saveSmsConsents(consents: SmsConsents, etag: string | undefined, audit?: AuditEntry): Promise<Versioned<SmsConsents>> {
    const key = { partitionKey: consents.tenantId, rowKey: ROW.smsConsents };
    return etag === undefined ? this.create(key, 'smsconsents', consents, audit) : this.update(key, 'smsconsents', consents, etag, audit);
  }

  listPhoneNumbers(tenantId: string): Promise<Versioned<PhoneNumber>[]> {
    return this.table.list(tenantId, ROW.phonePrefix, phoneNumberRecord);
  }

  getPhoneNumber(tenantId: string, e164: string): Promise<Versioned<PhoneNumber> | undefined> {
    return this.table.read({ partitionKey: tenantId, rowKey: ROW.phone(e164) }, phoneNumberRecord);
  }

  createPhoneNumber(phoneNumber: PhoneNumber, audit?: AuditEntry): Promise<Versioned<PhoneNumber>> {
    return this.create({ partitionKey: phoneNumber.tenantId, rowKey: ROW.phone(phoneNumber.e164) }, 'phone', phoneNumber, audit);
  }

  deletePhoneNumber(tenantId: string, e164: string, etag: string, audit?: AuditEntry): Promise<void> {
    return this.remove({ partitionKey: tenantId, rowKey: ROW.phone(e164) }, etag, audit);
  }

  /**
   * One query on the row key across tenant partitions (no index row to keep in step): the
   * config table holds a few rows per tenant and a HELP reply is rare. Only a well-formed
   * E.164 number is looked up; a number two tenants hold names neither.
   */
  async findTenantIdBySendingNumber(e164: string): Promise<string | undefined> {
    if (!/^\+[1-9]\d{6,14}$/.test(e164)) return undefined;
    const tenants = new Set<string>();
    const rows = this.table.client.listEntities<{ data?: unknown }>({ queryOptions: { filter: `RowKey eq '${odata(ROW.phone(e164))}'` } });
    for await (const row of rows) {
      const parsed = phoneNumberRecord.safeParse(typeof row.data === 'string' ? safeJson(row.data) : undefined);
      if (parsed.success && parsed.data.e164 === e164 && parsed.data.tenantId === row.partitionKey) tenants.add(parsed.data.tenantId);
    }
    const [only] = tenants;
    return tenants.size === 1 ? only : undefined;
  }

  async getSmsProfile(tenantId: string, baseUrlId: string): Promise<SmsProfile | undefined> {
    const [baseUrl, organisation, consents] = await Promise.all([this.getBaseUrl(tenantId, baseUrlId), this.getOrganisation(tenantId), this.getSmsConsents(tenantId)]);
    if (!baseUrl || !organisation) return undefined;
    const linked = baseUrl.value.sms.phoneNumber;
    const phoneNumber = linked ? (await this.getPhoneNumber(tenantId, linked))?.value : undefined;
    const ready = baseUrl.value.approval.state === 'approved' && hasBothConsents(consents?.value) && phoneNumber !== undefined;
    return {
      baseUrl: baseUrl.value,
      organisation: organisation.value,
      consents: consents?.value,
      phoneNumber,
      confirmationEnabled: ready && baseUrl.value.sms.confirmation,
      remindersEnabled: ready && baseUrl.value.sms.reminders && baseUrl.value.sms.reminderMinutesBefore.length > 0,
    };
  }

  getCertificate(tenantId: string, environment: EhrEnvironment): Promise<Versioned<Certificate> | undefined> {
    return this.table.read({ partitionKey: tenantId, rowKey: ROW.certificate(environment) }, certificateRecord);
  }

  saveCertificate(certificate: Certificate, etag: string | undefined, audit?: AuditEntry): Promise<Versioned<Certificate>> {
    const key = { partitionKey: certificate.tenantId, rowKey: ROW.certificate(certificate.environment) };
    return etag === undefined ? this.create(key, 'certificate', certificate, audit) : this.update(key, 'certificate', certificate, etag, audit);
  }

  deleteCertificate(tenantId: string, environment: EhrEnvironment, etag: string, audit?: AuditEntry): Promise<void> {
    return this.remove({ partitionKey: tenantId, rowKey: ROW.certificate(environment) }, etag, audit);
  }

  getOperation(tenantId: string, operationId: string): Promise<Versioned<Operation> | undefined> {
    return this.table.read({ partitionKey: tenantId, rowKey: ROW.operation(operationId) }, operationRecord);
  }

  createOperation(operation: Operation, audit?: AuditEntry): Promise<Versioned<Operation>> {
    return this.create({ partitionKey: operation.tenantId, rowKey: ROW.operation(operation.id) }, 'operation', operation, audit);
  }

  updateOperation(operation: Operation, etag: string): Promise<Versioned<Operation>> {
    return this.table.update({ partitionKey: operation.tenantId, rowKey: ROW.operation(operation.id) }, 'operation', operation, etag);
  }

  async listRunningOperations(tenantId: string): Promise<Versioned<Operation>[]> {
    const all = await this.table.list(tenantId, ROW.operationPrefix, operationRecord);
    return all.filter((o) => o.value.status === 'running').sort((a, b) => a.value.createdAt.localeCompare(b.value.createdAt));
  }

  // A change alone, or the change and its audit entry in one batch -------------------

  private async create<T>(key: Row, kind: string, value: T, audit: AuditEntry | undefined): Promise<Versioned<T>> {
    if (!audit) return this.table.create(key, kind, value);
    const [etag] = await this.table.transact([['create', entity(key, kind, value)], auditAction(audit)]);
    return { value, etag: required(etag) };
  }

  private async update<T>(key: Row, kind: string, value: T, etag: string, audit: AuditEntry | undefined): Promise<Versioned<T>> {
    if (!audit) return this.table.update(key, kind, value, etag);
    const [next] = await this.table.transact([['update', entity(key, kind, value), 'Replace', { etag }], auditAction(audit)]);
    return { value, etag: required(next) };
  }

  private async remove(key: Row, etag: string, audit: AuditEntry | undefined): Promise<void> {
    if (!audit) return this.table.delete(key, etag);
    await this.table.deleteWith(key, etag, [auditAction(audit)]);
  }
}

function required(etag: string | undefined): string {
  if (!etag) throw new DomainError('internal', 'Table storage returned no ETag.');
  return etag;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function renamed(error: unknown, code: 'conflict', message: string, reason: string): unknown {
  return isDomainError(error) && error.code === code ? new DomainError(code, message, { reason, cause: error }) : error;
}
