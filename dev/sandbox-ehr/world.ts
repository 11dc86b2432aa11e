import type { Clock } from '../../shared/ports/clock';
import type { SandboxControl } from './control';
import type { SandboxEndpoints } from './discovery';
import type { FhirStore } from './fhir-store';
import type { SandboxKeys } from './keys';
import type { SandboxRecords, SandboxVisit } from './records';
import type { LaunchContext, LaunchRole, SandboxState } from './state';

/** A client (the connector) registered with the sandbox, as an EHR analyst would register it. */
export interface RegisteredClient {
  clientId: string;
  /** Where the sandbox fetches the client's public keys to check its client assertions. */
  jwksUrl: string;
  /** Exact redirect URIs; anything else is refused without a redirect. */
  redirectUris: string[];
  /** The launch URLs the EHR home page opens (the launch records' URLs). */
  launchUrls?: Partial<Record<LaunchRole, string>>;
}

/** What the sandbox received, without query strings or bodies (no tokens): tests assert on it. */
export interface RecordedRequest {
  method: string;
  path: string;
  at: string;
}

/** Everything the sandbox's request handlers share. */
export interface SandboxWorld {
  endpoints: SandboxEndpoints;
  clock: Clock;
  state: SandboxState;
  control: SandboxControl;
  clients: Map<string, RegisteredClient>;
  records: SandboxRecords;
  store: FhirStore;
  keys: SandboxKeys;
  requests: RecordedRequest[];
  /** Open FHIR responses held back by a `timeout` fault; ended on stop. */
  held: Set<import('node:http').ServerResponse>;
}

export function visitByAppointment(world: SandboxWorld, appointmentId: string): SandboxVisit | undefined {
  return world.records.visits.find((v) => v.appointmentId === appointmentId);
}

/** The launch context of a role on one of today's visits. */
export function contextForVisit(visit: SandboxVisit, role: LaunchRole): LaunchContext {
  return {
    role,
    user: role === 'provider' ? { resourceType: 'Practitioner', id: visit.practitionerId } : { resourceType: 'Patient', id: visit.patientId },
    patientId: visit.patientId,
    appointmentId: visit.appointmentId,
    encounterId: visit.encounterId,
    sessionId: visit.csn,
    departmentId: visit.departmentId,
  };
}
