import { segmentLines, splitMessages } from '../../../shared/hl7/framing';
import { Hl7Message } from '../../../shared/hl7/message';
import { decodeEscapes, encodeText } from '../../../shared/hl7/escape';
import { standardDelimiters } from '../../../shared/hl7/encoding';
import { siu } from '../../support/feed/siu-builder';

describe('HL7 framing', () => {
  it('reads CR, LF, CRLF and a mix of them as the same segments', () => {
    const cr = siu();
    const mixed = cr.split('\r').map((line, i) => line + ['\r\n', '\n', '\r'][i % 3]).join('');
    expect(segmentLines(mixed)).toEqual(segmentLines(cr));
    expect(segmentLines(cr.replace(/\r/g, '\r\n'))).toEqual(segmentLines(cr));
    expect(segmentLines(cr)).toHaveLength(4);
  });

  it('strips MLLP framing, a BOM, surrounding whitespace and blank lines', () => {
    const framed = `\uFEFF  \u000b${siu()}\r\r\u001c\r\n  `;
    expect(segmentLines(framed)).toEqual(segmentLines(siu()));
  });

  it('splits a batch at each MSH and sets the envelope aside', () => {
    const body = ['FHS|^~\\&|EPIC', 'BHS|^~\\&|EPIC', siu({ controlId: 'A' }), siu({ controlId: 'B' }), 'BTS|2', 'FTS|1'].join('\r');
    const split = splitMessages(segmentLines(body));
    expect(split.messages).toHaveLength(2);
    expect(split.messages[1]?.[0]).toContain('|B|');
    expect(split.batch?.fileHeader).toBe('FHS|^~\\&|EPIC');
    expect(split.stray).toEqual([]);
  });

  it('reports lines before the first MSH as stray (not HL7)', () => {
    expect(splitMessages(segmentLines('hello\r' + siu())).stray).toEqual(['hello']);
  });
});

describe('HL7 escapes', () => {
  it('decodes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ \\.br\\ and \\Xhh\\ with the message delimiters', () => {
    expect(decodeEscapes('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', standardDelimiters)).toBe('a|b^c&d~e\\f');
    expect(decodeEscapes('line1\\.br\\line2', standardDelimiters)).toBe('line1\nline2');
    expect(decodeEscapes('caf\\XC3A9\\', standardDelimiters)).toBe('café');
    expect(decodeEscapes('\\H\\bold\\N\\', standardDelimiters)).toBe('bold');
  });

  it('encodes what it decodes', () => {
    const text = 'a|b^c&d~e\\f\ng';
    expect(decodeEscapes(encodeText(text), standardDelimiters)).toBe(text);
  });
});

describe('Hl7Message', () => {
  it('reads fields, components, sub-components and repetitions, escapes decoded', () => {
    const m = Hl7Message.parse(segmentLines(siu({ patientName: 'O\\S\\BRIEN&X^ANN', pid13: '^PRN^PH^^1^608^5550100~^PRN^CP^^1^608^5550142' })));
    expect(m.value('MSH', 9, 2)).toBe('S12');
    expect(m.value('PID', 5, 1, 1)).toBe('O^BRIEN');
    expect(m.value('PID', 5, 1, 2)).toBe('X');
    expect(m.value('PID', 13, 3, 1, 1)).toBe('CP');
    expect(m.repetitions('PID', 13)).toHaveLength(2);
    expect(m.value('PID', 99)).toBe('');
  });

  it('honours MSH-2: a message with its own delimiters reads the same', () => {
    const standard = siu({ patientName: 'DOE^JANE' });
    const custom = standard.replace(/\|/g, '#').replace(/\^/g, '$').replace('MSH#$~\\&', 'MSH#$~\\&');
    const m = Hl7Message.parse(segmentLines(custom));
    expect(m.delimiters.field).toBe('#');
    expect(m.value('MSH', 9, 2)).toBe('S12');
    expect(m.value('PID', 5, 2)).toBe('JANE');
    expect(m.value('SCH', 2)).toBe('CSN100');
  });

  it('keeps a literal standard delimiter that is plain data under custom delimiters', () => {
    const m = Hl7Message.parse(['MSH#$~\\&#A#B#C#D#20300101#', 'NTE#1##x|y^z']);
    expect(m.value('NTE', 3)).toBe('x|y^z');
  });

  it('rejects a line that is not a segment instead of dropping it', () => {
    expect(() => Hl7Message.parse([...segmentLines(siu()), 'this is not a segment'])).toThrow(/Line 5 is not an HL7 segment/);
  });

  it('rejects an MSH without usable encoding characters', () => {
    expect(() => Hl7Message.parse(['MSH|^^|A'])).toThrow(/encoding characters/);
  });
});
