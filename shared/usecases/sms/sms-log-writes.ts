import { statusMayMove } from '../../domain/sms/delivery-status';
import type { SmsStatus } from '../../domain/sms/sms-types';
import type { SmsLog, SmsLogEntry, SmsLogKey, SmsStatusChange, VersionedSmsLogEntry } from '../../ports/sms-log';

/** Status changes of SMS log entries, conditional on the ETag, re-read and re-applied on a conflict. */
export function withStatus(entry: SmsLogEntry, status: SmsStatus, at: Date, detail?: string, extra: Partial<SmsLogEntry> = {}): SmsLogEntry {
  const change: SmsStatusChange = { status, at: at.toISOString(), ...(detail ? { detail } : {}) };
  return { ...entry, ...extra, status, history: [...entry.history, change].slice(-30), updatedAt: at.toISOString() };
}

/**
 * Moves an entry to `status` if the status rules allow it (statuses only move forward),
 * retrying on concurrent changes. Returns the entry as stored afterwards.
 */
export async function moveStatus(
  log: SmsLog,
  key: SmsLogKey,
  current: VersionedSmsLogEntry | undefined,
  status: SmsStatus,
  at: Date,
  detail?: string,
  extra: Partial<SmsLogEntry> = {},
): Promise<VersionedSmsLogEntry | undefined> {
  let seen = current;
  for (let attempt = 0; attempt < 6; attempt++) {
    seen ??= await log.get(key);
    if (!seen) return undefined;
    if (!statusMayMove(seen.entry.status, status)) return seen;
    const written = await log.replace(withStatus(seen.entry, status, at, detail, extra), seen.etag);
    if (written) return written;
    seen = undefined;
  }
  throw new Error('SMS log entry kept changing under a status update');
}
