import { createHash } from 'node:crypto';
import type { EhrEnvironment } from '../../domain/config/base-url';

/**
 * Keys of the `config` table (DESIGN.md section 5). A tenant's rows share its partition
 * (PartitionKey = tenant id); two index partitions let the launch and the scheduling
 * feed find a base URL without knowing the tenant.
 *
 *   {tenant} / org                     the organisation
 *   {tenant} / baseurl:{id}            a base URL with its approval state and SMS settings
 *   {tenant} / urlclaim:{env}:{hash}   makes a URL unique per environment (same batch as the base URL)
 *   {tenant} / smsconsents             the two SMS consents
 *   {tenant} / phone:{e164}            a sending number
 *   {tenant} / cert:{env}              the EHR's certificate for an environment
 *   {tenant} / op:{id}                 a long-running operation
 *   {tenant} / audit:{inverted}-{rand} an audit entry, written in the same batch as its change
 *   idx-url-{hash} / {tenant}:{id}     launch lookup by normalised URL (verified on read)
 *   idx-hl7 / {senderId}               scheduling-feed lookup by HL7 sender id
 */
export const ROW = {
  organisation: 'org',
  baseUrl: (id: string) => `baseurl:${id}`,
  baseUrlPrefix: 'baseurl:',
  urlClaim: (environment: EhrEnvironment, url: string) => `urlclaim:${environment}:${urlHash(url)}`,
  smsConsents: 'smsconsents',
  phone: (e164: string) => `phone:${e164}`,
  phonePrefix: 'phone:',
  certificate: (environment: EhrEnvironment) => `cert:${environment}`,
  operation: (id: string) => `op:${id}`,
  operationPrefix: 'op:',
  /** Inverted time (newest first in a plain ascending read) + a random suffix. */
  audit: (cursor: string) => `audit:${cursor}`,
  auditPrefix: 'audit:',
} as const;

export const INDEX = {
  byUrl: (url: string) => `idx-url-${urlHash(url)}`,
  byUrlRow: (tenantId: string, baseUrlId: string) => `${tenantId}:${baseUrlId}`,
  hl7Sender: 'idx-hl7',
} as const;

export function urlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 40);
}

/** OData filter for "row key starts with prefix". */
export function prefixFilter(partitionKey: string, prefix: string): string {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return `PartitionKey eq '${odata(partitionKey)}' and RowKey ge '${odata(prefix)}' and RowKey lt '${odata(end)}'`;
}

export const odata = (value: string) => value.replace(/'/g, "''");
