import { createHash } from 'node:crypto';
import type { VisitKey } from './visit-context';
import { visitKeyText } from './visit-context';

/**
 * The meeting's external id: a one-way hash of tenant + base URL + visit key, so the
 * provider and the patient of one appointment (or all of one conference) always get the
 * same meeting from `createOrGet`, and the meeting service never sees an EHR identifier.
 * 43 base64url characters plus a version prefix: well inside Graph's limits. The key may be
 * given as its text (`appt:...` / `conf:...`), as a name found in storage leads to it.
 */
export function meetingExternalId(tenantId: string, baseUrlId: string, key: VisitKey | string): string {
  const text = typeof key === 'string' ? key : visitKeyText(key);
  const digest = createHash('sha256').update(`${tenantId}\n${baseUrlId}\n${text}`).digest('base64url');
  return `vv1-${digest}`;
}

/** The meeting subject: the same for every visit, free of names, dates of birth and ids. */
export const MEETING_SUBJECT = 'Virtual visit';
