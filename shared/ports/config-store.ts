import type { AuditEntry } from '../domain/config/audit';
import type { BaseUrl, EhrEnvironment } from '../domain/config/base-url';
import type { Certificate } from '../domain/config/certificate';
import type { Operation } from '../domain/config/operation';
import type { Organisation } from '../domain/config/organisation';
import type { PhoneNumber, SmsConsents } from '../domain/config/sms';

/**
 * The organisation's configuration and approval state. Reads carry an ETag; writes are
 * conditional: `create*` fails with `conflict` when the record exists, `update*` /
 * `delete*` take the ETag that was read and fail with `precondition_failed` when the
 * record changed since (and `not_found` when it is gone). Nothing is ever blindly
 * overwritten. Errors are `DomainError`s.
 *
 * A write given an `audit` entry stores the entry with the change, all or nothing: a change
 * is never kept without its entry (the admin API's promise), nor an entry without its change.
 * The entry must belong to the same tenant as the record.
 */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** Everything the SMS part of the product needs to text a patient of one base URL. */
export interface SmsProfile {
  baseUrl: BaseUrl;
  organisation: Organisation;
  consents: SmsConsents | undefined;
  /** The linked sending number, if it exists. */
  phoneNumber: PhoneNumber | undefined;
  /** True only when the base URL is approved, both consents are given and the number exists. */
  confirmationEnabled: boolean;
  remindersEnabled: boolean;
}

export interface ConfigStore {
  // Organisation ---------------------------------------------------------------------
  getOrganisation(tenantId: string): Promise<Versioned<Organisation> | undefined>;
  createOrganisation(organisation: Organisation, audit?: AuditEntry): Promise<Versioned<Organisation>>;
  updateOrganisation(organisation: Organisation, etag: string, audit?: AuditEntry): Promise<Versioned<Organisation>>;

  // Base URLs ------------------------------------------------------------------------
  listBaseUrls(tenantId: string): Promise<Versioned<BaseUrl>[]>;
  getBaseUrl(tenantId: string, baseUrlId: string): Promise<Versioned<BaseUrl> | undefined>;
  /** Fails with `conflict` (reason `BASE_URL_DUPLICATE`) when the tenant already has this URL in this environment. */
  createBaseUrl(baseUrl: BaseUrl, audit?: AuditEntry): Promise<Versioned<BaseUrl>>;
  /** Same uniqueness rule as create when the URL or environment changes. */
  updateBaseUrl(baseUrl: BaseUrl, etag: string, audit?: AuditEntry): Promise<Versioned<BaseUrl>>;
  deleteBaseUrl(tenantId: string, baseUrlId: string, etag: string, audit?: AuditEntry): Promise<void>;

  /**
   * Launch (`iss` check): every tenant's base URL with exactly this normalised URL, in
   * any state; filter on `approval.state === 'approved'` and the environment. Two
   * tenants may have entered the same URL; only one can have proven it by approval
   * unless they share an EHR. One partition query plus one point read per match.
   */
  findBaseUrlsByUrl(normalisedUrl: string): Promise<Versioned<BaseUrl>[]>;
  /** Launch convenience: the approved base URLs with this URL (optionally of one environment). */
  findApprovedBaseUrls(normalisedUrl: string, environment?: EhrEnvironment): Promise<BaseUrl[]>;
  /** Scheduling feed: the tenant + base URL the HL7 sender id was assigned to. Two point reads. */
  findBaseUrlByHl7SenderId(hl7SenderId: string): Promise<Versioned<BaseUrl> | undefined>;

  // SMS ------------------------------------------------------------------------------
  getSmsConsents(tenantId: string): Promise<Versioned<SmsConsents> | undefined>;
  /** `etag` undefined: create (conflict if they exist); otherwise a conditional update. */
  saveSmsConsents(consents: SmsConsents, etag: string | undefined, audit?: AuditEntry): Promise<Versioned<SmsConsents>>;
  listPhoneNumbers(tenantId: string): Promise<Versioned<PhoneNumber>[]>;
  getPhoneNumber(tenantId: string, e164: string): Promise<Versioned<PhoneNumber> | undefined>;
  createPhoneNumber(phoneNumber: PhoneNumber, audit?: AuditEntry): Promise<Versioned<PhoneNumber>>;
  deletePhoneNumber(tenantId: string, e164: string, etag: string, audit?: AuditEntry): Promise<void>;
  /** SMS replies (HELP): the tenant that holds this sending number (E.164); undefined when none, or more than one, does. */
  findTenantIdBySendingNumber(e164: string): Promise<string | undefined>;
  /** One read path for the SMS areas: settings, consents and linked number of a base URL. */
  getSmsProfile(tenantId: string, baseUrlId: string): Promise<SmsProfile | undefined>;

  // Certificates ---------------------------------------------------------------------
  getCertificate(tenantId: string, environment: EhrEnvironment): Promise<Versioned<Certificate> | undefined>;
  /** `etag` undefined: first upload (conflict if one exists); otherwise a conditional replace. */
  saveCertificate(certificate: Certificate, etag: string | undefined, audit?: AuditEntry): Promise<Versioned<Certificate>>;
  deleteCertificate(tenantId: string, environment: EhrEnvironment, etag: string, audit?: AuditEntry): Promise<void>;

  // Long-running operations (202 + poll) ---------------------------------------------
  getOperation(tenantId: string, operationId: string): Promise<Versioned<Operation> | undefined>;
  createOperation(operation: Operation, audit?: AuditEntry): Promise<Versioned<Operation>>;
  updateOperation(operation: Operation, etag: string): Promise<Versioned<Operation>>;
  /** Operations still running, oldest first (for a poller that finishes them). */
  listRunningOperations(tenantId: string): Promise<Versioned<Operation>[]>;
}
