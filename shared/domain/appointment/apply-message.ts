import type { Appointment, AppointmentStatus, FollowUps } from './appointment';
import { dueEntry, sameDueEntry, type DueEntry } from './due-entry';
import type { Geography } from './geography';
import { EVENT_MEANING, type SchedulingMessage } from './scheduling-message';
import type { SmsRequest, SmsRequestType } from '../sms-request';

/** The SMS texts a base URL has switched on (from its SMS profile). */
export interface SmsSwitches {
  /** Confirmation, reschedule and cancellation texts. */
  notices: boolean;
  reminders: boolean;
  reminderMinutesBefore: readonly number[];
}

export interface ApplyContext {
  tenantId: string;
  baseUrlId: string;
  geography: Geography;
  sms: SmsSwitches;
  now: Date;
}

export type ApplyOutcome =
  /** The message (its control id) was applied before: nothing changes. */
  | { kind: 'duplicate' }
  /** Older than the last applied message: only recorded as stale. */
  | { kind: 'stale'; next: Appointment }
  | { kind: 'applied'; next: Appointment; followUps: FollowUps };

/** How many recent control ids an appointment remembers to recognise re-sends. */
export const RECENT_CONTROL_IDS = 20;
/** A cancelled visit keeps its mobile only until the cancellation text is handed over, at most this long. */
export const CANCEL_NOTICE_MINUTES = 15;

const TERMINAL: readonly AppointmentStatus[] = ['cancelled', 'discontinued', 'deleted', 'noshow'];

/**
 * Applies one scheduling message to the appointment as stored (or absent), exactly once
 * and in order: a control id seen before changes nothing; a message older (MSH-7) than the
 * last applied one changes nothing but is counted as stale. Follow-ups (texts, due entries)
 * are returned for the caller to carry out after the appointment is stored.
 */
export function applySchedulingMessage(current: Appointment | undefined, message: SchedulingMessage, context: ApplyContext): ApplyOutcome {
  if (current?.recentControlIds.includes(message.controlId)) return { kind: 'duplicate' };
  const now = context.now.toISOString();
  if (current && Date.parse(message.messageTime) < Date.parse(current.lastApplied.messageTime)) {
    return {
      kind: 'stale',
      next: { ...current, staleCount: current.staleCount + 1, lastStaleControlId: message.controlId, recentControlIds: remember(current, message.controlId), updatedAt: now },
    };
  }
  const meaning = EVENT_MEANING[message.event];
  const wasBooked = current?.status === 'booked';
  const base: Appointment = {
    tenantId: context.tenantId,
    baseUrlId: context.baseUrlId,
    appointmentId: message.appointmentId,
    ...optional('placerId', message.placerId ?? current?.placerId),
    ...optional('fillerId', message.fillerId ?? current?.fillerId),
    status: current?.status ?? 'booked',
    ...optional('startsAt', message.startsAt ?? current?.startsAt),
    ...optional('endsAt', message.endsAt ?? current?.endsAt),
    lastApplied: { controlId: message.controlId, messageTime: message.messageTime, event: message.event },
    recentControlIds: current ? remember(current, message.controlId) : [message.controlId],
    staleCount: current?.staleCount ?? 0,
    ...optional('lastStaleControlId', current?.lastStaleControlId),
    ...optional('mobilePurgedAt', current?.mobilePurgedAt),
    plannedDue: current?.plannedDue ?? [],
    updatedAt: now,
  };
  let next: Appointment;
  let notice: SmsRequestType | undefined;
  if (meaning === 'book' || ((meaning === 'reschedule' || meaning === 'modify') && !(current && TERMINAL.includes(current.status)))) {
    next = withMobile({ ...base, status: 'booked' }, message.mobile, current, context.now);
    notice = !wasBooked ? 'confirmation' : current.startsAt !== next.startsAt ? 'reschedule' : undefined;
  } else if (meaning === 'reschedule' || meaning === 'modify') {
    next = base;
  } else {
    const status: AppointmentStatus = meaning === 'cancel' ? 'cancelled' : meaning === 'discontinue' ? 'discontinued' : meaning === 'delete' ? 'deleted' : 'noshow';
    const tellPatient = meaning === 'cancel' && wasBooked && context.sms.notices && current?.mobile !== undefined && isFuture(current.startsAt, context.now);
    next = tellPatient ? { ...base, status, mobile: current.mobile } : removeMobile({ ...base, status }, current, context.now);
    notice = tellPatient ? 'cancellation' : undefined;
  }
  const planned = planDue(next, context);
  const followUps: FollowUps = {
    controlId: message.controlId,
    sms: notice && context.sms.notices && next.mobile && next.startsAt ? [smsRequest(notice, next, context.geography, message.controlId)] : [],
    duePut: planned.filter((e) => !base.plannedDue.some((p) => sameDueEntry(p, e))),
    dueRemove: base.plannedDue.filter((p) => !planned.some((e) => sameDueEntry(p, e))),
  };
  const hasFollowUps = followUps.sms.length + followUps.duePut.length + followUps.dueRemove.length > 0;
  return { kind: 'applied', next: { ...next, plannedDue: planned, ...(hasFollowUps ? { pendingFollowUps: followUps } : {}) }, followUps };
}

