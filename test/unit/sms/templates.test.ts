import { renderSms, cleanOrganisationName, helpReplyText } from '../../../shared/domain/sms/templates';
import { segmentInfo } from '../../../shared/domain/sms/segments';
import { visitTimeText } from '../../../shared/domain/sms/visit-time';
import { DomainError } from '../../../shared/domain/errors';

const link = 'https://connector.example.org/api/v/AbCdEfGhIjKlMnOpQrStUv';

describe('visit time in the organisation time zone', () => {
  it('shows 09:00 America/Chicago as 9:00 AM on both sides of the March DST change', () => {
    // 2026-03-08 02:00 local: clocks go forward. Friday before is CST (UTC-6), Monday after is CDT (UTC-5).
    expect(visitTimeText(new Date('2026-03-06T15:00:00Z'), 'America/Chicago')).toEqual({ date: 'Fri, Mar 6', time: '9:00 AM CST' });
    expect(visitTimeText(new Date('2026-03-09T14:00:00Z'), 'America/Chicago')).toEqual({ date: 'Mon, Mar 9', time: '9:00 AM CDT' });
  });

  it('shows 09:00 America/Chicago as 9:00 AM across the November change back', () => {
    expect(visitTimeText(new Date('2026-10-30T14:00:00Z'), 'America/Chicago').time).toBe('9:00 AM CDT');
    expect(visitTimeText(new Date('2026-11-02T15:00:00Z'), 'America/Chicago').time).toBe('9:00 AM CST');
  });

  it('puts "9:00 AM" in the reminder text itself, in GSM-7', () => {
    const before = renderSms({ type: 'reminder', organisationName: 'Lakeside Clinic', startsAt: new Date('2026-03-06T15:00:00Z'), timeZone: 'America/Chicago', joinLink: link });
    const after = renderSms({ type: 'reminder', organisationName: 'Lakeside Clinic', startsAt: new Date('2026-03-09T14:00:00Z'), timeZone: 'America/Chicago', joinLink: link });
    expect(before.text).toContain('9:00 AM CST');
    expect(after.text).toContain('9:00 AM CDT');
    expect(after.encoding).toBe('GSM-7');
  });

  it('refuses an unknown time zone with a named reason', () => {
    expect(() => visitTimeText(new Date('2026-03-06T15:00:00Z'), 'Mars/Olympus')).toThrow(DomainError);
  });
});

describe('templates', () => {
  const input = { organisationName: 'Lakeside Clinic', startsAt: new Date('2026-03-09T14:00:00Z'), timeZone: 'America/Chicago', joinLink: link };

  it.each(['confirmation', 'reschedule', 'reminder'] as const)('%s: organisation, local time and join link in one GSM-7 segment', (type) => {
    const sms = renderSms({ type, ...input });
    expect(sms.text).toContain('Lakeside Clinic');
    expect(sms.text).toContain('Mon, Mar 9');
    expect(sms.text).toContain(link);
    expect(sms.segments).toBe(1);
    expect(sms.encoding).toBe('GSM-7');
  });

  it('cancellation has no link and says cancelled', () => {
    const sms = renderSms({ type: 'cancellation', ...input, joinLink: undefined });
    expect(sms.text).toMatch(/cancelled/);
    expect(sms.text).not.toContain('http');
  });

  it('falls back to a shorter variant to stay in one segment with a long organisation name', () => {
    const sms = renderSms({ type: 'reminder', ...input, organisationName: 'Saint Elizabeth Regional Medical Center of the Lakes' });
    expect(sms.segments).toBe(1);
    expect(sms.text).toContain(link);
  });

  it('never drops the opt-out instructions from a confirmation, even with a long organisation name', () => {
    const sms = renderSms({ type: 'confirmation', ...input, organisationName: 'Saint Elizabeth Regional Medical Center of the Lakes' });
    expect(sms.text).toContain(link);
    expect(sms.text).toMatch(/Reply STOP to opt out\.$/);
    expect(sms.segments).toBe(1);
    expect(renderSms({ type: 'confirmation', ...input }).text).toMatch(/Reply STOP to opt out\.$/);
  });

  it('reports UCS-2 when the organisation name needs it', () => {
    const sms = renderSms({ type: 'reminder', ...input, organisationName: 'Clínica Señora' });
    expect(sms.encoding).toBe('UCS-2');
    expect(sms.nonGsmCharacters).toEqual(['í']);
  });

  it('strips control characters and new lines from the organisation name', () => {
    expect(cleanOrganisationName('Lake\nside\u0000 Clinic\u202e')).toBe('Lake side Clinic');
  });

  it('needs a join link for every type but the cancellation', () => {
    expect(() => renderSms({ type: 'reminder', ...input, joinLink: undefined })).toThrow(/join link/);
  });

  it('HELP reply names the organisation and the keywords', () => {
    expect(helpReplyText('Lakeside Clinic').text).toMatch(/^Lakeside Clinic: .*STOP.*START/);
    expect(helpReplyText(undefined).segments).toBe(1);
  });
});

describe('segments and encoding', () => {
  it('counts GSM-7 single and multipart messages', () => {
    expect(segmentInfo('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(segmentInfo('a'.repeat(161))).toMatchObject({ segments: 2 });
    expect(segmentInfo('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(segmentInfo('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts extension characters as two septets', () => {
    expect(segmentInfo('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentInfo('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
  });

  it('switches to UCS-2 for any character outside GSM 03.38', () => {
    expect(segmentInfo('x'.repeat(70) + '')).toMatchObject({ encoding: 'GSM-7' });
    expect(segmentInfo('ç'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(segmentInfo('ç'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(segmentInfo('ç'.repeat(134))).toMatchObject({ segments: 2 });
    expect(segmentInfo('ç'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('does not split an emoji across parts', () => {
    // 66 code units + a 2-unit emoji would straddle the 67-unit part boundary.
    expect(segmentInfo('é'.repeat(0) + 'ç'.repeat(66) + '😀' + 'ç'.repeat(5)).segments).toBe(2);
  });
});
