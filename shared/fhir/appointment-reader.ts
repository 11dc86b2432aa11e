import { z } from 'zod';
import type { AppointmentFacts } from '../domain/launch/visit-context';
import { referencedId } from '../domain/launch/visit-context';
import { loadFhirKit } from '../smart/esm';
import { classifyFhirError, FhirReadError } from './fhir-errors';

/**
 * The FHIR reads a launch needs, over `fhir-kit-client` with the launch's access token
 * and a deadline per request. Returns only the facts the launch uses (ids, status, times),
 * never names or clinical content.
 */
export interface AppointmentReader {
  readAppointment(id: string): Promise<AppointmentFacts>;
  /** Appointments carrying this identifier value (an Epic CSN, for example). */
  findAppointmentsByIdentifier(value: string): Promise<AppointmentFacts[]>;
  /** The FHIR id of the Appointment the Encounter points at, if any. */
  readEncounterAppointmentId(encounterId: string): Promise<string | undefined>;
  /** Appointment ids of the Encounters carrying this identifier value (Epic's CSN is an encounter identifier). */
  findEncounterAppointmentIds(identifier: string): Promise<string[]>;
}

const reference = z.object({ reference: z.string().optional() }).loose();
const appointmentSchema = z
  .object({
    resourceType: z.literal('Appointment'),
    id: z.string().min(1),
    status: z.string().min(1),
    start: z.string().optional(),
    end: z.string().optional(),
    patient: reference.optional(),
    participant: z.array(z.object({ actor: reference.optional() }).loose()).default([]),
    identifier: z.array(z.object({ value: z.string().optional() }).loose()).default([]),
  })
  .loose();
const encounterSchema = z.object({ resourceType: z.literal('Encounter'), appointment: z.array(reference).default([]) }).loose();
const bundleSchema = z.object({ resourceType: z.literal('Bundle'), entry: z.array(z.object({ resource: z.unknown() }).loose()).default([]) }).loose();

function firstAppointmentId(encounter: z.infer<typeof encounterSchema>): string | undefined {
  const ref = encounter.appointment.map((a) => a.reference).find((r) => r !== undefined);
  return ref ? referencedId(ref, 'Appointment') : undefined;
}

export function appointmentFacts(resource: unknown): AppointmentFacts {
  const parsed = appointmentSchema.safeParse(resource);
  if (!parsed.success) throw new FhirReadError('invalid_resource', 'Appointment', undefined);
  const a = parsed.data;
  const refs = [a.patient?.reference, ...a.participant.map((p) => p.actor?.reference)].filter((r): r is string => r !== undefined);
  const patientIds = [...new Set(refs.map((r) => referencedId(r, 'Patient')).filter((id): id is string => id !== undefined))];
  const identifiers = a.identifier.map((i) => i.value).filter((v): v is string => v !== undefined && v.trim() !== '');
  return { id: a.id, status: a.status, ...(a.start ? { start: a.start } : {}), ...(a.end ? { end: a.end } : {}), patientIds, identifiers };
}

export async function appointmentReader(input: { baseUrl: string; accessToken: string; timeoutMs: number }): Promise<AppointmentReader> {
  const { Client } = await loadFhirKit();
  const client = new Client({ baseUrl: input.baseUrl, bearerToken: input.accessToken });
  const options = () => ({ signal: AbortSignal.timeout(input.timeoutMs), headers: { Accept: 'application/fhir+json' } });
  const guarded = async <T>(resourceType: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw classifyFhirError(error, resourceType);
    }
  };
  return {
    readAppointment: (id) => guarded('Appointment', async () => appointmentFacts(await client.read({ resourceType: 'Appointment', id, options: options() }))),
    findAppointmentsByIdentifier: (value) =>
      guarded('Appointment', async () => {
        const result = await client.search({ resourceType: 'Appointment', searchParams: { identifier: value }, options: options() });
        const bundle = bundleSchema.safeParse(result);
        if (!bundle.success) throw new FhirReadError('invalid_resource', 'Bundle', undefined);
        return bundle.data.entry.filter((e) => appointmentSchema.safeParse(e.resource).success).map((e) => appointmentFacts(e.resource));
      }),
    readEncounterAppointmentId: (encounterId) =>
      guarded('Encounter', async () => {
        const parsed = encounterSchema.safeParse(await client.read({ resourceType: 'Encounter', id: encounterId, options: options() }));
        if (!parsed.success) throw new FhirReadError('invalid_resource', 'Encounter', undefined);
        return firstAppointmentId(parsed.data);
      }),
    findEncounterAppointmentIds: (identifier) =>
      guarded('Encounter', async () => {
        const bundle = bundleSchema.safeParse(await client.search({ resourceType: 'Encounter', searchParams: { identifier }, options: options() }));
        if (!bundle.success) throw new FhirReadError('invalid_resource', 'Bundle', undefined);
        return bundle.data.entry.flatMap((e) => {
          const encounter = encounterSchema.safeParse(e.resource);
          const id = encounter.success ? firstAppointmentId(encounter.data) : undefined;
          return id ? [id] : [];
        });
      }),
  };
}
