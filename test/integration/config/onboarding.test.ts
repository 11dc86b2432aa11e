import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { waitFor } from '../../support/wait';
import { APPROVER, newTenant, signInAtSandbox, startAdminWorld, type AdminWorld } from './admin-api-harness';

const certificatePem = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'config', 'rsa-2048.pem'), 'utf8');
let world: AdminWorld;

beforeAll(async () => {
  world = await startAdminWorld();
});
afterAll(async () => {
  await world?.stop();
});

it('onboards an organisation end to end through the admin API with dev-issuer tokens and the sandbox EHR', async () => {
  const tenantId = newTenant();
  const api = `/api/tenants/${tenantId}`;
  const admin = await world.token({ tenantId, role: 'admin' });
  const approver = await world.token({ tenantId, role: 'approver' });

  const org = await world.call('PUT', `${api}/organisation`, { token: admin, body: { displayName: 'Riverside Health', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' } });
  expect(org.status).toBe(201);
  expect(org.etag).toBeTruthy();

  const added = await world.call('POST', `${api}/base-urls`, { token: admin, body: { url: `${world.ehr.fhirBaseUrl}/`, environment: 'test', vendor: 'epic', approverUpn: APPROVER.toUpperCase() } });
  expect(added.status).toBe(201);
  expect(added.body).toMatchObject({ url: world.ehr.fhirBaseUrl, approverUpn: APPROVER, approval: { state: 'pending_approval' } });
  const baseUrlId = String(added.body.id);

  const consents = await world.call('PUT', `${api}/sms/consents`, { token: admin, body: { sendOnBehalf: true, patientPhoneProcessing: true } });
  expect(consents.status).toBe(200);
  expect(consents.body).toMatchObject({ sendOnBehalf: { givenBy: 'admin@riverside.example' }, patientPhoneProcessing: { givenBy: 'admin@riverside.example' } });

  const purchase = await world.call('POST', `${api}/phone-numbers`, { token: admin, body: { country: 'US', areaCode: '608' } });
  expect(purchase.status).toBe(202);
  expect(purchase.body.status).toBe('running');
  const operationUrl = purchase.location ?? '';
  // Anyone who may read the configuration sees the purchase in progress, not only the browser that started it.
  const reader = await world.token({ tenantId, role: 'reader', user: 'reader@riverside.example' });
  const running = await world.call('GET', `${api}/operations`, { token: reader });
  expect(running.status).toBe(200);
  expect(running.body.operations).toEqual([expect.objectContaining({ id: purchase.body.id, kind: 'phone_number_purchase', status: 'running', request: { country: 'US', areaCode: '608' }, createdBy: 'admin@riverside.example', href: operationUrl })]);
  expect(running.text).not.toContain('providerState');
  const done = await waitFor(async () => {
    const polled = await world.call('GET', operationUrl, { token: admin });
    return polled.body.status === 'running' ? undefined : polled;
  }, 'the number purchase to finish');
  expect(done.body).toMatchObject({ status: 'succeeded', result: { phoneNumber: expect.stringMatching(/^\+160855501\d\d$/) } });
  expect((await world.call('GET', `${api}/operations`, { token: reader })).body).toEqual({ operations: [] });
  const phoneNumber = String((done.body.result as Record<string, unknown>).phoneNumber);

  const sms = await world.call('PUT', `${api}/base-urls/${baseUrlId}/sms`, {
    token: admin, ifMatch: added.etag ?? '', body: { confirmation: true, reminders: true, reminderMinutesBefore: [15, 1440, 60], phoneNumber },
  });
  expect(sms.status).toBe(200);
  expect(sms.body.sms).toEqual({ confirmation: true, reminders: true, reminderMinutesBefore: [1440, 60, 15], phoneNumber });

  const cert = await world.call('PUT', `${api}/environments/test/certificate`, { token: admin, body: { certificate: certificatePem } });
  expect(cert.status).toBe(201);
  expect(cert.body).toMatchObject({ environment: 'test', key: { type: 'rsa', bits: 2048 }, subject: expect.stringContaining('Sandbox EHR HL7 feed'), warnings: [] });

  const signIn = await world.call('POST', `${api}/base-urls/${baseUrlId}/approval/sign-in`, { token: approver });
  expect(signIn.status).toBe(201);
  const callback = await signInAtSandbox(world.ehr, String(signIn.body.authorizeUrl));
  expect(callback.startsWith(`${world.host.url}/api/approval-callback?`)).toBe(true);
  const landed = await fetch(callback);
  const landedText = await landed.text();
  expect({ status: landed.status, text: landedText.slice(0, 400) }).toEqual({ status: 200, text: expect.stringContaining('EHR sign-in complete') });
  expect(landedText).toContain('EHR sign-in complete');

  const current = await world.call('GET', `${api}/base-urls/${baseUrlId}`, { token: approver });
  const approved = await world.call('POST', `${api}/base-urls/${baseUrlId}/approval`, { token: approver, ifMatch: current.etag ?? '', body: { signInState: signIn.body.signInState } });
  expect(approved.status).toBe(200);
  expect(approved.body.approval).toMatchObject({ state: 'approved', approvedBy: expect.stringMatching(/Practitioner\/[A-Za-z0-9.-]+$/), approverUpn: APPROVER });

  const records = await world.call('GET', `${api}/integration-records`, { token: admin });
  expect(records.status).toBe(200);
  const [record] = records.body.baseUrls as Record<string, unknown>[];
  expect(record).toMatchObject({
    baseUrlId,
    providerLaunch: { launchUrl: `${world.host.url}/api/launch/provider`, contextTokens: expect.arrayContaining([expect.objectContaining({ name: 'sessionId', value: '%CSN%' })]) },
    patientLaunch: { launchUrl: `${world.host.url}/api/launch/patient` },
    smsDirect: { sendingApplication: added.body.hl7SenderId },
    smsConfiguration: { confirmation: true, reminders: true, reminderMinutesBefore: [1440, 60, 15], sendingNumber: phoneNumber },
    deviceTest: { url: `${world.host.url}/api/visits/device-test` },
  });

  // What the other areas read: the launch's iss check, the feed's sender lookup, the SMS profile.
  const store = TableConfigStore.fromConnection(world.host.settings.storage.connection);
  expect((await store.findApprovedBaseUrls(world.ehr.fhirBaseUrl, 'test')).map((b) => b.tenantId)).toEqual([tenantId]);
  expect((await store.findBaseUrlByHl7SenderId(String(added.body.hl7SenderId)))?.value.id).toBe(baseUrlId);
  expect(await store.getSmsProfile(tenantId, baseUrlId)).toMatchObject({ confirmationEnabled: true, remindersEnabled: true });
  expect((await store.getOrganisation(tenantId))?.value.geographyLockedAt).toBeTruthy();

  const audit = await world.call('GET', `${api}/audit`, { token: admin });
  const actions = (audit.body.entries as { action: string }[]).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['organisation.create', 'baseUrl.create', 'smsConsents.update', 'phoneNumber.purchase.start', 'phoneNumber.purchase.done', 'baseUrl.sms.update', 'certificate.upload', 'baseUrl.approve']));
  expect(actions[0]).toBe('baseUrl.approve');
  expect(audit.text).not.toContain('BEGIN CERTIFICATE');
});
