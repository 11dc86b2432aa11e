import { createHmac } from 'node:crypto';

/**
 * Keyed hashes (HMAC-SHA256) with one secret per deployment and a purpose label, so a hash
 * made for one purpose is useless for another. Without the key, a recipient hash cannot be
 * turned back into a phone number by trying all numbers.
 */
export type HashPurpose = 'recipient' | 'join-link' | 'message-id' | 'repeatability';

export function keyedHash(key: string, purpose: HashPurpose, value: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}\u0000${value}`).digest();
}

/** The recipient as the SMS log and the opt-out list know it (43 characters, base64url). */
export function recipientHash(key: string, e164: string): string {
  return keyedHash(key, 'recipient', e164.trim()).toString('base64url');
}

/** A UUID (v4 layout) derived from a value: the same send attempt always gets the same id. */
export function derivedUuid(key: string, purpose: HashPurpose, value: string): string {
  const b = Buffer.from(keyedHash(key, purpose, value).subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
