import type { FieldProblem } from '../errors';
import type { BaseUrlSmsSettings } from './base-url';
import { MAX_REMINDER_MINUTES, MAX_REMINDERS } from './base-url';

/**
 * SMS cannot be switched on without both consents and a linked number that the
 * organisation owns; reminders need one to three distinct intervals.
 */
export function smsSettingsProblems(settings: BaseUrlSmsSettings, context: { bothConsents: boolean; numberOwned: boolean }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { reminderMinutesBefore: intervals } = settings;
  if (intervals.length > MAX_REMINDERS) problems.push({ field: 'reminderMinutesBefore', message: `has at most ${MAX_REMINDERS} intervals` });
  if (new Set(intervals).size !== intervals.length) problems.push({ field: 'reminderMinutesBefore', message: 'must not repeat an interval' });
  intervals.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 5 || m > MAX_REMINDER_MINUTES) problems.push({ field: `reminderMinutesBefore.${i}`, message: `must be a whole number of minutes from 5 to ${MAX_REMINDER_MINUTES}` });
  });
  if (settings.reminders && intervals.length === 0) problems.push({ field: 'reminderMinutesBefore', message: 'needs one to three intervals when reminders are on' });
  const on = settings.confirmation || settings.reminders;
  if (on && !context.bothConsents) problems.push({ field: on && settings.confirmation ? 'confirmation' : 'reminders', message: 'cannot be enabled before both SMS consents are given' });
  if (on && !settings.phoneNumber) problems.push({ field: 'phoneNumber', message: 'is required to enable SMS: link one of the organisation’s numbers' });
  if (settings.phoneNumber && !context.numberOwned) problems.push({ field: 'phoneNumber', message: 'is not one of the organisation’s numbers' });
  return problems;
}

/** Intervals are kept largest first: the order reminders go out. */
export const sortedIntervals = (minutes: number[]): number[] => [...minutes].sort((a, b) => b - a);

/** `+16085550142` -> `+1608•••0142`: enough to recognise, not enough to use. */
export function maskPhoneNumber(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (digits.length < 8) return '+•••';
  return `+${digits.slice(0, 4)}•••${digits.slice(-4)}`;
}
