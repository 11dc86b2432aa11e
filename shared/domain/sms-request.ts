import { z } from 'zod';
import { GEOGRAPHIES } from './appointment/geography';

/**
 * What the scheduling feed (and the reminder tick) put on the `sms-send` queue for the SMS
 * sender. It carries no phone number and no name: the sender re-reads the appointment
 * (AppointmentStore, in `geography`) and uses the mobile it finds there, if any.
 */
export const SMS_REQUEST_TYPES = ['confirmation', 'reschedule', 'cancellation', 'reminder'] as const;
export type SmsRequestType = (typeof SMS_REQUEST_TYPES)[number];

export const smsRequestSchema = z.object({
  type: z.enum(SMS_REQUEST_TYPES),
  tenantId: z.string().min(1),
  baseUrlId: z.string().min(1),
  appointmentId: z.string().min(1),
  geography: z.enum(GEOGRAPHIES),
  /** The visit start (ISO UTC) the request was made for: if the appointment has moved since, a reminder is stale. */
  appointmentStart: z.iso.datetime(),
  /** Same request, same id (queues deliver at least once): the sender sends each id at most once. */
  requestId: z.string().min(1).max(200),
  /** Reminders only: how long before the visit. */
  minutesBefore: z.number().int().positive().optional(),
});
export type SmsRequest = z.infer<typeof smsRequestSchema>;
