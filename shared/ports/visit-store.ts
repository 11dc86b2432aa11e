import type { LaunchRole } from '../domain/launch/visit-context';

/**
 * One visit per tenant + base URL + visit key (appointment or conference): the meeting it
 * uses and when it was launched. No names, no phone numbers, nothing clinical.
 *
 * One appointment goes by several names (its FHIR id, its identifiers such as Epic's CSN, the
 * scheduling feed's placer and filler ids: see `visit-names.ts`). Each name is kept as an
 * alias row that leads to the visit key, so the launch and the SMS join link find the same
 * visit whichever comes first. Aliases are only ever inserted, never moved.
 */
export interface VisitMeeting {
  meetingId: string;
  externalId: string;
  organizerJoinUrl: string;
  attendeeJoinUrl: string;
}

export interface Visit extends VisitMeeting {
  tenantId: string;
  baseUrlId: string;
  /** `appt:{appointment id}` or `conf:{conference id}` (see visitKeyText). */
  visitKey: string;
  createdAt: string;
  providerLaunches: number;
  patientLaunches: number;
  lastLaunchAt: string;
  etag: string;
}

/** A visit key taken for one appointment (or conference); its meeting is recorded once made. */
export interface ClaimedVisit {
  tenantId: string;
  baseUrlId: string;
  visitKey: string;
  createdAt: string;
  etag: string;
  /** Set once the meeting is recorded. A claim whose maker stopped before that is finished by the next caller. */
  visit: Visit | undefined;
}

export interface VisitClaim {
  tenantId: string;
  baseUrlId: string;
  visitKey: string;
  /** Alias rows written in the same all-or-nothing write as the visit key. */
  names: readonly string[];
  createdAt: string;
}

export interface VisitStore {
  /** The visit with its meeting; undefined when absent or still without meeting. */
  get(tenantId: string, baseUrlId: string, visitKey: string): Promise<Visit | undefined>;
  /** The visit row, with or without its meeting yet. */
  find(tenantId: string, baseUrlId: string, visitKey: string): Promise<ClaimedVisit | undefined>;
  /** The visit key each of these names leads to; names that lead nowhere are left out. */
  findNames(tenantId: string, baseUrlId: string, names: readonly string[]): Promise<Map<string, string>>;
  /** Inserts the visit key and all its names at once; false (nothing written) when the key or any name exists. */
  claim(claim: VisitClaim): Promise<boolean>;
  /** Points the names that are still free at the visit key; a name taken meanwhile is left as it is. */
  addNames(tenantId: string, baseUrlId: string, visitKey: string, names: readonly string[], at: string): Promise<void>;
  /** Records the meeting on a claimed visit (If-Match its ETag); undefined when it changed since it was read. */
  recordMeeting(claimed: ClaimedVisit, meeting: VisitMeeting): Promise<Visit | undefined>;
  /** Counts a launch; retries on a concurrent change (ETag) until it is recorded. */
  recordLaunch(tenantId: string, baseUrlId: string, visitKey: string, role: LaunchRole, at: Date): Promise<Visit>;
}
