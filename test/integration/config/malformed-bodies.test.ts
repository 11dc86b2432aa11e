import { createPrivateKey } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { fixture, makeCertificate, pemToBase64Der } from '../../support/config/certificates';
import { baseUrl as baseUrlFixture, organisation } from '../../support/config/fixtures';
import { newTenant, startAdminWorld, type AdminWorld } from './admin-api-harness';

/**
 * A corpus of malformed requests: each is answered 400 with a problem that names the
 * offending field, and the tenant's stored rows (config and audit) are unchanged.
 * Private-network URLs are refused here as in production (ALLOW_PRIVATE_NETWORK_URLS=false).
 */
let world: AdminWorld;
let tenantId: string;
let bare: string;
let baseUrlId: string;
let baseUrlEtag: string;
let admin: string;
let adminOfBare: string;

interface Case {
  name: string;
  method: string;
  path: () => string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  ifMatch?: () => string;
  field: string;
  message?: RegExp;
}

const org = { displayName: 'Riverside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' };
const url = { url: 'https://ehr.example.org/api/FHIR/R4', environment: 'test', vendor: 'epic' };
const sms = { confirmation: false, reminders: false, reminderMinutesBefore: [] as unknown[], phoneNumber: null as unknown };
const day = 86_400_000;
const now = Date.now();

const orgCase = (name: string, body: unknown, field: string): Case => ({ name: `organisation: ${name}`, method: 'PUT', path: () => `/api/tenants/${bare}/organisation`, body, field });
const urlCase = (name: string, patch: Record<string, unknown>, field: string, message?: RegExp): Case => ({ name: `base URL: ${name}`, method: 'POST', path: () => `/api/tenants/${tenantId}/base-urls`, body: { ...url, ...patch }, field, ...(message ? { message } : {}) });
const patchCase = (name: string, body: unknown, field: string): Case => ({ name: `base URL change: ${name}`, method: 'PATCH', path: () => `/api/tenants/${tenantId}/base-urls/${baseUrlId}`, body, ifMatch: () => baseUrlEtag, field });
const smsCase = (name: string, patch: Record<string, unknown>, field: string): Case => ({ name: `SMS settings: ${name}`, method: 'PUT', path: () => `/api/tenants/${tenantId}/base-urls/${baseUrlId}/sms`, body: { ...sms, ...patch }, ifMatch: () => baseUrlEtag, field });
const consentCase = (name: string, body: unknown, field: string): Case => ({ name: `consents: ${name}`, method: 'PUT', path: () => `/api/tenants/${tenantId}/sms/consents`, body, field });
const buyCase = (name: string, body: unknown, field: string): Case => ({ name: `number purchase: ${name}`, method: 'POST', path: () => `/api/tenants/${tenantId}/phone-numbers`, body, field });
const certCase = (name: string, certificate: unknown, message?: RegExp): Case => ({ name: `certificate: ${name}`, method: 'PUT', path: () => `/api/tenants/${tenantId}/environments/production/certificate`, body: { certificate }, field: 'certificate', ...(message ? { message } : {}) });

const keyPem = fixture('rsa-2048.key.pem');
const certPem = fixture('rsa-2048.pem');
const PRIVATE = /private key/i;

