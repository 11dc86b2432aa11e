/** How the portal writes times, intervals and states for people. */
export function dateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function date(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

export function minutesBefore(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'} before`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'} before`;
  return `${minutes} minutes before`;
}

/** "1440, 60, 15" -> [1440, 60, 15]; anything unreadable is kept as NaN so the API names it. */
export function parseIntervals(text: string): number[] {
  return text.split(/[\s,;]+/).filter((t) => t.length > 0).map((t) => (/^\d+$/.test(t) ? Number(t) : Number.NaN));
}

export const APPROVAL_LABEL = { draft: 'Draft: no approver', pending_approval: 'Pending approval', approved: 'Approved' } as const;

/** Audit values: short JSON for objects, the text itself for strings. */
export function auditValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
