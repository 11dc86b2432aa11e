import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { catchUpDecision } from './catch-up';
import type { AppointmentStatus, SkipReason, SmsType } from './sms-types';

/** What a base URL's SMS configuration allows, as the send-time decision reads it. */
export interface SmsSendSettings {
  consentsGiven: boolean;
  /** Set only when the base URL's number is linked and exists. */
  sendingNumber?: string;
  confirmationEnabled: boolean;
  /** Cancellation notices follow the confirmation setting unless configured separately. */
  cancellationEnabled: boolean;
  remindersEnabled: boolean;
  reminderOffsets: readonly number[];
}

/**
 * Whether a text goes out, decided at send time from the appointment as stored now (not as it
 * was when the text was requested). Every "no" has a named reason for the SMS log.
 */
export interface SendDecisionInput {
  type: SmsType;
  /** The visit start the requester saw; a different start now means a newer change superseded it. */
  requestedForStart?: Date;
  /** Reminders only: minutes before the visit. */
  reminderOffsetMinutes?: number;
  appointment?: { status: AppointmentStatus; startsAt: Date; recipient?: string };
  sms?: SmsSendSettings;
  optedOut: boolean;
  /** ISO 3166 alpha-2 codes, e.g. ['US']. */
  allowedCountries: readonly string[];
  now: Date;
}

export type SendDecision =
  | { send: true; recipient: string; sendingNumber: string; late: boolean }
  | { send: false; reason: SkipReason };

const STATUS_SKIP: Record<Exclude<AppointmentStatus, 'booked'>, SkipReason> = {
  cancelled: 'APPOINTMENT_CANCELLED',
  discontinued: 'APPOINTMENT_DISCONTINUED',
  deleted: 'APPOINTMENT_DELETED',
  noshow: 'APPOINTMENT_NO_SHOW',
};

export function decideSend(input: SendDecisionInput): SendDecision {
  const skip = (reason: SkipReason): SendDecision => ({ send: false, reason });
  const { appointment, sms } = input;
  if (!appointment) return skip('APPOINTMENT_NOT_FOUND');
  if (input.type === 'cancellation') {
    if (appointment.status !== 'cancelled' && appointment.status !== 'discontinued') return skip('APPOINTMENT_NOT_CANCELLED');
  } else if (appointment.status !== 'booked') {
    return skip(STATUS_SKIP[appointment.status]);
  }
  if (input.now.getTime() >= appointment.startsAt.getTime()) return skip('VISIT_STARTED');
  if (input.type !== 'cancellation' && input.requestedForStart && input.requestedForStart.getTime() !== appointment.startsAt.getTime()) {
    return skip('SUPERSEDED_BY_RESCHEDULE');
  }
  if (!sms) return skip('SMS_NOT_CONFIGURED');
  let late = false;
  if (input.type === 'reminder') {
    const offset = input.reminderOffsetMinutes;
    if (offset === undefined || !sms.reminderOffsets.includes(offset)) return skip('REMINDER_NOT_CONFIGURED');
    const timing = catchUpDecision({ startsAt: appointment.startsAt, offsetMinutes: offset, configuredOffsets: sms.reminderOffsets, now: input.now });
    if (!timing.send) return skip(timing.reason);
    late = timing.late;
  }
  if (!sms.consentsGiven) return skip('CONSENT_MISSING');
  if (!typeEnabled(input.type, sms)) return skip('SMS_TYPE_DISABLED');
  if (!sms.sendingNumber) return skip('NO_LINKED_NUMBER');
  if (!appointment.recipient) return skip('NO_PHONE_NUMBER');
  if (!countryAllowed(appointment.recipient, input.allowedCountries)) return skip('COUNTRY_NOT_ALLOWED');
  if (input.optedOut) return skip('RECIPIENT_OPTED_OUT');
  return { send: true, recipient: appointment.recipient, sendingNumber: sms.sendingNumber, late };
}

function typeEnabled(type: SmsType, sms: SmsSendSettings): boolean {
  if (type === 'reminder') return sms.remindersEnabled;
  if (type === 'cancellation') return sms.cancellationEnabled;
  return sms.confirmationEnabled;
}

/** The recipient's country from the number itself (+1 is shared by the US, Canada and the Caribbean). */
export function countryAllowed(e164: string, allowed: readonly string[]): boolean {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed || !parsed.isValid() || !parsed.country) return false;
  return allowed.includes(parsed.country);
}
