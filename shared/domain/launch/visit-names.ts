/**
 * The names one appointment goes by, as keys that lead to its visit. The EHR launch knows
 * the Appointment's FHIR id and its identifiers (Epic's CSN, which is also what an Epic launch
 * record passes as `sessionId`); the scheduling feed knows SCH-1 (placer id, Epic's CSN) and
 * SCH-2 (filler id). In Epic the CSN and the FHIR id differ, so neither side can compute the
 * other's key: each records its names, and the first name found leads both to one visit.
 *
 *   `fhir:{id}`   the Appointment's FHIR id (only the launch knows it for sure)
 *   `id:{value}`  an identifier value: Appointment.identifier, the launch's sessionId, SCH-1, SCH-2
 *
 * Identifier values are taken without their system, because the feed does not carry it:
 * values are trimmed (Epic pads some with spaces), empty and over-long ones are left out.
 * Pure: no I/O.
 */
export const MAX_NAME_LENGTH = 128;
/** More names than this add nothing but writes (an Appointment rarely has more than three identifiers). */
export const MAX_VISIT_NAMES = 12;

const clean = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= MAX_NAME_LENGTH ? trimmed : undefined;
};

const unique = (names: (string | undefined)[]): string[] => [...new Set(names.filter((n): n is string => n !== undefined))].slice(0, MAX_VISIT_NAMES);

export const fhirName = (appointmentId: string): string => `fhir:${appointmentId}`;
export const identifierName = (value: string): string => `id:${value}`;

/**
 * What a launch records for the Appointment it resolved, most certain first: its FHIR id,
 * the sessionId that led to it (when it was an identifier, not the FHIR id itself), then
 * every identifier value of the Appointment.
 */
export function launchVisitNames(appointment: { id: string; identifiers: readonly string[] }, sessionIdentifier?: string): string[] {
  const session = clean(sessionIdentifier);
  return unique([
    fhirName(appointment.id),
    session !== undefined && session !== appointment.id ? identifierName(session) : undefined,
    ...appointment.identifiers.map((v) => {
      const value = clean(v);
      return value === undefined ? undefined : identifierName(value);
    }),
  ]);
}

/** What the SMS join link tries for the feed's appointment: its key (SCH-2, else SCH-1), then SCH-2 and SCH-1 themselves. */
export function scheduledVisitNames(appointment: { appointmentId: string; fillerId?: string; placerId?: string }): string[] {
  return unique([appointment.appointmentId, appointment.fillerId, appointment.placerId].map((v) => {
    const value = clean(v);
    return value === undefined ? undefined : identifierName(value);
  }));
}
