import type { SmsRequest } from '../../domain/sms-request';
import { keyedHash } from '../../domain/sms/keyed-hash';
import type { SmsLogKey } from '../../ports/sms-log';

/**
 * Where a request's SMS log entry lives. The message id is a keyed hash of the request id,
 * so every delivery of one request finds the same entry; the day is the visit's UTC day, so
 * the key follows from the request alone (and from the delivery report's tag) with no index.
 */
export function smsLogKeyFor(hashKey: string, request: Pick<SmsRequest, 'tenantId' | 'requestId' | 'appointmentStart'>): SmsLogKey {
  const messageId = keyedHash(hashKey, 'message-id', `${request.tenantId}\u0000${request.requestId}`).subarray(0, 16).toString('base64url');
  return { tenantId: request.tenantId, day: request.appointmentStart.slice(0, 10).replace(/-/g, ''), messageId };
}

/** The tag sent with the text and returned in its delivery report: `v1|tenant|day|messageId`. */
export function tagOf(key: SmsLogKey): string {
  return `v1|${key.tenantId}|${key.day}|${key.messageId}`;
}

export function keyOfTag(tag: string | undefined): SmsLogKey | undefined {
  const m = /^v1\|([A-Za-z0-9._-]{1,100})\|(\d{8})\|([A-Za-z0-9_-]{22})$/.exec(tag ?? '');
  return m ? { tenantId: m[1]!, day: m[2]!, messageId: m[3]! } : undefined;
}

/** Requeue delays while the service is unavailable: 15 s, 30 s, 1 min, 2 min, 4 min, then 10 min. */
export function backoffSeconds(attempts: number): number {
  return Math.min(600, 15 * 2 ** Math.max(0, attempts - 1));
}
