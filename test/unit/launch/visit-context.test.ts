import { meetingExternalId } from '../../../shared/domain/launch/external-id';
import { appointmentClues, patientTakesPart, referencedId } from '../../../shared/domain/launch/visit-context';
import { appointmentFacts } from '../../../shared/fhir/appointment-reader';
import { resolveVisit } from '../../../shared/usecases/launch/resolve-visit';
import { FhirReadError } from '../../../shared/fhir/fhir-errors';
import type { AppointmentReader } from '../../../shared/fhir/appointment-reader';
import type { AppointmentFacts } from '../../../shared/domain/launch/visit-context';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The Epic-style fixtures of ../shared/fixtures, as copied into the repo for the sandbox EHR (a clone needs nothing beside it). */
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'dev', 'sandbox-ehr', 'data', 'epic-style', name), 'utf8'));

describe('visit context resolution order', () => {
  it('orders sessionId, token appointment, fhirContext, then encounter, without duplicates', () => {
    const clues = appointmentClues(
      { sessionId: '1505' },
      { appointment: 'eA.1-x', encounter: 'Encounter/eE-2', fhirContext: ['Appointment/eA.1-x', 'https://ehr/R4/Appointment/eB-3', 'Patient/p'] },
    );
    expect(clues).toEqual([
      { kind: 'session', value: '1505' },
      { kind: 'appointment', id: 'eA.1-x', source: 'token.appointment' },
      { kind: 'appointment', id: 'eB-3', source: 'token.fhirContext' },
      { kind: 'encounter', id: 'eE-2' },
    ]);
  });

  it('reads references with Epic ids (dots and dashes) and refuses other types', () => {
    expect(referencedId('Appointment/eO7YqdbPW-nhcgXdQIR0HUA3', 'Appointment')).toBe('eO7YqdbPW-nhcgXdQIR0HUA3');
    expect(referencedId('Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3/_history/2', 'Practitioner')).toBe('eOyFJ.PiGBcbhr3T1oyJZ1A3');
    expect(referencedId('Encounter/x', 'Appointment')).toBeUndefined();
  });

  it('finds the patient of an Epic Appointment that has no patient field (participant.actor only)', () => {
    const facts = appointmentFacts(fixture('epic-Appointment-eO7YqdbPW-nhcgXdQIR0HUA3.json'));
    expect(facts).toMatchObject({ id: 'eO7YqdbPW-nhcgXdQIR0HUA3', status: 'booked', patientIds: ['erXuFYUfucBZaryVksYEcMg3'], identifiers: ['1505'] });
    expect(patientTakesPart(facts, 'erXuFYUfucBZaryVksYEcMg3')).toBe(true);
    expect(patientTakesPart(facts, 'Patient/erXuFYUfucBZaryVksYEcMg3')).toBe(true);
    expect(patientTakesPart(facts, 'someone-else')).toBe(false);
    expect(patientTakesPart(facts, undefined)).toBe(false);
  });

  it('derives one external id per tenant + base URL + visit, free of the ids themselves', () => {
    const a = meetingExternalId('t1', 'b1', { kind: 'appointment', appointmentId: 'eA.1' });
    expect(a).toMatch(/^vv1-[A-Za-z0-9_-]{43}$/);
    expect(meetingExternalId('t1', 'b1', { kind: 'appointment', appointmentId: 'eA.1' })).toBe(a);
    expect(meetingExternalId('t2', 'b1', { kind: 'appointment', appointmentId: 'eA.1' })).not.toBe(a);
    expect(meetingExternalId('t1', 'b1', { kind: 'conference', conferenceId: 'eA.1' })).not.toBe(a);
    expect(a).not.toContain('eA.1');
  });
});

describe('resolveVisit', () => {
  const appt = (id: string): AppointmentFacts => ({ id, status: 'booked', patientIds: ['p1'], identifiers: [] });
  const reader = (known: Record<string, AppointmentFacts>, extra: Partial<AppointmentReader> = {}): AppointmentReader => ({
    readAppointment: async (id) => {
      const found = known[id];
      if (!found) throw new FhirReadError('not_found', 'Appointment', 404);
      return found;
    },
    findAppointmentsByIdentifier: async () => [],
    readEncounterAppointmentId: async () => undefined,
    findEncounterAppointmentIds: async () => [],
    ...extra,
  });

  it('keys a sessionId that is an appointment id by that appointment', async () => {
    const result = await resolveVisit(reader({ a1: appt('a1') }), { sessionId: 'a1' }, { fhirContext: [] });
    expect(result.key).toEqual({ kind: 'appointment', appointmentId: 'a1' });
    expect(result.sessionIdentifier).toBeUndefined();
  });

  it('resolves a CSN through the Encounter identifier', async () => {
    const r = reader({ a1: appt('a1') }, { findEncounterAppointmentIds: async (v) => (v === '555' ? ['a1'] : []) });
    const result = await resolveVisit(r, { sessionId: '555' }, { fhirContext: [] });
    expect(result.key).toEqual({ kind: 'appointment', appointmentId: 'a1' });
    // The CSN is one of the appointment's names even when the Appointment does not carry it.
    expect(result.sessionIdentifier).toBe('555');
  });

  it('treats an unresolvable sessionId as a conference id when the token names the appointment', async () => {
    const result = await resolveVisit(reader({ a2: appt('a2') }), { sessionId: 'CONF-9' }, { appointment: 'a2', fhirContext: [] });
    expect(result).toEqual({ key: { kind: 'conference', conferenceId: 'CONF-9' }, appointment: appt('a2') });
  });

  it('falls back to encounter -> Encounter.appointment', async () => {
    const r = reader({ a3: appt('a3') }, { readEncounterAppointmentId: async (id) => (id === 'e1' ? 'a3' : undefined) });
    expect((await resolveVisit(r, {}, { encounter: 'e1', fhirContext: [] })).key).toEqual({ kind: 'appointment', appointmentId: 'a3' });
  });

  it('names APPOINTMENT_NOT_FOUND when no clue leads to an appointment', async () => {
    await expect(resolveVisit(reader({}), { sessionId: 'x' }, { appointment: 'gone', fhirContext: [] })).rejects.toMatchObject({ reason: 'APPOINTMENT_NOT_FOUND' });
  });

  it('stops at a FHIR 5xx or timeout with FHIR_UNAVAILABLE', async () => {
    const failing = reader({}, { readAppointment: async () => { throw new FhirReadError('timeout', 'Appointment', undefined); } });
    await expect(resolveVisit(failing, {}, { appointment: 'a1', encounter: 'e1', fhirContext: [] })).rejects.toMatchObject({ reason: 'FHIR_UNAVAILABLE', code: 'upstream_unavailable' });
  });
});
