import { AcsPhoneNumberProvider } from '../../../shared/adapters/phonenumbers/acs-phone-numbers';
import type { PurchaseProgress } from '../../../shared/ports/phone-number-provider';
import { AcsPhoneNumbersStub } from '../../support/acs-phone-numbers-stub';
import { deadPort } from '../../support/acs-sms-stub';

/**
 * The real PhoneNumbersClient of @azure/communication-phone-numbers, through our adapter, against
 * the loopback stub of the ACS phone numbers REST API (HMAC checked on every request, bodies
 * checked field by field, long-running operations polled on their operation-location).
 */
describe('ACS phone number purchase against the REST stub', () => {
  const stub = new AcsPhoneNumbersStub();
  let provider: AcsPhoneNumberProvider;

  beforeAll(async () => {
    await stub.start();
    provider = new AcsPhoneNumberProvider(stub.connectionString, { allowInsecureConnection: true, searchPollIntervalMs: 5 });
  });
  afterAll(() => stub.stop());
  beforeEach(() => stub.reset());

  const running = (progress: PurchaseProgress): Record<string, string> => {
    if (progress.status !== 'running') throw new Error(`expected running, got ${JSON.stringify(progress)}`);
    return progress.state;
  };

  it('searches (polling the operation), submits the purchase, then polls it until the number is owned', async () => {
    stub.reset({ available: ['+18335550123'], searchPolls: 3, purchasePolls: 3 });
    const state = running(await provider.startPurchase({ country: 'US', areaCode: '833' }));
    expect(state).toMatchObject({ number: '+18335550123', searchId: expect.any(String) });
    expect(stub.searches).toEqual([{ countryCode: 'US', body: { phoneNumberType: 'tollFree', assignmentType: 'application', capabilities: { calling: 'none', sms: 'inbound+outbound' }, areaCode: '833', quantity: 1 } }]);
    expect(stub.purchases).toEqual([{ searchId: state.searchId, agreeToNotResell: true }]);
    // The search's operation was polled until it ended, then its result read from the Location.
    expect(stub.count('GET', '/phoneNumbers/operations/search_')).toBe(4);
    expect(stub.count('GET', '/availablePhoneNumbers/searchResults/')).toBe(1);

    // Submitting read the purchase operation once; each poll is one more GET of it (notStarted / running), then succeeded.
    expect(stub.count('GET', '/phoneNumbers/operations/purchase_')).toBe(1);
    let current = running(await provider.poll(state));
    current = running(await provider.poll(current));
    expect(stub.count('GET', '/phoneNumbers/operations/purchase_')).toBe(3);
    expect(stub.count('GET', '/phoneNumbers/%2B')).toBe(0);
    expect(await provider.poll(current)).toEqual({ status: 'succeeded', e164: '+18335550123', providerId: '18335550123' });
    expect(stub.count('GET', '/phoneNumbers/operations/purchase_')).toBe(4);
    expect(stub.count('GET', '/phoneNumbers/%2B')).toBe(1);
    expect(stub.count('POST', '/availablePhoneNumbers/:purchase')).toBe(1);
    expect(stub.requests.filter((r) => r.status === 401)).toEqual([]);
  });

  it('asks for a geographic number outside the US and Canada', async () => {
    stub.reset({ available: ['+447700900123'] });
    running(await provider.startPurchase({ country: 'GB' }));
    expect(stub.searches.at(-1)).toEqual({ countryCode: 'GB', body: { phoneNumberType: 'geographic', assignmentType: 'application', capabilities: { calling: 'none', sms: 'inbound+outbound' }, quantity: 1 } });
  });

  it('a search that finds no number fails at once and buys nothing', async () => {
    stub.reset({ available: [], searchPolls: 1 });
    expect(await provider.startPurchase({ country: 'US', areaCode: '608' })).toEqual({ status: 'failed', code: 'NO_NUMBER_AVAILABLE', message: 'No number is available in US with area code 608; try another area code or later.' });
    expect(stub.count('POST', '/availablePhoneNumbers/:purchase')).toBe(0);
  });

  it('a search the service reports failed is no number either', async () => {
    stub.reset({ searchOutcome: 'failed', searchPolls: 1 });
    expect(await provider.startPurchase({ country: 'US' })).toMatchObject({ status: 'failed', code: 'NO_NUMBER_AVAILABLE' });
    expect(stub.count('POST', '/availablePhoneNumbers/:purchase')).toBe(0);
  });

  it('a purchase the service reports failed ends as failed, never as running forever', async () => {
    stub.reset({ purchasePolls: 2, purchaseOutcome: 'failed', available: ['+18335550199'] });
    const state = running(await provider.startPurchase({ country: 'US' }));
    const next = running(await provider.poll(state));
    expect(await provider.poll(next)).toEqual({ status: 'failed', code: 'PURCHASE_FAILED', message: expect.stringContaining('nothing was bought') });
    expect(stub.owned.has('+18335550199')).toBe(false);
    // Failed already when the submission's first read came back.
    stub.reset({ purchasePolls: 0, purchaseOutcome: 'failed' });
    expect(await provider.startPurchase({ country: 'US' })).toMatchObject({ status: 'failed', code: 'PURCHASE_FAILED' });
  });

  it('a throttled (429) or failing (500) search is a failed purchase that names the cause, after one retry', async () => {
    stub.reset({ refuse: { on: 'search', status: 429, times: 2 } });
    expect(await provider.startPurchase({ country: 'US' })).toEqual({ status: 'failed', code: 'ACS_429', message: expect.stringContaining('throttling') });
    expect(stub.requests.filter((r) => r.status === 429)).toHaveLength(2);
    stub.reset({ refuse: { on: 'search', status: 500, times: 2 } });
    expect(await provider.startPurchase({ country: 'US' })).toMatchObject({ status: 'failed', code: 'ACS_500' });
    expect(stub.count('POST', '/availablePhoneNumbers/:purchase')).toBe(0);
  });

  it('a refused purchase submission (500) fails; one throttled answer is retried by the SDK', async () => {
    stub.reset({ refuse: { on: 'purchase', status: 500, times: 2 } });
    expect(await provider.startPurchase({ country: 'US' })).toMatchObject({ status: 'failed', code: 'ACS_500', message: expect.stringContaining('number purchase (HTTP 500)') });
    stub.reset({ refuse: { on: 'purchase', status: 429, times: 1 } });
    expect((await provider.startPurchase({ country: 'US' })).status).toBe('running');
  });

  it('a throttled or failing poll of a submitted purchase keeps it running (the number may still be bought)', async () => {
    stub.reset({ purchasePolls: 1, available: ['+18335550124'] });
    const state = running(await provider.startPurchase({ country: 'US' }));
    stub.scenario.refuse = { on: 'operation', status: 429, times: 2 };
    expect(await provider.poll(state)).toEqual({ status: 'running', state });
    stub.scenario.refuse = { on: 'operation', status: 500, times: 2 };
    expect(await provider.poll(state)).toEqual({ status: 'running', state });
    stub.scenario.refuse = { on: 'number', status: 500, times: 2 };
    expect((await provider.poll(state)).status).toBe('running');
    expect(await provider.poll(state)).toMatchObject({ status: 'succeeded', e164: '+18335550124' });
  });

  it('a state it did not write is refused, and an unreachable service fails the start', async () => {
    expect(await provider.poll({ number: '+18335550123' })).toMatchObject({ status: 'failed', code: 'UNKNOWN_PURCHASE' });
    const dead = new AcsPhoneNumberProvider(`endpoint=http://127.0.0.1:${await deadPort()}/;accesskey=${stub.accessKey}`, { allowInsecureConnection: true });
    expect(await dead.startPurchase({ country: 'US' })).toMatchObject({ status: 'failed', code: 'ACS_UNREACHABLE' });
  });

  it('a wrong access key is refused by the stub (the signature is checked) and reported as a failure', async () => {
    const wrongKey = Buffer.alloc(32, 7).toString('base64');
    const impostor = new AcsPhoneNumberProvider(`endpoint=${stub.endpoint}/;accesskey=${wrongKey}`, { allowInsecureConnection: true });
    expect(await impostor.startPurchase({ country: 'US' })).toMatchObject({ status: 'failed', code: 'ACS_401' });
    expect(stub.requests.at(-1)).toMatchObject({ status: 401, problem: 'Unauthorized: signature mismatch' });
  });
});
