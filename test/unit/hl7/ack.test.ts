import { buildAck, buildAckBatch } from '../../../shared/hl7/ack';
import { segmentLines, splitMessages } from '../../../shared/hl7/framing';
import { Hl7Message } from '../../../shared/hl7/message';
import { readSiu } from '../../../shared/hl7/siu';
import { siu } from '../../support/feed/siu-builder';

const now = new Date('2030-01-05T14:30:05Z');
const header = (text: string) => {
  const r = readSiu(splitMessages(segmentLines(text)).messages[0] ?? [], { timeZone: 'UTC', defaultCountry: 'US' });
  return r.header;
};

describe('ACK', () => {
  it('answers AA with MSA-2 = the incoming control id, sender and receiver swapped', () => {
    const ack = Hl7Message.parse(buildAck({ header: header(siu({ controlId: 'X\\S\\1', tq1Start: '203001151430' })), ack: 'AA', ackControlId: 'ACK1', now }).split('\r'));
    expect(ack.value('MSH', 3)).toBe('VVC');
    expect(ack.value('MSH', 5)).toBe('EPIC');
    expect(ack.value('MSH', 9, 1)).toBe('ACK');
    expect(ack.value('MSH', 9, 2)).toBe('S12');
    expect(ack.value('MSH', 7)).toBe('20300105143005+0000');
    expect(ack.value('MSA', 1)).toBe('AA');
    expect(ack.value('MSA', 2)).toBe('X^1');
    expect(ack.count('ERR')).toBe(0);
  });

  it('answers CA / CE / CR in enhanced mode (MSH-15 or MSH-16 present)', () => {
    const h = header(siu({ acceptAck: 'AL', appAck: 'NE', tq1Start: '203001151430' }));
    for (const [ack, want] of [['AA', 'CA'], ['AE', 'CE'], ['AR', 'CR']] as const) {
      const parsed = Hl7Message.parse(buildAck({ header: h, ack, ackControlId: 'A', now }).split('\r'));
      expect(parsed.value('MSA', 1)).toBe(want);
    }
  });

  it('carries an ERR segment with the HL7 0357 code and an escaped reason', () => {
    const text = buildAck({ header: header(siu()), ack: 'AE', problem: { code: '101', reason: 'SCH-2 | SCH-1 missing', location: 'SCH^1^2' }, ackControlId: 'A', now });
    const ack = Hl7Message.parse(text.split('\r'));
    expect(ack.value('ERR', 2, 1)).toBe('SCH');
    expect(ack.value('ERR', 2, 3)).toBe('2');
    expect(ack.value('ERR', 3, 1)).toBe('101');
    expect(ack.value('ERR', 3, 3)).toBe('HL70357');
    expect(ack.value('ERR', 4)).toBe('E');
    expect(ack.value('ERR', 8)).toBe('SCH-2 | SCH-1 missing');
  });

  it('wraps ACKs of a batch in BHS/BTS with the count', () => {
    const a = buildAck({ header: header(siu()), ack: 'AA', ackControlId: 'A', now });
    const batch = buildAckBatch([a, a], { now, withFileHeader: true }).split('\r');
    expect(batch[0]).toMatch(/^FHS\|/);
    expect(batch[1]).toMatch(/^BHS\|/);
    expect(batch.at(-2)).toBe('BTS|2');
    expect(batch.at(-1)).toBe('FTS|1');
  });
});
