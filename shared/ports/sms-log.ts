import type { SkipReason, SmsEncoding, SmsStatus, SmsType } from '../domain/sms/sms-types';

/**
 * The SMS log (table `smslog`, PartitionKey tenant id + day, RowKey message id): one entry per
 * text we were asked to send, for reports and for deduplication. The recipient appears only
 * as a keyed hash; the text itself is not kept.
 */
export interface SmsLogKey {
  tenantId: string;
  /** `yyyyMMdd` (UTC) of the request. */
  day: string;
  messageId: string;
}

export interface SmsStatusChange {
  status: SmsStatus;
  at: string;
  /** A skip reason, an error class or a delivery detail. No personal data. */
  detail?: string;
}

export interface SmsLogEntry extends SmsLogKey {
  baseUrlId: string;
  appointmentId: string;
  type: SmsType;
  requestId: string;
  status: SmsStatus;
  history: SmsStatusChange[];
  skipReason?: SkipReason;
  /** The organisation's number (not the patient's). */
  sendingNumber?: string;
  recipientHash?: string;
  segments?: number;
  encoding?: SmsEncoding;
  providerMessageId?: string;
  attempts: number;
  /** Attempts that may have reached the service share a repeatability id; a new series starts a new one. */
  repeatSeries?: number;
  firstAttemptAt?: string;
  /** The last attempt may have reached the service (timeout, 5xx, crash): repeat it under the same id. */
  lastAttemptAmbiguous?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface VersionedSmsLogEntry {
  entry: SmsLogEntry;
  etag: string;
}

export interface SmsLog {
  get(key: SmsLogKey): Promise<VersionedSmsLogEntry | undefined>;
  /** Inserts; resolves `undefined` when the entry already exists (another delivery made it first). */
  create(entry: SmsLogEntry): Promise<VersionedSmsLogEntry | undefined>;
  /** Replaces if the ETag matches; `undefined` when it changed since it was read. */
  replace(entry: SmsLogEntry, etag: string): Promise<VersionedSmsLogEntry | undefined>;
  /** A tenant's entries of one day, for reports. */
  listDay(tenantId: string, day: string): Promise<SmsLogEntry[]>;
}
