import type { EhrUserType } from '../domain/launch/ehr-user';

/**
 * The EHR users who launched a visit: the one EHR identifier the product keeps long-term,
 * in the organisation's partition (DESIGN.md section 5, table `ehrusers`). No names, no tokens.
 */
export interface EhrUser {
  tenantId: string;
  /** The absolute `fhirUser` URL (see `ehrUserIdOf`). */
  ehrUserId: string;
  type: EhrUserType;
  /** The base URL the user first launched from. */
  baseUrlId: string;
  firstSeenAt: string;
}

export interface EhrUserStore {
  /** Keeps the user once: a second call for the same tenant and user changes nothing (idempotent, safe under concurrency). */
  remember(user: EhrUser): Promise<'created' | 'existing'>;
  get(tenantId: string, ehrUserId: string): Promise<EhrUser | undefined>;
}
