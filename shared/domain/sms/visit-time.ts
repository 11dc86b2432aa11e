import { DomainError } from '../errors';
import { isValidTimeZone } from '../time-zone';

/**
 * The visit's date and time as the patient reads them: in the organisation's time zone,
 * with the zone's abbreviation, so "9:00 AM CDT" stays right across daylight-saving changes.
 * Only the formatting is here; the instant comes from the appointment.
 */
export interface VisitTimeText {
  /** e.g. "Mon, Mar 9" */
  date: string;
  /** e.g. "9:00 AM CDT" */
  time: string;
}

/** Some ICU versions put narrow or no-break spaces before AM/PM: those are not GSM-7 and cost a segment. */
const ODD_SPACES = /[\u00a0\u2007\u202f]/g;

export function visitTimeText(startsAt: Date, timeZone: string, locale = 'en-US'): VisitTimeText {
  if (!isValidTimeZone(timeZone)) throw new DomainError('validation', `The organisation's time zone "${timeZone}" is not a known IANA time zone.`, { reason: 'UNKNOWN_TIME_ZONE' });
  const date = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(startsAt);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(startsAt);
  return { date: date.replace(ODD_SPACES, ' '), time: time.replace(ODD_SPACES, ' ') };
}
