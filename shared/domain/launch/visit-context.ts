/**
 * Which appointment a launch is about. The EHR can say it in several places; they are
 * tried in a fixed order (DESIGN: visit context resolution order):
 *   1. the `sessionId` context token of the launch record (appointment CSN / FHIR id,
 *      or a conference id that groups a group visit),
 *   2. the token response: `appointment` (Epic's extra field), then `fhirContext`
 *      references to an Appointment,
 *   3. the token response's `encounter` -> `Encounter.appointment`.
 * Pure: the use case performs the FHIR reads these clues ask for.
 */
export type LaunchRole = 'provider' | 'patient';

/** Context tokens the EHR launch record adds to the launch URL. */
export interface LaunchContextTokens {
  sessionId?: string;
  departmentId?: string;
}

/** The launch context the token endpoint returned (already validated). */
export interface TokenLaunchContext {
  patient?: string;
  encounter?: string;
  appointment?: string;
  fhirContext: string[];
}

export type AppointmentClue =
  | { kind: 'session'; value: string }
  | { kind: 'appointment'; id: string; source: 'token.appointment' | 'token.fhirContext' }
  | { kind: 'encounter'; id: string };

/** FHIR resource ids: letters, digits, `-` and `.`, at most 64 characters (Epic uses both). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function isFhirId(value: string): boolean {
  return FHIR_ID.test(value);
}

/** `Appointment/abc`, `https://ehr/fhir/Appointment/abc` or `Appointment/abc/_history/2` -> `abc` when the type matches. */
export function referencedId(reference: string, resourceType: string): string | undefined {
  const m = new RegExp(`(?:^|/)${resourceType}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$`).exec(reference.trim());
  return m?.[1];
}

export function appointmentClues(tokens: LaunchContextTokens, context: TokenLaunchContext): AppointmentClue[] {
  const clues: AppointmentClue[] = [];
  if (tokens.sessionId) clues.push({ kind: 'session', value: tokens.sessionId });
  const fromField = context.appointment ? (referencedId(context.appointment, 'Appointment') ?? context.appointment) : undefined;
  if (fromField && isFhirId(fromField)) clues.push({ kind: 'appointment', id: fromField, source: 'token.appointment' });
  for (const reference of context.fhirContext) {
    const id = referencedId(reference, 'Appointment');
    if (id && !clues.some((c) => c.kind === 'appointment' && c.id === id)) clues.push({ kind: 'appointment', id, source: 'token.fhirContext' });
  }
  const encounter = context.encounter ? (referencedId(context.encounter, 'Encounter') ?? context.encounter) : undefined;
  if (encounter && isFhirId(encounter)) clues.push({ kind: 'encounter', id: encounter });
  return clues;
}

/** What the launch needs from a FHIR Appointment (nothing clinical, no names). */
export interface AppointmentFacts {
  id: string;
  status: string;
  start?: string;
  end?: string;
  /** Patient ids among `patient` (if any) and `participant.actor` (Epic puts the patient only there). */
  patientIds: string[];
  /** `Appointment.identifier` values (Epic: the CSN, order numbers), as the EHR wrote them. */
  identifiers: string[];
}

export const CLOSED_APPOINTMENT_STATUSES = new Set(['cancelled', 'noshow', 'entered-in-error']);

/** A patient may only join an appointment they take part in. */
export function patientTakesPart(appointment: AppointmentFacts, patientId: string | undefined): boolean {
  if (patientId === undefined) return false;
  const id = referencedId(patientId, 'Patient') ?? patientId;
  return appointment.patientIds.includes(id);
}

/**
 * The key of the visit (one meeting per key). A visit the launch creates is keyed by the
 * Appointment's FHIR id, one the SMS join link creates by the feed's appointment id; the
 * appointment's names (visit-names.ts) lead either to the visit that exists already.
 * A `sessionId` that is no appointment is a conference id: every appointment launched with
 * it shares the one group visit.
 */
export type VisitKey = { kind: 'appointment'; appointmentId: string } | { kind: 'conference'; conferenceId: string };

export function visitKeyText(key: VisitKey): string {
  return key.kind === 'appointment' ? `appt:${key.appointmentId}` : `conf:${key.conferenceId}`;
}
