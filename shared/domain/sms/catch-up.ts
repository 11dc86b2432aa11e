import type { SkipReason } from './sms-types';

/**
 * When a reminder may still go out. A tick normally sends a reminder within a minute of
 * its moment (start - offset). After downtime the moment may have passed; then:
 *
 *  1. up to ON_TIME_GRACE late it is simply on time;
 *  2. later than that it is still useful only while at least half of its interval remains
 *     before the visit (a 24 h reminder until 12 h before, a 1 h reminder until 30 min
 *     before, a 15 min reminder until 7.5 min before) -> otherwise REMINDER_TOO_LATE;
 *  3. and only if no nearer reminder's moment has passed too: that one is sent instead, so
 *     the patient gets one text, not a burst -> otherwise REMINDER_SUPERSEDED.
 *
 * Nothing is sent once the visit has started (VISIT_STARTED, checked before this rule).
 */
export const ON_TIME_GRACE_MS = 5 * 60_000;

export interface ReminderTiming {
  startsAt: Date;
  offsetMinutes: number;
  /** Every reminder interval configured for the base URL now. */
  configuredOffsets: readonly number[];
  now: Date;
}

export function reminderMoment(startsAt: Date, offsetMinutes: number): Date {
  return new Date(startsAt.getTime() - offsetMinutes * 60_000);
}

export function catchUpDecision(t: ReminderTiming): { send: true; late: boolean } | { send: false; reason: SkipReason } {
  const now = t.now.getTime();
  const start = t.startsAt.getTime();
  if (now >= start) return { send: false, reason: 'VISIT_STARTED' };
  const lateness = now - reminderMoment(t.startsAt, t.offsetMinutes).getTime();
  if (lateness <= ON_TIME_GRACE_MS) return { send: true, late: false };
  if (start - now < (t.offsetMinutes * 60_000) / 2) return { send: false, reason: 'REMINDER_TOO_LATE' };
  const nearerAlsoDue = t.configuredOffsets.some((o) => o < t.offsetMinutes && reminderMoment(t.startsAt, o).getTime() <= now);
  if (nearerAlsoDue) return { send: false, reason: 'REMINDER_SUPERSEDED' };
  return { send: true, late: true };
}
