import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { randomUUID } from 'node:crypto';
import { loadOrCreateDevIssuerKey, type DevRole } from '../../../shared/adapters/devauth/dev-issuer';
import { APPROVER, newTenant, startAdminWorld, type AdminWorld } from './admin-api-harness';

/**
 * Every admin endpoint x {no token, expired, wrong issuer, wrong signing key, wrong audience,
 * other tenant, wrong role}: refused with 401 / 403, and the tenant's rows are unchanged.
 */
let world: AdminWorld;
let tenantId: string;
let baseUrlId: string;
let snapshot: () => Promise<string>;

interface Endpoint {
  method: string;
  path: () => string;
  body?: unknown;
  /** The role that is refused here: a reader for changes, a role-less user for reads, an admin for approvals. */
  wrongRole: DevRole;
  wrongUser?: string;
}

const api = () => `/api/tenants/${tenantId}`;
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: () => `${api()}/organisation`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'PUT', path: () => `${api()}/organisation`, body: { displayName: 'X', geography: 'EU', timeZone: 'Europe/Paris', defaultPhoneCountry: 'FR' }, wrongRole: 'reader' },
  { method: 'GET', path: () => `${api()}/base-urls`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'POST', path: () => `${api()}/base-urls`, body: { url: 'https://ehr.example.org/fhir', environment: 'production', vendor: 'epic' }, wrongRole: 'reader' },
  { method: 'GET', path: () => `${api()}/base-urls/${baseUrlId}`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'PATCH', path: () => `${api()}/base-urls/${baseUrlId}`, body: { vendor: 'other' }, wrongRole: 'reader' },
  { method: 'DELETE', path: () => `${api()}/base-urls/${baseUrlId}`, wrongRole: 'reader' },
  { method: 'POST', path: () => `${api()}/base-urls/${baseUrlId}/check`, wrongRole: 'reader' },
  { method: 'PUT', path: () => `${api()}/base-urls/${baseUrlId}/sms`, body: { confirmation: false, reminders: false, reminderMinutesBefore: [], phoneNumber: null }, wrongRole: 'reader' },
  { method: 'GET', path: () => `${api()}/sms/consents`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'PUT', path: () => `${api()}/sms/consents`, body: { sendOnBehalf: false, patientPhoneProcessing: false }, wrongRole: 'reader' },
  { method: 'GET', path: () => `${api()}/phone-numbers`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'POST', path: () => `${api()}/phone-numbers`, body: { country: 'US' }, wrongRole: 'reader' },
  { method: 'GET', path: () => `${api()}/operations/${randomUUID()}`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'GET', path: () => `${api()}/operations`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'GET', path: () => `${api()}/environments/test/certificate`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'PUT', path: () => `${api()}/environments/test/certificate`, body: { certificate: 'AAAA' }, wrongRole: 'reader' },
  { method: 'POST', path: () => `${api()}/base-urls/${baseUrlId}/approval/sign-in`, wrongRole: 'admin' },
  { method: 'POST', path: () => `${api()}/base-urls/${baseUrlId}/approval`, body: { signInState: 'a'.repeat(43) }, wrongRole: 'admin' },
  { method: 'GET', path: () => `${api()}/integration-records`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'GET', path: () => `${api()}/audit`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
  { method: 'GET', path: () => `${api()}/appointments/${baseUrlId}/CSN123`, wrongRole: 'approver', wrongUser: 'nobody@riverside.example' },
];

beforeAll(async () => {
  world = await startAdminWorld();
  tenantId = newTenant();
  const admin = await world.token({ tenantId, role: 'admin' });
  expect((await world.call('PUT', `${api()}/organisation`, { token: admin, body: { displayName: 'Riverside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' } })).status).toBe(201);
  const added = await world.call('POST', `${api()}/base-urls`, { token: admin, body: { url: world.ehr.fhirBaseUrl, environment: 'test', vendor: 'epic', approverUpn: APPROVER } });
  expect(added.status).toBe(201);
  baseUrlId = String(added.body.id);
  const connection = world.host.settings.storage.connection;
  const rows = async (table: string) => {
    const client = TableClient.fromConnectionString(connection, table, { allowInsecureConnection: true });
    const out: string[] = [];
    for await (const e of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId}'` } })) out.push(`${e.rowKey}:${e.etag}`);
    return out.sort().join('\n');
  };
  // The config table holds the audit trail too (same partition as the change).
  snapshot = async () => rows('config');
});
afterAll(async () => {
  await world?.stop();
});

type Refusal = { name: string; status: 401 | 403; token: (e: Endpoint) => Promise<string | undefined> };
const REFUSALS: Refusal[] = [
  { name: 'no token', status: 401, token: async () => undefined },
  { name: 'expired', status: 401, token: () => world.token({ tenantId, role: 'admin', now: new Date(Date.now() - 2 * 3600_000), lifetimeSeconds: 3600 }) },
  { name: 'wrong issuer', status: 401, token: () => world.token({ tenantId, role: 'admin', issuer: 'https://login.example.net/other/v2.0' }) },
  { name: 'wrong signing key', status: 401, token: () => world.token({ tenantId, role: 'admin', key: { ...loadOrCreateDevIssuerKey(path.join(mkdtempSync(path.join(os.tmpdir(), 'other-key-')), 'k.json')), kid: world.key.kid } }) },
  { name: 'wrong audience', status: 401, token: () => world.token({ tenantId, role: 'admin', audience: 'api://some-other-app' }) },
  { name: 'other tenant', status: 403, token: () => world.token({ tenantId: newTenant(), role: 'admin' }) },
  { name: 'wrong role', status: 403, token: (e) => world.token({ tenantId, role: e.wrongRole, ...(e.wrongUser ? { user: e.wrongUser } : {}) }) },
];

describe.each(REFUSALS)('$name', (refusal) => {
  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path().replace(/tenants\/[^/]+/, 'tenants/{t}')}`, e] as const))('%s is refused and changes nothing', async (_label, endpoint) => {
    const before = await snapshot();
    const token = await refusal.token(endpoint);
    const response = await world.call(endpoint.method, endpoint.path(), { ...(token ? { token } : {}), ...(endpoint.body !== undefined ? { body: endpoint.body } : {}), ifMatch: 'W/"any"' });
    expect({ status: response.status, code: response.body.code }).toEqual({ status: refusal.status, code: refusal.status === 401 ? 'unauthorized' : 'forbidden' });
    expect(await snapshot()).toBe(before);
  });
});
