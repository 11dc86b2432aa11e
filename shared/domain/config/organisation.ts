import { isValidTimeZone } from '../time-zone';

/**
 * The organisation (one Entra ID tenant) that uses the connector. Its geography decides
 * which storage account holds appointment phone data; it is fixed once a base URL has
 * been approved, because from then on the scheduling feed may have stored data there.
 */
export const GEOGRAPHIES = ['US', 'EU', 'APAC'] as const;
export type Geography = (typeof GEOGRAPHIES)[number];

export interface Organisation {
  /** The Entra ID tenant id (a GUID, lower case). Also the table partition key. */
  tenantId: string;
  displayName: string;
  geography: Geography;
  /** IANA time zone, e.g. `America/Chicago`: reminder texts show visit times in it. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 country used when a patient number has no country code, e.g. `US`. */
  defaultPhoneCountry: string;
  /** Set when the first base URL is approved; from then on `geography` cannot change. */
  geographyLockedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** Entra ID tenant ids are GUIDs; the connector keys every table by them, lower case. */
export const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isTenantId(value: string): boolean {
  return TENANT_ID.test(value);
}

/** True when `zone` is an IANA zone name this runtime knows (e.g. `Europe/Paris`). */
export function isIanaTimeZone(zone: string): boolean {
  return /^[A-Za-z]+(?:[/_+-][A-Za-z0-9_+-]+)*$/.test(zone) && isValidTimeZone(zone);
}