/** The due entries an appointment needs now: reminders before and the purge at the visit start. */
export function planDue(appointment: Appointment, context: Pick<ApplyContext, 'sms' | 'now'>): DueEntry[] {
  if (!appointment.mobile || !appointment.startsAt) return [];
  const key = { tenantId: appointment.tenantId, baseUrlId: appointment.baseUrlId, appointmentId: appointment.appointmentId, appointmentStart: appointment.startsAt };
  if (appointment.status === 'cancelled') {
    return [dueEntry({ ...key, dueAt: new Date(context.now.getTime() + CANCEL_NOTICE_MINUTES * 60_000), action: { kind: 'purge' } })];
  }
  if (appointment.status !== 'booked') return [];
  const start = Date.parse(appointment.startsAt);
  const reminders = context.sms.reminders ? context.sms.reminderMinutesBefore : [];
  const entries = reminders
    .filter((minutes) => start - minutes * 60_000 > context.now.getTime())
    .map((minutesBefore) => dueEntry({ ...key, dueAt: new Date(start - minutesBefore * 60_000), action: { kind: 'reminder', minutesBefore } }));
  return [...entries, dueEntry({ ...key, dueAt: new Date(start), action: { kind: 'purge' } })];
}

/** The message's mobile is kept only for a visit still ahead; a number no longer sent is dropped. */
function withMobile(appointment: Appointment, mobile: string | undefined, current: Appointment | undefined, now: Date): Appointment {
  if (mobile && isFuture(appointment.startsAt, now)) return { ...appointment, mobile };
  return removeMobile(appointment, current, now);
}

function removeMobile(appointment: Appointment, current: Appointment | undefined, now: Date): Appointment {
  const { mobile: _dropped, ...rest } = appointment;
  return current?.mobile ? { ...rest, mobilePurgedAt: now.toISOString() } : rest;
}

function smsRequest(type: SmsRequestType, appointment: Appointment, geography: Geography, controlId: string): SmsRequest {
  return {
    type,
    tenantId: appointment.tenantId,
    baseUrlId: appointment.baseUrlId,
    appointmentId: appointment.appointmentId,
    geography,
    appointmentStart: appointment.startsAt ?? '',
    requestId: `${type}:${appointment.baseUrlId}:${appointment.appointmentId}:${controlId}`,
  };
}

const isFuture = (iso: string | undefined, now: Date): iso is string => iso !== undefined && Date.parse(iso) > now.getTime();

function remember(current: Appointment, controlId: string): string[] {
  return [...current.recentControlIds, controlId].slice(-RECENT_CONTROL_IDS);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