const CASES: Case[] = [
  orgCase('empty object', {}, 'displayName'),
  orgCase('missing geography', { ...org, geography: undefined }, 'geography'),
  orgCase('display name a number', { ...org, displayName: 42 }, 'displayName'),
  orgCase('display name empty', { ...org, displayName: '' }, 'displayName'),
  orgCase('display name blank', { ...org, displayName: '   ' }, 'displayName'),
  orgCase('display name 201 characters', { ...org, displayName: 'x'.repeat(201) }, 'displayName'),
  orgCase('display name 60,000 characters', { ...org, displayName: 'x'.repeat(60_000) }, 'displayName'),
  orgCase('geography unknown', { ...org, geography: 'MARS' }, 'geography'),
  orgCase('geography lower case', { ...org, geography: 'us' }, 'geography'),
  orgCase('geography null', { ...org, geography: null }, 'geography'),
  orgCase('time zone unknown', { ...org, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'),
  orgCase('time zone injection', { ...org, timeZone: "America/Chicago'; DROP" }, 'timeZone'),
  orgCase('time zone a number', { ...org, timeZone: 5 }, 'timeZone'),
  orgCase('time zone huge', { ...org, timeZone: 'A'.repeat(5000) }, 'timeZone'),
  orgCase('country three letters', { ...org, defaultPhoneCountry: 'USA' }, 'defaultPhoneCountry'),
  orgCase('country lower case', { ...org, defaultPhoneCountry: 'us' }, 'defaultPhoneCountry'),
  orgCase('country a number', { ...org, defaultPhoneCountry: 1 }, 'defaultPhoneCountry'),
  orgCase('unknown field', { ...org, geographyLockedAt: '2020-01-01' }, 'geographyLockedAt'),
  orgCase('tenant id in body', { ...org, tenantId: 'someone-else' }, 'tenantId'),
  orgCase('array body', [org], 'body'),
  orgCase('null body', null, 'body'),
  orgCase('string body', 'hello', 'body'),
  orgCase('number body', 12, 'body'),
  { name: 'organisation: invalid JSON', method: 'PUT', path: () => `/api/tenants/${bare}/organisation`, raw: '{"displayName": "x",', field: 'body' },
  { name: 'organisation: not JSON content type', method: 'PUT', path: () => `/api/tenants/${bare}/organisation`, raw: 'displayName=x', contentType: 'application/x-www-form-urlencoded', field: 'body' },
  { name: 'organisation: empty body', method: 'PUT', path: () => `/api/tenants/${bare}/organisation`, raw: '', field: 'body' },

  urlCase('http on a public host', { url: 'http://ehr.example.org/fhir' }, 'url', /https/),
  urlCase('ftp scheme', { url: 'ftp://ehr.example.org/fhir' }, 'url'),
  urlCase('javascript scheme', { url: 'javascript:alert(1)' }, 'url'),
  urlCase('file scheme', { url: 'file:///etc/passwd' }, 'url'),
  urlCase('query string', { url: 'https://ehr.example.org/fhir?tenant=1' }, 'url', /query/),
  urlCase('empty query', { url: 'https://ehr.example.org/fhir?' }, 'url', /query/),
  urlCase('fragment', { url: 'https://ehr.example.org/fhir#top' }, 'url', /fragment/),
  urlCase('user info', { url: 'https://user:secret@ehr.example.org/fhir' }, 'url'),
  urlCase('not a URL', { url: 'ehr.example.org/fhir' }, 'url'),
  urlCase('empty', { url: '' }, 'url'),
  urlCase('scheme only', { url: 'https://' }, 'url'),
  urlCase('space in host', { url: 'https://ehr example.org/fhir' }, 'url'),
  urlCase('control character', { url: 'https://ehr.example.org/fh\u0000ir' }, 'url'),
  urlCase('a number', { url: 12345 }, 'url'),
  urlCase('an object', { url: { href: 'https://ehr.example.org' } }, 'url'),
  urlCase('missing', { url: undefined }, 'url'),
  urlCase('2,100 characters', { url: `https://ehr.example.org/${'a'.repeat(2100)}` }, 'url'),
  urlCase('private 10/8', { url: 'https://10.0.0.5/fhir' }, 'url', /private/),
  urlCase('private 192.168/16', { url: 'https://192.168.1.10/fhir' }, 'url', /private/),
  urlCase('private 172.16/12', { url: 'https://172.20.1.1/fhir' }, 'url', /private/),
  urlCase('loopback', { url: 'https://127.0.0.1/fhir' }, 'url', /private/),
  urlCase('loopback 127.1', { url: 'https://127.1/fhir' }, 'url', /private/),
  urlCase('loopback decimal', { url: 'https://2130706433/fhir' }, 'url', /private/),
  urlCase('loopback hex', { url: 'https://0x7f000001/fhir' }, 'url', /private/),
  urlCase('localhost', { url: 'https://localhost/fhir' }, 'url', /private/),
  urlCase('sub.localhost', { url: 'https://ehr.localhost/fhir' }, 'url', /private/),
  urlCase('link-local metadata', { url: 'https://169.254.169.254/metadata' }, 'url', /private/),
  urlCase('unspecified', { url: 'https://0.0.0.0/fhir' }, 'url', /private/),
  urlCase('carrier-grade NAT', { url: 'https://100.64.0.1/fhir' }, 'url', /private/),
  urlCase('IPv6 loopback', { url: 'https://[::1]/fhir' }, 'url', /private/),
  urlCase('IPv6 link-local', { url: 'https://[fe80::1]/fhir' }, 'url', /private/),
  urlCase('IPv6 unique local', { url: 'https://[fd12:3456::1]/fhir' }, 'url', /private/),
  urlCase('IPv4-mapped IPv6', { url: 'https://[::ffff:10.0.0.1]/fhir' }, 'url', /private/),
  urlCase('.internal name', { url: 'https://metadata.google.internal/fhir' }, 'url', /private/),
  urlCase('unresolvable host', { url: 'https://ehr.invalid/api/FHIR/R4' }, 'url', /reachable/),
  urlCase('environment unknown', { environment: 'staging' }, 'environment'),
  urlCase('environment missing', { environment: undefined }, 'environment'),
  urlCase('environment a number', { environment: 1 }, 'environment'),
  urlCase('vendor unknown', { vendor: 'cerner-millennium' }, 'vendor'),
  urlCase('vendor missing', { vendor: undefined }, 'vendor'),
  urlCase('approver not a UPN', { approverUpn: 'analyst' }, 'approverUpn'),
  urlCase('approver without domain dot', { approverUpn: 'analyst@riverside' }, 'approverUpn'),
  urlCase('approver a number', { approverUpn: 7 }, 'approverUpn'),
  urlCase('approver 300 characters', { approverUpn: `${'a'.repeat(300)}@riverside.example` }, 'approverUpn'),
  urlCase('self-approval smuggled in', { approval: { state: 'approved' } }, 'approval'),
  urlCase('HL7 sender id smuggled in', { hl7SenderId: 'OTHERTENANT' }, 'hl7SenderId'),

  patchCase('nothing to change', {}, 'body'),
  patchCase('http URL', { url: 'http://ehr.example.org/fhir' }, 'url'),
  patchCase('private URL', { url: 'https://10.1.2.3/fhir' }, 'url'),
  patchCase('environment unknown', { environment: 'dev' }, 'environment'),
  patchCase('approver a number', { approverUpn: 5 }, 'approverUpn'),
  patchCase('id', { id: 'another' }, 'id'),
  patchCase('approval state', { approval: { state: 'approved', approvedBy: 'x' } }, 'approval'),
  patchCase('sms through the wrong door', { sms: { confirmation: true } }, 'sms'),

  smsCase('reminders on without intervals', { reminders: true }, 'reminderMinutesBefore'),
  smsCase('four intervals', { reminderMinutesBefore: [15, 60, 120, 1440] }, 'reminderMinutesBefore'),
  smsCase('interval under 5 minutes', { reminderMinutesBefore: [3] }, 'reminderMinutesBefore.0'),
  smsCase('interval fractional', { reminderMinutesBefore: [15.5] }, 'reminderMinutesBefore.0'),
  smsCase('interval over a week', { reminderMinutesBefore: [20_000] }, 'reminderMinutesBefore.0'),
  smsCase('interval a string', { reminderMinutesBefore: ['15'] }, 'reminderMinutesBefore.0'),
  smsCase('interval negative', { reminderMinutesBefore: [-60] }, 'reminderMinutesBefore.0'),
  smsCase('intervals repeated', { reminderMinutesBefore: [60, 60] }, 'reminderMinutesBefore'),
  smsCase('intervals not a list', { reminderMinutesBefore: 60 }, 'reminderMinutesBefore'),
  smsCase('number without +', { phoneNumber: '16085550142' }, 'phoneNumber'),
  smsCase('number with spaces', { phoneNumber: '+1 608 555 0142' }, 'phoneNumber'),
  smsCase('number too long', { phoneNumber: '+1608555014212345' }, 'phoneNumber'),
  smsCase('number not owned', { phoneNumber: '+16085550199' }, 'phoneNumber'),
  smsCase('confirmation without consents', { confirmation: true, phoneNumber: null }, 'confirmation'),
  smsCase('confirmation a string', { confirmation: 'yes' }, 'confirmation'),
  smsCase('reminders null', { reminders: null }, 'reminders'),
  smsCase('missing confirmation', { confirmation: undefined }, 'confirmation'),
  smsCase('unknown field', { sendAt: 'noon' }, 'sendAt'),

  consentCase('empty object', {}, 'sendOnBehalf'),
  consentCase('string instead of boolean', { sendOnBehalf: 'true', patientPhoneProcessing: true }, 'sendOnBehalf'),
  consentCase('one missing', { sendOnBehalf: true }, 'patientPhoneProcessing'),
  consentCase('given by smuggled in', { sendOnBehalf: true, patientPhoneProcessing: true, givenBy: 'ceo@riverside.example' }, 'givenBy'),
  consentCase('array body', [true, true], 'body'),

  buyCase('empty object', {}, 'country'),
  buyCase('country three letters', { country: 'USA' }, 'country'),
  buyCase('country lower case', { country: 'us' }, 'country'),
  buyCase('country a number', { country: 1 }, 'country'),
  buyCase('area code letters', { country: 'US', areaCode: 'abc' }, 'areaCode'),
  buyCase('area code too long', { country: 'US', areaCode: '60812' }, 'areaCode'),
  buyCase('quantity smuggled in', { country: 'US', quantity: 500 }, 'quantity'),

  { name: 'certificate: missing', method: 'PUT', path: () => `/api/tenants/${tenantId}/environments/production/certificate`, body: {}, field: 'certificate' },
  certCase('empty', ''),
  certCase('a number', 5),
  certCase('not Base64', 'this is not a certificate!'),
  certCase('Base64 of garbage', 'AAAAAAAAAAAA'),
  certCase('25,000 characters', 'A'.repeat(25_000)),
  certCase('a PEM private key', keyPem, PRIVATE),
  certCase('certificate followed by its private key', `${certPem}\n${keyPem}`, PRIVATE),
  certCase('Base64 of a PEM private key', Buffer.from(keyPem).toString('base64'), PRIVATE),
  certCase('Base64 DER of a private key', createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' }).toString('base64'), PRIVATE),
  certCase('PKCS#1 RSA private key', createPrivateKey(keyPem).export({ format: 'pem', type: 'pkcs1' }).toString(), PRIVATE),
  certCase('a chain of two certificates', `${certPem}\n${fixture('ec-p256.pem')}`, /exactly one/),
  certCase('a public key, not a certificate', createPrivateKey(keyPem).export({ format: 'pem', type: 'pkcs8' }).toString().replace(/PRIVATE KEY/g, 'PUBLIC KEY'), /CERTIFICATE/),
  certCase('EC P-521', fixture('ec-p521.pem'), /P-521|secp521r1/),
  certCase('Ed25519', fixture('ed25519.pem'), /ed25519/),
  certCase('truncated PEM', certPem.slice(0, 400) + '\n-----END CERTIFICATE-----\n'),
  certCase('expired', makeCertificate({ notBefore: new Date(now - 400 * day), notAfter: new Date(now - day) }).pem, /expired/),
  certCase('not yet valid', makeCertificate({ notBefore: new Date(now + 10 * day), notAfter: new Date(now + 400 * day) }).pem, /not valid before/),
  certCase('RSA 1024 bits', makeCertificate({ bits: 1024, notBefore: new Date(now - day), notAfter: new Date(now + 400 * day) }).pem, /weak RSA key/),
  certCase('RSA 1024 bits as Base64 DER', pemToBase64Der(makeCertificate({ bits: 1024, notBefore: new Date(now - day), notAfter: new Date(now + 400 * day) }).pem), /weak RSA key/),
  { name: 'certificate: unknown environment', method: 'PUT', path: () => `/api/tenants/${tenantId}/environments/staging/certificate`, body: { certificate: certPem }, field: 'environment' },

  { name: 'approval: empty object', method: 'POST', path: () => `/api/tenants/${tenantId}/base-urls/${baseUrlId}/approval`, body: {}, ifMatch: () => baseUrlEtag, field: 'signInState' },
  { name: 'approval: short state', method: 'POST', path: () => `/api/tenants/${tenantId}/base-urls/${baseUrlId}/approval`, body: { signInState: 'abc' }, ifMatch: () => baseUrlEtag, field: 'signInState' },
  { name: 'approval: state a number', method: 'POST', path: () => `/api/tenants/${tenantId}/base-urls/${baseUrlId}/approval`, body: { signInState: 12 }, ifMatch: () => baseUrlEtag, field: 'signInState' },
];

beforeAll(async () => {
  world = await startAdminWorld({ ALLOW_PRIVATE_NETWORK_URLS: 'false' });
  tenantId = newTenant();
  bare = newTenant();
  const store = TableConfigStore.fromConnection(world.host.settings.storage.connection);
  await store.createOrganisation(organisation(tenantId));
  const seeded = await store.createBaseUrl(baseUrlFixture(tenantId, { approverUpn: 'admin@riverside.example' }));
  baseUrlId = seeded.value.id;
  baseUrlEtag = seeded.etag;
  admin = await world.token({ tenantId, role: 'admin' });
  adminOfBare = await world.token({ tenantId: bare, role: 'admin' });
});
afterAll(async () => {
  await world?.stop();
});

async function snapshot(): Promise<string> {
  const connection = world.host.settings.storage.connection;
  const parts: string[] = [];
  // The config table holds the audit trail too (same partition as the change).
  for (const table of ['config']) {
    const client = TableClient.fromConnectionString(connection, table, { allowInsecureConnection: true });
    for await (const e of client.listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId}' or PartitionKey eq '${bare}'` } })) parts.push(`${table}/${e.partitionKey}/${e.rowKey}/${e.etag}`);
  }
  return parts.sort().join('\n');
}

it('has at least 100 malformed requests', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(100);
});

it.each(CASES.map((c) => [c.name, c] as const))('%s: 400 naming the field, nothing stored', async (_name, c) => {
  const before = await snapshot();
  const token = c.path().includes(bare) ? adminOfBare : admin;
  const response = await world.call(c.method, c.path(), {
    token,
    ...(c.raw !== undefined ? { rawBody: c.raw } : c.body !== undefined ? { body: c.body } : {}),
    ...(c.contentType ? { contentType: c.contentType } : {}),
    ...(c.ifMatch ? { ifMatch: c.ifMatch() } : {}),
  });
  const errors = (response.body.errors ?? []) as { field: string; message: string }[];
  expect({ status: response.status, type: response.body.code }).toEqual({ status: 400, type: 'validation' });
  expect(errors.map((e) => e.field)).toContain(c.field);
  if (c.message) expect(errors.filter((e) => e.field === c.field).map((e) => e.message).join(' | ')).toMatch(c.message);
  expect(await snapshot()).toBe(before);
});
