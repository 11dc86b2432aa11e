import { maskPhone, toE164 } from '../../../shared/domain/phone';
import { isValidTimeZone, wallTimeToInstant } from '../../../shared/domain/time-zone';
import { parseHl7Time, hl7TimeToInstant } from '../../../shared/hl7/datetime';

const wall = (s: string) => {
  const [d, t] = s.split('T');
  const [year, month, day] = (d ?? '').split('-').map(Number);
  const [hour, minute] = (t ?? '').split(':').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: 0, millisecond: 0 };
};

describe('phone numbers', () => {
  it('normalises to E.164 with the default country for national numbers', () => {
    expect(toE164('(608) 555-0142', 'US')).toBe('+16085550142');
    expect(toE164('+44 7911 123456', 'US')).toBe('+447911123456');
    expect(toE164('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(toE164('1111', 'US')).toBeUndefined();
    expect(toE164('not a number', 'US')).toBeUndefined();
  });

  it('masks as country code + three digits, then the last four', () => {
    expect(maskPhone('+16085550142')).toBe('+1608•••0142');
    expect(maskPhone('+447911123456')).toBe('+44791•••3456');
  });
});

describe('time zones', () => {
  it('turns wall time into the UTC instant, across DST', () => {
    expect(wallTimeToInstant(wall('2030-07-15T14:30'), 'America/Chicago').toISOString()).toBe('2030-07-15T19:30:00.000Z');
    expect(wallTimeToInstant(wall('2030-01-15T14:30'), 'America/Chicago').toISOString()).toBe('2030-01-15T20:30:00.000Z');
    expect(wallTimeToInstant(wall('2030-06-01T09:00'), 'Asia/Kolkata').toISOString()).toBe('2030-06-01T03:30:00.000Z');
  });

  it('reads a skipped time (spring forward) with the offset before the change, an ambiguous one as the earlier', () => {
    // 2030-03-10 02:30 does not exist in Chicago: read as 03:30 CDT.
    expect(wallTimeToInstant(wall('2030-03-10T02:30'), 'America/Chicago').toISOString()).toBe('2030-03-10T08:30:00.000Z');
    // 2030-11-03 01:30 happens twice: the first (CDT).
    expect(wallTimeToInstant(wall('2030-11-03T01:30'), 'America/Chicago').toISOString()).toBe('2030-11-03T06:30:00.000Z');
  });

  it('knows IANA zone names', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('HL7 date/time', () => {
  it('parses DTM with and without offset and fractions', () => {
    expect(hl7TimeToInstant(parseHl7Time('20300115143000.25+0215')!, 'UTC').toISOString()).toBe('2030-01-15T12:15:00.250Z');
    expect(hl7TimeToInstant(parseHl7Time('203001151430')!, 'America/New_York').toISOString()).toBe('2030-01-15T19:30:00.000Z');
    expect(parseHl7Time('20300115')?.hasMinutes).toBe(false);
  });

  it('refuses what is not a date/time', () => {
    for (const bad of ['2030-01-15', '20301315', '20300230', '203001151460', '20300115+02', 'x']) expect(parseHl7Time(bad)).toBeUndefined();
  });
});
