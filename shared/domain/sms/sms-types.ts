/**
 * The words of the SMS part of the product: which texts exist, what happened to each,
 * and why one was not sent. Reports and the SMS log use exactly these names.
 */
export const SMS_TYPES = ['confirmation', 'reschedule', 'cancellation', 'reminder'] as const;
export type SmsType = (typeof SMS_TYPES)[number];

/** What finally happened to a text on the handset side (from the delivery report). */
export const DELIVERY_OUTCOMES = [
  'delivered',
  'blocked_by_recipient',
  'invalid_number',
  'number_does_not_exist',
  'blocked_number',
  'unreachable',
  'spam_detected',
  'other_error',
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/**
 * A message's status in the SMS log. `sending` is held while one attempt is in flight,
 * `retrying` while it waits on the queue for another attempt, `sent` once the service accepted it.
 */
export const SMS_STATUSES = ['skipped', 'sending', 'retrying', 'sent', 'failed', ...DELIVERY_OUTCOMES] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/** How a status is shown to an admin in reports. */
export const SMS_STATUS_LABELS: Record<SmsStatus, string> = {
  skipped: 'Not sent (skipped)',
  sending: 'Sending',
  retrying: 'Waiting to retry',
  sent: 'Sent',
  failed: 'Failed to send',
  delivered: 'Delivered',
  blocked_by_recipient: 'Not delivered – blocked by recipient/opted out',
  invalid_number: 'Invalid phone number',
  number_does_not_exist: "Phone number doesn't exist",
  blocked_number: 'Blocked phone number',
  unreachable: 'Unreachable',
  spam_detected: 'Spam detected',
  other_error: 'Other error',
};

/** Every reason a text is not sent. Recorded in the SMS log; never contains personal data. */
export const SKIP_REASONS = [
  'APPOINTMENT_NOT_FOUND',
  'APPOINTMENT_CANCELLED',
  'APPOINTMENT_DISCONTINUED',
  'APPOINTMENT_DELETED',
  'APPOINTMENT_NO_SHOW',
  'APPOINTMENT_NOT_CANCELLED',
  'SUPERSEDED_BY_RESCHEDULE',
  'VISIT_STARTED',
  'REMINDER_NOT_CONFIGURED',
  'REMINDER_TOO_LATE',
  'REMINDER_SUPERSEDED',
  'SMS_NOT_CONFIGURED',
  'CONSENT_MISSING',
  'SMS_TYPE_DISABLED',
  'NO_LINKED_NUMBER',
  'NO_PHONE_NUMBER',
  'COUNTRY_NOT_ALLOWED',
  'RECIPIENT_OPTED_OUT',
  'ALREADY_SENT',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type { AppointmentStatus } from '../appointment/appointment';

export type SmsEncoding = 'GSM-7' | 'UCS-2';
