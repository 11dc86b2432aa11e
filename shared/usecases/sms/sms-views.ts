import type { Geography } from '../../domain/appointment/geography';
import { meetingExternalId, MEETING_SUBJECT } from '../../domain/launch/external-id';
import { visitKeyText, type VisitKey } from '../../domain/launch/visit-context';
import { hasBothConsents } from '../../domain/config/sms';
import type { AppointmentRef } from '../../domain/sms/join-link';
import type { AppointmentStore } from '../../ports/appointment-store';
import type { Clock } from '../../ports/clock';
import type { ConfigStore } from '../../ports/config-store';
import type { MeetingProvider } from '../../ports/meeting-provider';
import type { VisitStore } from '../../ports/visit-store';
import type { SmsAppointments, SmsProfiles, SmsProfileView, VisitLobby } from './sms-sources';

/** The SMS views over the other areas' ports. */
export function smsAppointmentsFrom(store: AppointmentStore): SmsAppointments {
  return {
    read: async (geography: Geography, ref: AppointmentRef) => {
      const found = await store.read(geography, { baseUrlId: ref.baseUrlId, appointmentId: ref.appointmentId });
      return found && found.appointment.tenantId === ref.tenantId ? found.appointment : undefined;
    },
  };
}

export function smsProfilesFrom(config: Pick<ConfigStore, 'getSmsProfile'>): SmsProfiles {
  return {
    get: async (tenantId, baseUrlId): Promise<SmsProfileView | undefined> => {
      const p = await config.getSmsProfile(tenantId, baseUrlId);
      if (!p) return undefined;
      return {
        organisationName: p.organisation.displayName,
        timeZone: p.organisation.timeZone,
        consentsGiven: hasBothConsents(p.consents),
        ...(p.phoneNumber ? { sendingNumber: p.phoneNumber.e164 } : {}),
        confirmationEnabled: p.confirmationEnabled,
        cancellationEnabled: p.confirmationEnabled,
        remindersEnabled: p.remindersEnabled,
        reminderOffsets: p.baseUrl.sms.reminderMinutesBefore,
      };
    },
  };
}

/**
 * The patient's lobby for an appointment: the visit the launch created, or a new one made
 * the same way (same external id, so a later provider launch lands in the same meeting).
 * The visit is keyed by the appointment id the scheduling feed knows.
 */
export function visitLobbyFrom(deps: { visits: VisitStore; meetings: MeetingProvider; clock: Clock }): VisitLobby {
  return {
    attendeeJoinUrl: async (ref, visit) => {
      const key: VisitKey = { kind: 'appointment', appointmentId: ref.appointmentId };
      const existing = await deps.visits.get(ref.tenantId, ref.baseUrlId, visitKeyText(key));
      if (existing) return existing.attendeeJoinUrl;
      const externalId = meetingExternalId(ref.tenantId, ref.baseUrlId, key);
      const meeting = await deps.meetings.createOrGet({ externalId, subject: MEETING_SUBJECT, startsAt: visit.startsAt, ...(visit.endsAt ? { endsAt: visit.endsAt } : {}) });
      const created = await deps.visits.createOrGet({
        tenantId: ref.tenantId,
        baseUrlId: ref.baseUrlId,
        visitKey: visitKeyText(key),
        meetingId: meeting.meetingId,
        externalId,
        organizerJoinUrl: meeting.organizerJoinUrl,
        attendeeJoinUrl: meeting.attendeeJoinUrl,
        createdAt: deps.clock.now().toISOString(),
      });
      return created.attendeeJoinUrl;
    },
  };
}
