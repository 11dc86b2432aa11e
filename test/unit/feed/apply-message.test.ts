import type { Appointment } from '../../../shared/domain/appointment/appointment';
import { applySchedulingMessage, type ApplyContext, type ApplyOutcome } from '../../../shared/domain/appointment/apply-message';
import type { SchedulingMessage } from '../../../shared/domain/appointment/scheduling-message';

const now = new Date('2030-01-05T12:00:00Z');
const context = (over: Partial<ApplyContext> = {}): ApplyContext => ({
  tenantId: 't1', baseUrlId: 'b1', geography: 'US', now,
  sms: { notices: true, reminders: true, reminderMinutesBefore: [1440, 60] },
  ...over,
});
const msg = (over: Partial<SchedulingMessage> = {}): SchedulingMessage => ({
  event: 'S12', controlId: 'C1', messageTime: '2030-01-05T11:00:00.000Z', appointmentId: 'A1',
  startsAt: '2030-01-10T15:00:00.000Z', mobile: '+16085550142', ...over,
});
const applied = (o: ApplyOutcome) => {
  if (o.kind !== 'applied') throw new Error(`expected applied, got ${o.kind}`);
  return o;
};
const booked = (): Appointment => applied(applySchedulingMessage(undefined, msg(), context())).next;

describe('applying scheduling messages', () => {
  it('books: stores the mobile, asks for a confirmation, plans reminders and the purge at the start', () => {
    const o = applied(applySchedulingMessage(undefined, msg(), context()));
    expect(o.next).toMatchObject({ status: 'booked', startsAt: '2030-01-10T15:00:00.000Z', mobile: '+16085550142', lastApplied: { controlId: 'C1', event: 'S12' } });
    expect(o.followUps.sms.map((s) => [s.type, s.requestId])).toEqual([['confirmation', 'confirmation:b1:A1:C1']]);
    expect(o.followUps.duePut.map((d) => [d.bucket, d.action])).toEqual([
      ['203001091500', { kind: 'reminder', minutesBefore: 1440 }],
      ['203001101400', { kind: 'reminder', minutesBefore: 60 }],
      ['203001101500', { kind: 'purge' }],
    ]);
    expect(o.next.pendingFollowUps).toEqual(o.followUps);
  });

  it('keeps SCH-1 and SCH-2 (the join link finds the launch\'s visit by either), also through a later message without them', () => {
    const first = applied(applySchedulingMessage(undefined, msg({ placerId: '260309001', fillerId: 'A1' }), context())).next;
    expect(first).toMatchObject({ appointmentId: 'A1', placerId: '260309001', fillerId: 'A1' });
    const later = applied(applySchedulingMessage(first, msg({ event: 'S14', controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z' }), context())).next;
    expect(later).toMatchObject({ placerId: '260309001', fillerId: 'A1' });
    expect(booked()).not.toHaveProperty('placerId');
  });

  it('sends nothing and plans no reminders when the base URL has those texts off', () => {
    const o = applied(applySchedulingMessage(undefined, msg(), context({ sms: { notices: false, reminders: false, reminderMinutesBefore: [] } })));
    expect(o.followUps.sms).toEqual([]);
    expect(o.followUps.duePut.map((d) => d.action.kind)).toEqual(['purge']);
  });

  it('keeps no mobile, sends nothing and plans nothing for a visit that has already started', () => {
    const o = applied(applySchedulingMessage(undefined, msg({ startsAt: '2030-01-05T11:30:00.000Z' }), context()));
    expect(o.next.mobile).toBeUndefined();
    expect(o.followUps).toMatchObject({ sms: [], duePut: [], dueRemove: [] });
  });

  it('changes nothing for a control id seen before (duplicate)', () => {
    expect(applySchedulingMessage(booked(), msg({ messageTime: '2030-01-05T11:59:00.000Z' }), context())).toEqual({ kind: 'duplicate' });
  });

  it('records an older message as stale and changes nothing else', () => {
    const current = booked();
    const o = applySchedulingMessage(current, msg({ event: 'S13', controlId: 'C0', messageTime: '2030-01-05T10:00:00.000Z', startsAt: '2030-01-20T15:00:00.000Z' }), context());
    expect(o.kind).toBe('stale');
    if (o.kind !== 'stale') return;
    expect(o.next).toEqual({ ...current, staleCount: 1, lastStaleControlId: 'C0', recentControlIds: ['C1', 'C0'], updatedAt: now.toISOString() });
  });

  it('reschedules: a reschedule text, old reminders and purge removed, new ones planned', () => {
    const o = applied(applySchedulingMessage(booked(), msg({ event: 'S13', controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z', startsAt: '2030-01-12T15:00:00.000Z' }), context()));
    expect(o.followUps.sms.map((s) => s.type)).toEqual(['reschedule']);
    expect(o.followUps.dueRemove.map((d) => d.bucket)).toEqual(['203001091500', '203001101400', '203001101500']);
    expect(o.followUps.duePut.map((d) => d.bucket)).toEqual(['203001111500', '203001121400', '203001121500']);
    expect(o.next.plannedDue.map((d) => d.bucket)).toEqual(['203001111500', '203001121400', '203001121500']);
  });

  it('modifies without a time change: no text, no due changes', () => {
    const o = applied(applySchedulingMessage(booked(), msg({ event: 'S14', controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z' }), context()));
    expect(o.followUps).toMatchObject({ sms: [], duePut: [], dueRemove: [] });
  });

  it('cancels: a cancellation text, the mobile kept only for a short notice window', () => {
    const o = applied(applySchedulingMessage(booked(), msg({ event: 'S15', controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z' }), context()));
    expect(o.next.status).toBe('cancelled');
    expect(o.followUps.sms.map((s) => s.type)).toEqual(['cancellation']);
    expect(o.followUps.duePut).toEqual([expect.objectContaining({ bucket: '203001051215', action: { kind: 'purge' } })]);
    expect(o.followUps.dueRemove).toHaveLength(3);
  });

  it('cancel without notices, delete, discontinue and no-show remove the mobile at once', () => {
    for (const [event, status] of [['S15', 'cancelled'], ['S16', 'discontinued'], ['S17', 'deleted'], ['S26', 'noshow']] as const) {
      const sms = event === 'S15' ? { notices: false, reminders: true, reminderMinutesBefore: [60] } : context().sms;
      const o = applied(applySchedulingMessage(booked(), msg({ event, controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z' }), context({ sms })));
      expect(o.next).toMatchObject({ status, mobilePurgedAt: now.toISOString() });
      expect(o.next.mobile).toBeUndefined();
      expect(o.followUps.sms).toEqual([]);
      expect(o.followUps.duePut).toEqual([]);
      expect(o.next.plannedDue).toEqual([]);
    }
  });

  it('cancel then a late modify: the modify is stale and the visit stays cancelled', () => {
    const cancelled = applied(applySchedulingMessage(booked(), msg({ event: 'S17', controlId: 'C3', messageTime: '2030-01-05T11:40:00.000Z' }), context())).next;
    const late = applySchedulingMessage(cancelled, msg({ event: 'S14', controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z' }), context());
    expect(late.kind).toBe('stale');
  });

  it('a newer modify of a cancelled visit does not bring it back or store a number', () => {
    const cancelled = applied(applySchedulingMessage(booked(), msg({ event: 'S17', controlId: 'C3', messageTime: '2030-01-05T11:40:00.000Z' }), context())).next;
    const o = applied(applySchedulingMessage(cancelled, msg({ event: 'S14', controlId: 'C4', messageTime: '2030-01-05T11:50:00.000Z' }), context()));
    expect(o.next.status).toBe('deleted');
    expect(o.next.mobile).toBeUndefined();
    expect(o.followUps.sms).toEqual([]);
  });

  it('a later message without a number drops the stored one', () => {
    const o = applied(applySchedulingMessage(booked(), msg({ event: 'S14', controlId: 'C2', messageTime: '2030-01-05T11:30:00.000Z', mobile: undefined }), context()));
    expect(o.next.mobile).toBeUndefined();
    expect(o.next.mobilePurgedAt).toBe(now.toISOString());
    expect(o.followUps.dueRemove.map((d) => d.action.kind)).toEqual(['reminder', 'reminder', 'purge']);
  });

  it('no-show on an unknown appointment stores only status and ids', () => {
    const o = applied(applySchedulingMessage(undefined, msg({ event: 'S26' }), context()));
    expect(o.next.status).toBe('noshow');
    expect(o.next.mobile).toBeUndefined();
  });
});
