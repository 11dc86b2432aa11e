import { launchError } from '../../domain/launch/launch-errors';
import {
  appointmentClues,
  isFhirId,
  type AppointmentFacts,
  type LaunchContextTokens,
  type TokenLaunchContext,
  type VisitKey,
} from '../../domain/launch/visit-context';
import type { AppointmentReader } from '../../fhir/appointment-reader';
import { FhirReadError } from '../../fhir/fhir-errors';

/**
 * Finds the launch's appointment by trying the clues in order (see visit-context.ts) and
 * reading them over FHIR. A FHIR 404 moves on to the next clue; a FHIR 5xx, timeout or
 * unreachable EHR stops at once (FHIR_UNAVAILABLE). No clue found: APPOINTMENT_NOT_FOUND.
 */
export interface ResolvedVisit {
  key: VisitKey;
  appointment: AppointmentFacts;
  /** The sessionId, when it was an identifier that led to the appointment (Epic's CSN): one of its names. */
  sessionIdentifier?: string;
}

export async function resolveVisit(reader: AppointmentReader, tokens: LaunchContextTokens, context: TokenLaunchContext): Promise<ResolvedVisit> {
  let conferenceId: string | undefined;
  for (const clue of appointmentClues(tokens, context)) {
    let appointment: AppointmentFacts | undefined;
    if (clue.kind === 'session') {
      appointment = await bySessionId(reader, clue.value);
      if (!appointment) {
        conferenceId = clue.value;
        continue;
      }
      if (appointment.id !== clue.value) return { key: { kind: 'appointment', appointmentId: appointment.id }, appointment, sessionIdentifier: clue.value };
    } else if (clue.kind === 'appointment') {
      appointment = await orNotFound(() => reader.readAppointment(clue.id));
    } else {
      const id = await orNotFound(() => reader.readEncounterAppointmentId(clue.id));
      appointment = id ? await orNotFound(() => reader.readAppointment(id)) : undefined;
    }
    if (appointment) {
      const key: VisitKey = conferenceId ? { kind: 'conference', conferenceId } : { kind: 'appointment', appointmentId: appointment.id };
      return { key, appointment };
    }
  }
  throw launchError('APPOINTMENT_NOT_FOUND', 'The EHR named no appointment the connector could read for this launch.');
}

/** The sessionId is an Appointment's FHIR id or an identifier of it or of its Encounter (an Epic CSN). */
async function bySessionId(reader: AppointmentReader, sessionId: string): Promise<AppointmentFacts | undefined> {
  if (isFhirId(sessionId)) {
    const direct = await orNotFound(() => reader.readAppointment(sessionId));
    if (direct) return direct;
  }
  const found = await orNotFound(() => reader.findAppointmentsByIdentifier(sessionId));
  if (found && found.length === 1) return found[0];
  const viaEncounter = [...new Set((await orNotFound(() => reader.findEncounterAppointmentIds(sessionId))) ?? [])];
  const [only] = viaEncounter;
  return viaEncounter.length === 1 && only ? orNotFound(() => reader.readAppointment(only)) : undefined;
}

async function orNotFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof FhirReadError) {
      if (error.kind === 'not_found') return undefined;
      if (error.kind === 'refused') throw launchError('EHR_AUTHORIZATION_DENIED', `The EHR refused to show the ${error.resourceType} to this user (HTTP ${error.status ?? '?'}).`, error);
      throw launchError('FHIR_UNAVAILABLE', `The EHR's FHIR ${error.resourceType} read failed (${error.kind}).`, error);
    }
    throw error;
  }
}
