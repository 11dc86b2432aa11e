/**
 * Local wall time in an IANA time zone -> UTC instant, with the platform's Intl data
 * (no dependency). Ambiguous and skipped wall times follow the usual calendar rule
 * (Temporal's "compatible"): in a fall-back overlap the earlier instant, in a
 * spring-forward gap the time is read with the offset before the change (02:30 -> 03:30).
 */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether this runtime knows the IANA zone (e.g. `America/Chicago`). Nothing is cached: the name may come from a request. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC (ms) at an instant. */
export function offsetAt(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return asUtc - wholeSeconds;
}

export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);
  const day = 24 * 3600 * 1000;
  const before = offsetAt(asUtc - day, timeZone);
  const after = offsetAt(asUtc + day, timeZone);
  const candidates = [before, after]
    .map((offset) => asUtc - offset)
    .filter((instant, i) => offsetAt(instant, timeZone) === [before, after][i]);
  if (candidates.length === 0) return new Date(asUtc - before);
  return new Date(Math.min(...candidates));
}

/** Whether the numbers form a real calendar date and clock time. */
export function isValidWallTime(wall: WallTime): boolean {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond));
  return (
    d.getUTCFullYear() === wall.year && d.getUTCMonth() === wall.month - 1 && d.getUTCDate() === wall.day &&
    d.getUTCHours() === wall.hour && d.getUTCMinutes() === wall.minute && d.getUTCSeconds() === wall.second
  );
}
