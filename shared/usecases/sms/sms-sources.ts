import type { Appointment } from '../../domain/appointment/appointment';
import type { Geography } from '../../domain/appointment/geography';
import type { AppointmentRef } from '../../domain/sms/join-link';

/**
 * The narrow views the SMS use cases read. They are satisfied by the other areas' ports
 * (AppointmentStore, ConfigStore, VisitStore + MeetingProvider) in `functions/_lib/deps/sms.ts`,
 * so the SMS code depends on what it reads, not on how those areas store it.
 */
export interface SmsAppointments {
  read(geography: Geography, ref: AppointmentRef): Promise<Appointment | undefined>;
}

/** What texting one base URL's patients needs from the configuration. */
export interface SmsProfileView {
  organisationName: string;
  timeZone: string;
  consentsGiven: boolean;
  /** Set only when the base URL's number is linked and exists. */
  sendingNumber?: string;
  confirmationEnabled: boolean;
  /** Cancellation notices follow the confirmation setting unless configured separately. */
  cancellationEnabled: boolean;
  remindersEnabled: boolean;
  reminderOffsets: readonly number[];
}

export interface SmsProfiles {
  get(tenantId: string, baseUrlId: string): Promise<SmsProfileView | undefined>;
}

/** Where a join link leads: kept so the link itself says nothing. */
export interface JoinLinkRecord extends AppointmentRef {
  geography: Geography;
  createdAt: string;
}

export interface JoinLinks {
  /** Stores the record for the token unless it exists (idempotent). */
  ensure(token: string, record: JoinLinkRecord): Promise<void>;
  find(token: string): Promise<JoinLinkRecord | undefined>;
}

/** The feed's appointment as the join link knows it: its key plus SCH-1 / SCH-2 when they were sent. */
export interface ScheduledAppointmentRef extends AppointmentRef {
  placerId?: string;
  fillerId?: string;
}

/** The visit's meeting for the patient's lobby: the one visit the launch finds too (find-or-create-visit.ts). */
export interface VisitLobby {
  attendeeJoinUrl(appointment: ScheduledAppointmentRef, visit: { startsAt: Date; endsAt?: Date }): Promise<string>;
}
