import { requireReader, type AdminPrincipal } from '../../domain/config/access';
import { maskPhoneNumber } from '../../domain/config/sms-rules';
import { DomainError } from '../../domain/errors';
import type { ConfigUseCaseDeps } from './config-deps';
import { requireBaseUrl } from './base-url-inputs';

/** What support sees of one appointment: never the full phone number. */
export interface AppointmentDiagnosis {
  baseUrlId: string;
  appointmentId: string;
  status: string;
  startsAt: string | null;
  phoneNumberHeld: boolean;
  maskedPhoneNumber: string | null;
  phoneNumberPurgedAt: string | null;
  /** What the scheduling feed planned (its due entries), not a recomputation. */
  remindersPlanned: { minutesBefore: number; at: string }[];
  phoneNumberPurgeAt: string | null;
  lastHl7ControlId: string;
  lastHl7MessageTime: string;
  lastEvent: string;
}

export async function troubleshootAppointment(
  deps: Pick<ConfigUseCaseDeps, 'configStore' | 'appointmentStore'>,
  input: { principal: AdminPrincipal; tenantId: string; baseUrlId: string; appointmentId: string },
): Promise<AppointmentDiagnosis> {
  requireReader(input.principal, input.tenantId);
  if (!deps.appointmentStore) throw new DomainError('upstream_unavailable', 'The appointment store is not configured.', { reason: 'APPOINTMENT_STORE_UNAVAILABLE' });
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(input.appointmentId)) throw new DomainError('not_found', 'There is no such appointment.', { reason: 'APPOINTMENT_NOT_FOUND' });
  const [baseUrl, organisation] = await Promise.all([requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId), deps.configStore.getOrganisation(input.tenantId)]);
  if (!organisation) throw new DomainError('not_found', 'This organisation is not set up.', { reason: 'TENANT_CONFIG_NOT_FOUND' });
  const found = await deps.appointmentStore.read(organisation.value.geography, { baseUrlId: baseUrl.value.id, appointmentId: input.appointmentId });
  if (!found || found.appointment.tenantId !== input.tenantId) throw new DomainError('not_found', 'There is no such appointment for this base URL.', { reason: 'APPOINTMENT_NOT_FOUND' });
  const a = found.appointment;
  return {
    baseUrlId: a.baseUrlId,
    appointmentId: a.appointmentId,
    status: a.status,
    startsAt: a.startsAt ?? null,
    phoneNumberHeld: a.mobile !== undefined,
    maskedPhoneNumber: a.mobile ? maskPhoneNumber(a.mobile) : null,
    phoneNumberPurgedAt: a.mobilePurgedAt ?? null,
    remindersPlanned: a.plannedDue.flatMap((e) => (e.action.kind === 'reminder' ? [{ minutesBefore: e.action.minutesBefore, at: e.dueAt }] : [])),
    phoneNumberPurgeAt: a.plannedDue.find((e) => e.action.kind === 'purge')?.dueAt ?? null,
    lastHl7ControlId: a.lastApplied.controlId,
    lastHl7MessageTime: a.lastApplied.messageTime,
    lastEvent: a.lastApplied.event,
  };
}
