import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../paths';
import type { Appointment, Encounter, Patient, Practitioner, Resource } from '@medplum/fhirtypes';

/**
 * What the sandbox EHR holds: the Epic-style fixtures (copied from shared/fixtures/fhir/epic-style,
 * quirks intact) plus a schedule generated for "today" (the UTC day of the injected clock), so the
 * home page always has visits to launch. Generated ids keep Epic's shape: `.` and `-` inside.
 */
export interface SandboxVisit {
  appointmentId: string;
  encounterId: string;
  /** The appointment's contact serial number: what an Epic launch record passes as `sessionId`. */
  csn: string;
  patientId: string;
  practitionerId: string;
  departmentId: string;
  start: string;
  end: string;
}

export interface SandboxRecords {
  resources: Resource[];
  visits: SandboxVisit[];
  /** Display names for the sandbox's own pages (never sent to the connector outside FHIR). */
  names: Map<string, string>;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const CSN_SYSTEM = 'urn:oid:1.2.840.114350.1.13.0.1.7.3.698084.8';
const PARTICIPATION = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType';

/** From the project root, so it is found from `dev/` (tests) and from `dist/dev/` (npm start; tsc does not copy JSON). */
export const FIXTURE_DIRECTORY = path.join(projectRoot(), 'dev', 'sandbox-ehr', 'data', 'epic-style');

const resourceShape = z.object({ resourceType: z.string().regex(/^[A-Z][A-Za-z]+$/), id: z.string().regex(FHIR_ID) });

/** A resource with a type and an id FHIR allows (the rest of the resource is served as it is). */
export function isFhirResource(value: unknown): value is Resource {
  return resourceShape.safeParse(value).success;
}

export function loadFixtures(directory = FIXTURE_DIRECTORY): Resource[] {
  return readdirSync(directory)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const value: unknown = JSON.parse(readFileSync(path.join(directory, f), 'utf8'));
      if (!isFhirResource(value)) throw new Error(`sandbox EHR fixture ${f} is not a FHIR resource with a valid id`);
      return value;
    });
}

const practitioners: Practitioner[] = [
  // Referenced by the fixture Encounter but not in the fixtures: an id with a '.'.
  { resourceType: 'Practitioner', id: 'eOyFJ.PiGBcbhr3T1oyJZ1A3', active: true, name: [{ use: 'usual', text: 'Physician Surgery, MD', family: 'Surgery', given: ['Physician'] }] },
];

const patients: Patient[] = [
  { resourceType: 'Patient', id: 'eq081-VQEgP8drUUqCWzHfw3', active: true, name: [{ use: 'official', text: 'Derrick Lin', family: 'Lin', given: ['Derrick'] }], gender: 'male', birthDate: '1973-06-03' },
  { resourceType: 'Patient', id: 'e0w0LEDCYtfckT6N.CkJKCw3', active: true, name: [{ use: 'official', text: 'Warren McGinnis', family: 'McGinnis', given: ['Warren'] }], gender: 'male', birthDate: '1952-05-24' },
];

const CAMILA = 'erXuFYUfucBZaryVksYEcMg3';
const FAMILY_MD = 'eM5CWtq15N0WJeuCet5bJlQ3';
const SURGEON = 'eOyFJ.PiGBcbhr3T1oyJZ1A3';

const departments = {
  '10501101': { location: 'e4W4rmGe9QzuGm2Dy4NBqVc0KDe6yGld6HW95UuN-Qd03', name: 'EMC Family Medicine' },
  '10501102': { location: 'eih1L3clnoL-Odea34LokKYlHPndLwGjYudOa4y6QHvk3', name: 'EMH Surgery Clinic' },
} as const;
type DepartmentId = keyof typeof departments;

/** Today's clinic: fixed times of the clock's UTC day, plus one visit starting 15 minutes after "now". */
const schedule: { minutes: number | 'soon'; length: number; patient: string; practitioner: string; department: DepartmentId }[] = [
  { minutes: 9 * 60, length: 30, patient: CAMILA, practitioner: FAMILY_MD, department: '10501101' },
  { minutes: 10 * 60 + 30, length: 30, patient: 'eq081-VQEgP8drUUqCWzHfw3', practitioner: SURGEON, department: '10501102' },
  { minutes: 14 * 60, length: 20, patient: 'e0w0LEDCYtfckT6N.CkJKCw3', practitioner: FAMILY_MD, department: '10501101' },
  { minutes: 'soon', length: 20, patient: CAMILA, practitioner: SURGEON, department: '10501102' },
];

