import type { Geography } from '../../domain/appointment/geography';
import { scheduledVisitNames } from '../../domain/launch/visit-names';
import { hasBothConsents } from '../../domain/config/sms';
import type { AppointmentRef } from '../../domain/sms/join-link';
import type { AppointmentStore } from '../../ports/appointment-store';
import type { ConfigStore } from '../../ports/config-store';
import { findOrCreateVisit, type VisitDeps } from '../visit/find-or-create-visit';
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

/** HELP replies: the display name of the organisation that holds the sending number (undefined: the generic text). */
export function organisationNameForNumberFrom(config: Pick<ConfigStore, 'findTenantIdBySendingNumber' | 'getOrganisation'>): (sendingNumber: string) => Promise<string | undefined> {
  return async (sendingNumber) => {
    const tenantId = await config.findTenantIdBySendingNumber(sendingNumber);
    return tenantId ? (await config.getOrganisation(tenantId))?.value.displayName : undefined;
  };
}

/**
 * The patient's lobby for an appointment: the visit found or created by the one use case the
 * launch uses too, through the names the feed knows (its key, SCH-2, SCH-1). In Epic SCH-1 is
 * the CSN, which the launch records for the Appointment it resolves: both land in one meeting
 * whichever comes first. A visit the join link creates is keyed by the feed's appointment id.
 */
export function visitLobbyFrom(deps: VisitDeps): VisitLobby {
  return {
    attendeeJoinUrl: async (appointment, times) => {
      const visit = await findOrCreateVisit(deps, {
        tenantId: appointment.tenantId,
        baseUrlId: appointment.baseUrlId,
        key: { kind: 'appointment', appointmentId: appointment.appointmentId },
        names: scheduledVisitNames(appointment),
        startsAt: times.startsAt,
        ...(times.endsAt ? { endsAt: times.endsAt } : {}),
      });
      return visit.attendeeJoinUrl;
    },
  };
}
