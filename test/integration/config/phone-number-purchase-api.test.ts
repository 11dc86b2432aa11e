import { configureApp } from '../../../functions/_lib/app-context';
import { buildDeps } from '../../../functions/_lib/deps';
import { AcsPhoneNumberProvider } from '../../../shared/adapters/phonenumbers/acs-phone-numbers';
import { AcsPhoneNumbersStub, type PhoneStubScenario } from '../../support/acs-phone-numbers-stub';
import { newTenant, startAdminWorld, type AdminWorld, type ApiResponse } from './admin-api-harness';

/**
 * `POST /api/tenants/{t}/phone-numbers` (202 + Location) and `GET .../operations/{id}` with the
 * ACS adapter behind them (the real PhoneNumbersClient against the loopback ACS stub): what the
 * admin sees for a purchase that succeeds after polling, a search with no number, a purchase
 * ACS fails, and a throttled or failing service.
 */
const stub = new AcsPhoneNumbersStub();
let world: AdminWorld;

beforeAll(async () => {
  await stub.start();
  world = await startAdminWorld();
  const phoneNumberProvider = new AcsPhoneNumberProvider(stub.connectionString, { allowInsecureConnection: true, searchPollIntervalMs: 5 });
  configureApp(world.host.settings, { config: { ...buildDeps(world.host.settings).config, phoneNumberProvider } });
});
afterAll(async () => {
  await world?.stop();
  await stub.stop();
});

async function organisation(): Promise<{ api: string; admin: string }> {
  const tenantId = newTenant();
  const api = `/api/tenants/${tenantId}`;
  const admin = await world.token({ tenantId, role: 'admin' });
  const org = await world.call('PUT', `${api}/organisation`, { token: admin, body: { displayName: 'Riverside Health', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' } });
  expect(org.status).toBe(201);
  return { api, admin };
}

async function purchase(scenario: Partial<PhoneStubScenario>): Promise<{ started: ApiResponse; poll: () => Promise<ApiResponse>; api: string; admin: string }> {
  stub.reset(scenario);
  const { api, admin } = await organisation();
  const started = await world.call('POST', `${api}/phone-numbers`, { token: admin, body: { country: 'US', areaCode: '833' } });
  expect(started.status).toBe(202);
  expect(started.location).toBe(`${api}/operations/${String(started.body.id)}`);
  expect(started.text).not.toContain('providerState');
  return { started, api, admin, poll: () => world.call('GET', started.location ?? '', { token: admin }) };
}

it('a purchase that succeeds after polling: running, running, then succeeded with the number listed', async () => {
  const { started, poll, api, admin } = await purchase({ available: ['+18335550160'], searchPolls: 2, purchasePolls: 2 });
  expect(started.body).toMatchObject({ status: 'running', kind: 'phone_number_purchase', request: { country: 'US', areaCode: '833' } });
  const first = await poll();
  expect(first.status).toBe(200);
  expect(first.body.status).toBe('running');
  expect(first.text).not.toContain('providerState');
  const done = await poll();
  expect(done.body).toMatchObject({ status: 'succeeded', result: { phoneNumber: '+18335550160' } });
  expect((await poll()).body).toMatchObject({ status: 'succeeded' });
  // A finished operation is not polled at ACS again.
  expect(stub.count('GET', '/phoneNumbers/operations/purchase_')).toBe(3);
  const listed = await world.call('GET', `${api}/phone-numbers`, { token: admin });
  expect(listed.body.phoneNumbers).toEqual([expect.objectContaining({ e164: '+18335550160', country: 'US', providerId: '18335550160' })]);
});

it('a search with no number answers 202 with the operation already failed, and nothing is bought', async () => {
  const { started, poll, api, admin } = await purchase({ available: [] });
  expect(started.body).toMatchObject({ status: 'failed', error: { code: 'NO_NUMBER_AVAILABLE', message: 'No number is available in US with area code 833; try another area code or later.' } });
  expect((await poll()).body).toMatchObject({ status: 'failed', error: { code: 'NO_NUMBER_AVAILABLE' } });
  expect(stub.count('POST', '/availablePhoneNumbers/:purchase')).toBe(0);
  expect((await world.call('GET', `${api}/phone-numbers`, { token: admin })).body.phoneNumbers).toEqual([]);
});

it('a purchase ACS reports failed is reported failed by the poll, and no number is stored', async () => {
  const { started, poll, api, admin } = await purchase({ available: ['+18335550161'], purchasePolls: 1, purchaseOutcome: 'failed' });
  expect(started.body.status).toBe('running');
  const failed = await poll();
  expect(failed.body).toMatchObject({ status: 'failed', error: { code: 'PURCHASE_FAILED', message: expect.stringContaining('nothing was bought') } });
  expect((await world.call('GET', `${api}/phone-numbers`, { token: admin })).body.phoneNumbers).toEqual([]);
});

it.each([[429, 'ACS_429'], [500, 'ACS_500']] as const)('a search answered %i (also on the retry) fails the purchase naming the cause', async (status, code) => {
  const { started, poll } = await purchase({ refuse: { on: 'search', status, times: 2 } });
  expect(started.body).toMatchObject({ status: 'failed', error: { code } });
  expect((await poll()).body).toMatchObject({ status: 'failed', error: { code } });
});

it.each([429, 500] as const)('a poll answered %i keeps the purchase running; the next poll finishes it', async (status) => {
  const { started, poll } = await purchase({ available: [`+1833555017${status === 429 ? 0 : 1}`], purchasePolls: 1 });
  expect(started.body.status).toBe('running');
  stub.scenario.refuse = { on: 'operation', status, times: 2 };
  const throttled = await poll();
  expect(throttled.status).toBe(200);
  expect(throttled.body.status).toBe('running');
  expect((await poll()).body).toMatchObject({ status: 'succeeded', result: { phoneNumber: `+1833555017${status === 429 ? 0 : 1}` } });
});
