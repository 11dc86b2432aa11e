import { isValidWallTime, wallTimeToInstant, type WallTime } from '../domain/time-zone';

/** An HL7 DTM value: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`. */
export interface Hl7Time {
  wall: WallTime;
  /** Minutes east of UTC, when the value carries an offset. */
  offsetMinutes?: number;
  /** How many of the date-time parts were given (4 = year .. minute, 6 = .. second). */
  hasMinutes: boolean;
}

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?([+-])?(\d{2})?(\d{2})?$/;

export function parseHl7Time(text: string): Hl7Time | undefined {
  const m = DTM.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  if (sign !== undefined && (oh === undefined || om === undefined)) return undefined;
  const wall: WallTime = {
    year: Number(y), month: Number(mo ?? 1), day: Number(d ?? 1), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0),
    millisecond: frac ? Math.round(Number(`0.${frac}`) * 1000) : 0,
  };
  if (wall.millisecond > 999 || !isValidWallTime(wall)) return undefined;
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : undefined;
  if (offsetMinutes !== undefined && Math.abs(offsetMinutes) > 14 * 60) return undefined;
  return { wall, hasMinutes: mi !== undefined, ...(offsetMinutes !== undefined ? { offsetMinutes } : {}) };
}

/** The instant: with the value's own offset, else as wall time in the organisation's zone. */
export function hl7TimeToInstant(time: Hl7Time, timeZone: string): Date {
  if (time.offsetMinutes === undefined) return wallTimeToInstant(time.wall, timeZone);
  const w = time.wall;
  return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - time.offsetMinutes * 60_000);
}

/** `yyyyMMddHHmmss+0000` for messages we write. */
export function formatHl7Time(instant: Date): string {
  return `${instant.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}
