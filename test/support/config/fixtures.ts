import { randomBytes, randomUUID } from 'node:crypto';
import type { BaseUrl } from '../../../shared/domain/config/base-url';
import { DEFAULT_SMS_SETTINGS } from '../../../shared/domain/config/base-url';
import type { Organisation } from '../../../shared/domain/config/organisation';

/** Test data builders for the configuration area: every call gives fresh ids. */
export const newTenantId = (): string => randomUUID();

export function organisation(tenantId: string, overrides: Partial<Organisation> = {}): Organisation {
  return {
    tenantId,
    displayName: 'Riverside Health',
    geography: 'US',
    timeZone: 'America/Chicago',
    defaultPhoneCountry: 'US',
    createdAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:00:00.000Z',
    ...overrides,
  };
}

export function baseUrl(tenantId: string, overrides: Partial<BaseUrl> = {}): BaseUrl {
  const id = randomBytes(6).toString('hex');
  return {
    tenantId,
    id,
    url: `https://ehr-${id}.example.org/api/FHIR/R4`,
    environment: 'test',
    vendor: 'epic',
    approverUpn: 'analyst@riverside.example',
    approval: { state: 'pending_approval', since: '2025-01-06T09:00:00.000Z' },
    sms: DEFAULT_SMS_SETTINGS,
    hl7SenderId: `VV${randomBytes(5).toString('hex').toUpperCase()}`,
    createdAt: '2025-01-06T09:00:00.000Z',
    updatedAt: '2025-01-06T09:00:00.000Z',
    ...overrides,
  };
}

export function storageConnection(): string {
  const connection = process.env.TEST_STORAGE_CONNECTION;
  if (!connection) throw new Error('TEST_STORAGE_CONNECTION is not set: run the tests through jest (its global setup starts Azurite).');
  return connection;
}

export const uniqueTableName = (prefix: string): string => `${prefix}${randomBytes(6).toString('hex')}`;
