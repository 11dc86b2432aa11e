import type { Appointment } from '../../domain/appointment/appointment';
import type { Geography } from '../../domain/appointment/geography';
import type { AppointmentRef } from '../../domain/sms/join-link';
import type { SmsSendSettings } from '../../domain/sms/send-decision';

/**
 * The narrow views the SMS use cases read. They are satisfied by the other areas' ports
 * (AppointmentStore, ConfigStore, VisitStore + MeetingProvider) in `functions/_lib/deps/sms.ts`,
 * so the SMS code depends on what it reads, not on how those areas store it.
 */
export interface SmsAppointments {
  read(geography: Geography, ref: AppointmentRef): Promise<Appointment | undefined>;
}

/** What texting one base URL's patients needs from the configuration: the send rules' settings plus what the text shows. */
export interface SmsProfileView extends SmsSendSettings {
  organisationName: string;
  timeZone: string;
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
