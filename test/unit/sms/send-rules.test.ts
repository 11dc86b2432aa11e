import { catchUpDecision, ON_TIME_GRACE_MS } from '../../../shared/domain/sms/catch-up';
import { decideSend, type SendDecisionInput } from '../../../shared/domain/sms/send-decision';

const start = new Date('2026-05-04T15:00:00Z');
const minutes = (n: number) => n * 60_000;
const at = (msBeforeStart: number) => new Date(start.getTime() - msBeforeStart);

describe('catch-up rule after downtime', () => {
  const base = { startsAt: start, configuredOffsets: [1440, 60, 15] };

  it('sends on time (within the grace) as on time', () => {
    expect(catchUpDecision({ ...base, offsetMinutes: 60, now: at(minutes(60)) })).toEqual({ send: true, late: false });
    expect(catchUpDecision({ ...base, offsetMinutes: 60, now: at(minutes(60) - ON_TIME_GRACE_MS) })).toEqual({ send: true, late: false });
  });

  it('sends a late reminder while at least half its interval remains', () => {
    expect(catchUpDecision({ ...base, offsetMinutes: 60, now: at(minutes(40)) })).toEqual({ send: true, late: true });
    expect(catchUpDecision({ ...base, offsetMinutes: 60, now: at(minutes(30)) })).toEqual({ send: true, late: true });
  });

  it('skips a reminder that would arrive too late to be useful', () => {
    expect(catchUpDecision({ ...base, offsetMinutes: 60, now: at(minutes(29)) })).toEqual({ send: false, reason: 'REMINDER_TOO_LATE' });
  });

  it('skips a missed reminder when a nearer one is due as well (one text, not a burst)', () => {
    // 24 h reminder missed, now 13 h before: still useful, nothing nearer due -> sent.
    expect(catchUpDecision({ ...base, offsetMinutes: 1440, now: at(minutes(13 * 60)) })).toEqual({ send: true, late: true });
    // Down from 25 h to 20 min before: the 24 h and the 1 h reminders are too late to help.
    expect(catchUpDecision({ ...base, offsetMinutes: 1440, now: at(minutes(20)) })).toEqual({ send: false, reason: 'REMINDER_TOO_LATE' });
    expect(catchUpDecision({ ...base, offsetMinutes: 60, now: at(minutes(14)) })).toEqual({ send: false, reason: 'REMINDER_TOO_LATE' });
    expect(catchUpDecision({ ...base, configuredOffsets: [120, 90], offsetMinutes: 120, now: at(minutes(80)) })).toEqual({ send: false, reason: 'REMINDER_SUPERSEDED' });
  });

  it('never sends once the visit started', () => {
    expect(catchUpDecision({ ...base, offsetMinutes: 15, now: start })).toEqual({ send: false, reason: 'VISIT_STARTED' });
  });
});

describe('send-time decision', () => {
  const input = (over: Partial<SendDecisionInput> = {}): SendDecisionInput => ({
    type: 'reminder',
    requestedForStart: start,
    reminderOffsetMinutes: 60,
    appointment: { status: 'booked', startsAt: start, recipient: '+16085550142' },
    sms: { consentsGiven: true, sendingNumber: '+18005550100', confirmationEnabled: true, cancellationEnabled: true, remindersEnabled: true, reminderOffsets: [60] },
    optedOut: false,
    allowedCountries: ['US'],
    now: at(minutes(60)),
    ...over,
  });

  it('sends when everything holds', () => {
    expect(decideSend(input())).toEqual({ send: true, recipient: '+16085550142', sendingNumber: '+18005550100', late: false });
  });

  it.each([
    ['no appointment', { appointment: undefined }, 'APPOINTMENT_NOT_FOUND'],
    ['cancelled', { appointment: { status: 'cancelled' as const, startsAt: start } }, 'APPOINTMENT_CANCELLED'],
    ['deleted', { appointment: { status: 'deleted' as const, startsAt: start } }, 'APPOINTMENT_DELETED'],
    ['no-show', { appointment: { status: 'noshow' as const, startsAt: start } }, 'APPOINTMENT_NO_SHOW'],
    ['moved since planned', { requestedForStart: new Date('2026-05-03T15:00:00Z') }, 'SUPERSEDED_BY_RESCHEDULE'],
    ['visit started', { now: start }, 'VISIT_STARTED'],
    ['interval removed', { reminderOffsetMinutes: 1440 }, 'REMINDER_NOT_CONFIGURED'],
    ['no SMS configuration', { sms: undefined }, 'SMS_NOT_CONFIGURED'],
    ['consent missing', { sms: { ...input().sms!, consentsGiven: false } }, 'CONSENT_MISSING'],
    ['reminders off', { sms: { ...input().sms!, remindersEnabled: false } }, 'SMS_TYPE_DISABLED'],
    ['no linked number', { sms: { ...input().sms!, sendingNumber: undefined } }, 'NO_LINKED_NUMBER'],
    ['no phone', { appointment: { status: 'booked' as const, startsAt: start } }, 'NO_PHONE_NUMBER'],
    ['Canadian number', { appointment: { status: 'booked' as const, startsAt: start, recipient: '+14165550123' } }, 'COUNTRY_NOT_ALLOWED'],
    ['UK number', { appointment: { status: 'booked' as const, startsAt: start, recipient: '+447700900123' } }, 'COUNTRY_NOT_ALLOWED'],
    ['opted out', { optedOut: true }, 'RECIPIENT_OPTED_OUT'],
  ])('skips: %s', (_name, over, reason) => {
    expect(decideSend(input(over as Partial<SendDecisionInput>))).toEqual({ send: false, reason });
  });

  it('sends the cancellation notice only for a cancelled appointment, when enabled', () => {
    const cancelled = { status: 'cancelled' as const, startsAt: start, recipient: '+16085550142' };
    expect(decideSend(input({ type: 'cancellation', appointment: cancelled })).send).toBe(true);
    expect(decideSend(input({ type: 'cancellation' }))).toEqual({ send: false, reason: 'APPOINTMENT_NOT_CANCELLED' });
    expect(decideSend(input({ type: 'cancellation', appointment: cancelled, sms: { ...input().sms!, cancellationEnabled: false } }))).toEqual({ send: false, reason: 'SMS_TYPE_DISABLED' });
  });

  it('allows other countries when configured', () => {
    expect(decideSend(input({ allowedCountries: ['US', 'CA'], appointment: { status: 'booked', startsAt: start, recipient: '+14165550123' } })).send).toBe(true);
  });
});
