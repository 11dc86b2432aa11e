import { randomBytes } from 'node:crypto';
import { normaliseBaseUrl } from '../../domain/config/base-url-rules';
import { DomainError } from '../../domain/errors';
import type { ConfigStore } from '../../ports/config-store';
import type { EhrReachability } from '../../ports/ehr-reachability';
import { invalid } from './parse-input';

/** Shared steps of adding and changing a base URL. */
export function normalisedOrInvalid(raw: string, allowPrivateNetwork: boolean): string {
  const result = normaliseBaseUrl(raw, { allowPrivateNetwork });
  if (!result.ok) throw invalid([{ field: 'url', message: result.message }]);
  return result.url;
}

/** The EHR must answer as a SMART-on-FHIR R4 server before its URL is stored. */
export async function requireReachable(reachability: EhrReachability, url: string): Promise<void> {
  const result = await reachability.check(url);
  if (!result.ok) {
    throw new DomainError('validation', result.message, { reason: `BASE_URL_${result.reason}`, fields: [{ field: 'url', message: result.message }] });
  }
}

export async function requireOrganisation(store: ConfigStore, tenantId: string): Promise<void> {
  if (!(await store.getOrganisation(tenantId))) {
    throw new DomainError('conflict', 'Set up the organisation (display name, geography, time zone) before adding base URLs.', { reason: 'TENANT_CONFIG_NOT_FOUND' });
  }
}

export const newBaseUrlId = (): string => randomBytes(9).toString('base64url');

/** `VV` + 10 characters from an alphabet without look-alikes: easy to type into an EHR interface record. */
export function newHl7SenderId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return `VV${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export async function requireBaseUrl(store: ConfigStore, tenantId: string, baseUrlId: string) {
  const found = /^[A-Za-z0-9_-]{1,64}$/.test(baseUrlId) ? await store.getBaseUrl(tenantId, baseUrlId) : undefined;
  if (!found) throw new DomainError('not_found', 'There is no such base URL in this organisation.', { reason: 'BASE_URL_NOT_FOUND' });
  return found;
}
