import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The Event Grid subscription URL carries a secret; the caller is genuine only if it sends
 * it. Compared in constant time over fixed-length digests, so neither the content nor the
 * length of the secret leaks through timing.
 */
export function secretMatches(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `15555555555` and `+15555555555` are the same number: Event Grid writes both forms. */
export function asE164(number: string): string {
  const digits = number.replace(/\D/g, '');
  return `+${digits}`;
}
