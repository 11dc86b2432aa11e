import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { segmentLines, splitMessages } from '../../../shared/hl7/framing';
import { readSiu, type SiuContext, type SiuReading } from '../../../shared/hl7/siu';
import { siu } from '../../support/feed/siu-builder';

const chicago: SiuContext = { timeZone: 'America/Chicago', defaultCountry: 'US' };
const read = (text: string, context: SiuContext = chicago): SiuReading => readSiu(splitMessages(segmentLines(text)).messages[0] ?? [], context);
const applied = (reading: SiuReading) => {
  if (reading.kind !== 'apply') throw new Error(`expected apply, got ${reading.kind}: ${JSON.stringify(reading)}`);
  return reading.message;
};
const rejected = (reading: SiuReading) => {
  if (reading.kind !== 'reject') throw new Error(`expected reject, got ${reading.kind}`);
  return reading;
};

const FIXTURES = path.join(__dirname, '../../fixtures/hl7/siu');

describe('real-world SIU samples (Microsoft FHIR-Converter, v2.8)', () => {
  const expected: Record<string, { event: string; controlId: string; startsAt: string } | 'AR200'> = {
    'msft-SIU-S12-01.hl7': { event: 'S12', controlId: 'MSG00012', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S12-02.hl7': { event: 'S12', controlId: 'MSG00012', startsAt: '2021-08-18T09:15:00.000Z' },
    'msft-SIU-S12_1.hl7': { event: 'S12', controlId: 'MSG00001', startsAt: '2020-10-04T09:11:00.000Z' },
    'msft-SIU-S13-01.hl7': { event: 'S13', controlId: 'MSG00013', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S13-02.hl7': { event: 'S13', controlId: 'MSG00013', startsAt: '2021-08-20T09:15:00.000Z' },
    'msft-SIU-S14-01.hl7': { event: 'S14', controlId: 'MSG00014', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S14-02.hl7': { event: 'S14', controlId: 'MSG00014', startsAt: '2021-08-18T09:15:00.000Z' },
    'msft-SIU-S15-01.hl7': { event: 'S15', controlId: 'MSG00015', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S15-02.hl7': { event: 'S15', controlId: 'MSG00015', startsAt: '2021-08-18T09:15:00.000Z' },
    'msft-SIU-S16-01.hl7': { event: 'S16', controlId: 'MSG00016', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S16-02.hl7': { event: 'S16', controlId: 'MSG00016', startsAt: '2021-08-18T09:15:00.000Z' },
    'msft-SIU-S17-01.hl7': { event: 'S17', controlId: 'MSG00017', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S17-02.hl7': { event: 'S17', controlId: 'MSG00017', startsAt: '2021-08-18T09:15:00.000Z' },
    'msft-SIU-S26-01.hl7': { event: 'S26', controlId: 'MSG00026', startsAt: '2021-09-24T07:15:00.000Z' },
    'msft-SIU-S26-02.hl7': { event: 'S26', controlId: 'MSG00026', startsAt: '2021-08-18T09:15:00.000Z' },
    'msft-SIU_12.hl7': 'AR200',
  };

  it('covers every fixture file', () => {
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith('.hl7')).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', (file, want) => {
    const reading = read(readFileSync(path.join(FIXTURES, file), 'utf8'));
    if (want === 'AR200') {
      const r = rejected(reading);
      expect([r.ack, r.problem.code, r.header.controlId]).toEqual(['AR', '200', 'MSG00001']);
      return;
    }
    const message = applied(reading);
    // SCH-2 (filler) wins over SCH-1 (placer); the start is TQ1-7 with its own +0215 offset.
    expect(message).toMatchObject({ ...want, appointmentId: '36996' });
    // Every PID-13/14 number in these samples is invalid (78788788, 1111, 2222, 7777): no mobile is kept.
    expect(message.mobile).toBeUndefined();
  });
});

describe('our own SIU messages', () => {
  it('maps an S12 with a CP mobile, SCH-2 id and TQ1 time with offset', () => {
    expect(applied(read(siu({ tq1Start: '203001151430-0600', tq1End: '203001151500-0600' })))).toEqual({
      event: 'S12', controlId: 'CTRL0001', messageTime: '2030-01-05T14:30:00.000Z', appointmentId: 'CSN100', placerId: 'PL100', fillerId: 'CSN100',
      startsAt: '2030-01-15T20:30:00.000Z', endsAt: '2030-01-15T21:00:00.000Z', mobile: '+16085550142',
    });
  });

  it('reads a time without offset in the organisation time zone (DST aware)', () => {
    expect(applied(read(siu({ tq1Start: '20300715143000' }))).startsAt).toBe('2030-07-15T19:30:00.000Z');
    expect(applied(read(siu({ tq1Start: '20300115143000' }))).startsAt).toBe('2030-01-15T20:30:00.000Z');
    expect(applied(read(siu({ tq1Start: '20300115143000' }), { timeZone: 'Europe/Paris', defaultCountry: 'FR' })).startsAt).toBe('2030-01-15T13:30:00.000Z');
  });

  it('falls back to SCH-11.4, then to AIS-4, for the start', () => {
    expect(applied(read(siu({ sch11: '1^^30^203002011000-0600^203002011030-0600' }))).startsAt).toBe('2030-02-01T16:00:00.000Z');
    expect(applied(read(siu({ aisStart: '203002021000' }))).startsAt).toBe('2030-02-02T16:00:00.000Z');
  });

  it('prefers TQ1 over SCH-11 when both are present (SCH-11 is the withdrawn field)', () => {
    expect(applied(read(siu({ sch11: '1^^30^203002011000-0600', tq1Start: '203003011000-0600' }))).startsAt).toBe('2030-03-01T16:00:00.000Z');
  });

  it('uses SCH-1 (placer, e.g. Epic CSN) when SCH-2 is empty, with escapes decoded', () => {
    expect(applied(read(siu({ fillerId: '', placerId: 'CSN\\F\\77', tq1Start: '203001151430' }))).appointmentId).toBe('CSN|77');
  });

  it('keeps SCH-1 and SCH-2 both (trimmed), so the join link can find the launch\'s visit by either; blank ones are left out', () => {
    const both = applied(read(siu({ fillerId: ' 4471-F ', placerId: ' 260309001', tq1Start: '203001151430' })));
    expect(both).toMatchObject({ appointmentId: '4471-F', fillerId: '4471-F', placerId: '260309001' });
    const placerOnly = applied(read(siu({ fillerId: '   ', placerId: '260309001', tq1Start: '203001151430' })));
    expect(placerOnly).toMatchObject({ appointmentId: '260309001', placerId: '260309001' });
    expect(placerOnly).not.toHaveProperty('fillerId');
  });

  it('answers AE 101 when there is no appointment id', () => {
    const r = rejected(read(siu({ fillerId: '', placerId: '', tq1Start: '203001151430' })));
    expect([r.ack, r.problem.code, r.problem.location]).toEqual(['AE', '101', 'SCH^1^2']);
  });

  it('answers AE 101 when S12/S13/S14 have no start, but applies S15 without one', () => {
    for (const event of ['S12', 'S13', 'S14']) expect(rejected(read(siu({ event }))).problem).toMatchObject({ code: '101' });
    expect(applied(read(siu({ event: 'S15' }))).startsAt).toBeUndefined();
  });

  it('answers AE 102 for a start that is not a date/time', () => {
    expect(rejected(read(siu({ tq1Start: '2030-01-15' }))).problem).toMatchObject({ code: '102', location: 'TQ1^1^7' });
  });

  it('answers AR 200 for another message type and AR 101 when MSH-9 is missing', () => {
    expect(rejected(read(siu({ messageType: 'ADT', event: 'A04' }))).problem.code).toBe('200');
    const noType = siu({ tq1Start: '203001151430' }).replace('|SIU^S12^SIU_S12|', '||');
    expect(rejected(read(noType)).problem).toMatchObject({ code: '101', location: 'MSH^1^9' });
  });

  it('answers AR 101 without MSH-10, AR 201 for a non-SIU event and AR 203 for a non-2.x version', () => {
    expect(rejected(read(siu({ controlId: '', tq1Start: '203001151430' }))).problem.code).toBe('101');
    expect(rejected(read(siu({ event: 'S99', tq1Start: '203001151430' }))).problem.code).toBe('201');
    expect(rejected(read(siu({ version: '3.0', tq1Start: '203001151430' }))).problem.code).toBe('203');
  });

  it('acknowledges and ignores SIU events that do not change a visit', () => {
    expect(read(siu({ event: 'S18', tq1Start: '203001151430' })).kind).toBe('ignore');
  });

  it('keeps no mobile when there is none, or none valid', () => {
    expect(applied(read(siu({ pid13: '', tq1Start: '203001151430' }))).mobile).toBeUndefined();
    expect(applied(read(siu({ pid13: '^NET^Internet^jane@example.org', tq1Start: '203001151430' }))).mobile).toBeUndefined();
    expect(applied(read(siu({ pid13: '^PRN^FX^^1^608^5550142', tq1Start: '203001151430' }))).mobile).toBeUndefined();
  });

  it('normalises a non-US number with its country code, and national numbers with the default country', () => {
    expect(applied(read(siu({ pid13: '^PRN^CP^^44^7911^123456', tq1Start: '203001151430' }))).mobile).toBe('+447911123456');
    expect(applied(read(siu({ pid13: '06 12 34 56 78^PRN^CP', tq1Start: '203001151430' }), { timeZone: 'Europe/Paris', defaultCountry: 'FR' })).mobile).toBe('+33612345678');
  });

  it('prefers a CP number to a home phone, and reads XTN-12 and the legacy XTN-1', () => {
    const pid13 = '^PRN^PH^^1^608^5550100~^ORN^CP^^^^^^^^^6085550142';
    expect(applied(read(siu({ pid13, tq1Start: '203001151430' }))).mobile).toBe('+16085550142');
    expect(applied(read(siu({ pid13: '(608)555-0199', tq1Start: '203001151430' }))).mobile).toBe('+16085550199');
    expect(applied(read(siu({ pid13: '', pid14: '^PRN^CP^^1^608^5550177', tq1Start: '203001151430' }))).mobile).toBe('+16085550177');
  });
});
