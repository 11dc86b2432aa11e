import type { DueEntry } from './due-entry';
import type { SmsRequest } from '../sms-request';
import type { SchedulingEvent } from './scheduling-message';

/**
 * One appointment as the scheduling feed keeps it, per base URL + appointment id, in the
 * organisation's geography. The mobile number is the only personal datum and lives only
 * until the visit starts (or at once goes on cancel / delete / no-show).
 */
export const APPOINTMENT_STATUSES = ['booked', 'cancelled', 'discontinued', 'deleted', 'noshow'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface AppointmentKey {
  baseUrlId: string;
  /** The EHR's appointment id (SCH-2 filler id, else SCH-1 placer id: Epic's CSN). */
  appointmentId: string;
}

/** The last message applied: later messages are compared with it (order, duplicates). */
export interface AppliedMessage {
  controlId: string;
  /** MSH-7 as an ISO-8601 UTC instant. */
  messageTime: string;
  event: SchedulingEvent;
}

export interface Appointment extends AppointmentKey {
  tenantId: string;
  /** SCH-1 placer id (Epic's CSN) and SCH-2 filler id as last sent, so the join link can find the launch's visit by either. */
  placerId?: string;
  fillerId?: string;
  status: AppointmentStatus;
  /** ISO-8601 UTC instants; absent only for a cancel/delete of an appointment never seen booked. */
  startsAt?: string;
  endsAt?: string;
  /** E.164, e.g. `+16085550142`. Absent when unknown or already purged. */
  mobile?: string;
  /** When the mobile was removed (ISO UTC), for reports and audits. */
  mobilePurgedAt?: string;
  lastApplied: AppliedMessage;
  /** Control ids of the most recent applied messages (newest last), to recognise re-sends. */
  recentControlIds: string[];
  /** How many messages arrived older than the last applied one and were not applied. */
  staleCount: number;
  lastStaleControlId?: string;
  /** The due entries currently planned for this appointment (so a change removes exactly those). */
  plannedDue: DueEntry[];
  /** Follow-ups of the last applied message not yet confirmed done (an outbox, cleared once done). */
  pendingFollowUps?: FollowUps;
  updatedAt: string;
}

/** `baseUrlId:appointmentId`: the queue session id that keeps one appointment's messages in order. */
export const appointmentKeyText = (key: AppointmentKey): string => `${key.baseUrlId}:${key.appointmentId}`;

/** What applying a message asks of the rest of the product, done after the appointment is stored. */
export interface FollowUps {
  /** The control id of the message they belong to. */
  controlId: string;
  sms: SmsRequest[];
  duePut: DueEntry[];
  dueRemove: DueEntry[];
}
