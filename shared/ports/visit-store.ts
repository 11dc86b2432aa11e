import type { LaunchRole } from '../domain/launch/visit-context';

/**
 * One visit per tenant + base URL + visit key (appointment or conference): the meeting it
 * uses and when it was launched. No names, no phone numbers, nothing clinical.
 */
export interface Visit {
  tenantId: string;
  baseUrlId: string;
  /** `appt:{FHIR id}` or `conf:{conference id}` (see visitKeyText). */
  visitKey: string;
  meetingId: string;
  externalId: string;
  organizerJoinUrl: string;
  attendeeJoinUrl: string;
  createdAt: string;
  providerLaunches: number;
  patientLaunches: number;
  lastLaunchAt: string;
  etag: string;
}

export type NewVisit = Omit<Visit, 'etag' | 'providerLaunches' | 'patientLaunches' | 'lastLaunchAt'>;

export interface VisitStore {
  get(tenantId: string, baseUrlId: string, visitKey: string): Promise<Visit | undefined>;
  /** Creates the visit, or returns the one that already exists (never overwrites it). */
  createOrGet(visit: NewVisit): Promise<Visit>;
  /** Counts a launch; retries on a concurrent change (ETag) until it is recorded. */
  recordLaunch(tenantId: string, baseUrlId: string, visitKey: string, role: LaunchRole, at: Date): Promise<Visit>;
}