/** An Epic-looking id, stable for one day and slot: `e` + hex with a `.` and a `-` inside + `3`. */
function epicId(kind: string, day: string, index: number): string {
  const h = createHash('sha256').update(`${kind}|${day}|${index}`).digest('hex');
  return `e${h.slice(0, 8)}.${h.slice(8, 14)}-${h.slice(14, 24)}3`;
}

export function buildSandboxRecords(now: Date, fixtures: Resource[] = loadFixtures()): SandboxRecords {
  const day = now.toISOString().slice(0, 10);
  const midnight = Date.parse(`${day}T00:00:00.000Z`);
  const soon = Math.floor(now.getTime() / 300_000) * 300_000 + 15 * 60_000;
  const resources: Resource[] = [...fixtures, ...practitioners, ...patients];
  const visits: SandboxVisit[] = schedule.map((slot, index) => {
    const startMs = slot.minutes === 'soon' ? soon : midnight + slot.minutes * 60_000;
    const visit: SandboxVisit = {
      appointmentId: epicId('appointment', day, index),
      encounterId: epicId('encounter', day, index),
      csn: `${day.replace(/-/g, '').slice(2)}${String(index + 1).padStart(3, '0')}`,
      patientId: slot.patient,
      practitionerId: slot.practitioner,
      departmentId: slot.department,
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + slot.length * 60_000).toISOString(),
    };
    resources.push(appointmentOf(visit, slot.length), encounterOf(visit));
    return visit;
  });
  return { resources, visits, names: namesOf(resources) };
}

function appointmentOf(v: SandboxVisit, minutes: number): Appointment {
  const department = departments[v.departmentId as DepartmentId];
  // Like Epic: no `patient` element; the patient is only a participant.actor.
  return {
    resourceType: 'Appointment',
    id: v.appointmentId,
    identifier: [{ use: 'usual', system: CSN_SYSTEM, value: v.csn }],
    status: 'booked',
    appointmentType: { coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.10.698084.30', code: '2101', display: 'Video Visit' }], text: 'Video Visit' },
    start: v.start,
    end: v.end,
    minutesDuration: minutes,
    participant: [
      { type: [{ coding: [{ system: PARTICIPATION, code: 'PART', display: 'Participation' }], text: 'PART' }], actor: { reference: `Patient/${v.patientId}` }, required: 'required', status: 'accepted' },
      { type: [{ coding: [{ system: PARTICIPATION, code: 'PPRF', display: 'primary performer' }], text: 'PPRF' }], actor: { reference: `Practitioner/${v.practitionerId}` }, required: 'required', status: 'accepted' },
      { actor: { reference: `Location/${department.location}`, display: department.name }, required: 'required', status: 'accepted' },
    ],
  };
}

function encounterOf(v: SandboxVisit): Encounter {
  return {
    resourceType: 'Encounter',
    id: v.encounterId,
    identifier: [{ use: 'usual', system: CSN_SYSTEM, value: v.csn }],
    status: 'planned',
    class: { system: 'urn:oid:1.2.840.114350.1.72.1.7.7.10.696784.13260', code: '13', display: 'Support OP Encounter' },
    subject: { reference: `Patient/${v.patientId}` },
    participant: [{ individual: { reference: `Practitioner/${v.practitionerId}`, type: 'Practitioner' } }],
    appointment: [{ reference: `Appointment/${v.appointmentId}` }],
    period: { start: v.start, end: v.end },
  };
}

function namesOf(resources: Resource[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const r of resources) {
    if ((r.resourceType === 'Patient' || r.resourceType === 'Practitioner') && r.id) {
      const name = r.name?.[0];
      names.set(`${r.resourceType}/${r.id}`, name?.text ?? [name?.given?.join(' '), name?.family].filter(Boolean).join(' '));
    }
  }
  return names;
}
