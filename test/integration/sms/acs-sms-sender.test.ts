import { AcsSmsSender } from '../../../shared/adapters/acs/acs-sms-sender';
import type { OutgoingSms } from '../../../shared/ports/sms-sender';
import { AcsSmsStub, deadPort } from '../../support/acs-sms-stub';

/** The real SmsClient of @azure/communication-sms, through our adapter, against the loopback stub. */
describe('ACS SMS sender against the REST stub', () => {
  const stub = new AcsSmsStub();
  let sender: AcsSmsSender;
  const sms = (over: Partial<OutgoingSms> = {}): OutgoingSms => ({
    from: '+18005550100',
    to: '+16085550142',
    text: 'Lakeside Clinic: reminder of your video visit on Mon, Mar 9 at 9:00 AM CDT. Join here: https://x.example/api/v/AbCdEfGhIjKlMnOpQrStUv',
    tag: 'v1|t|20260309|AbCdEfGhIjKlMnOpQrStUv',
    repeatabilityId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    firstAttemptAt: new Date(),
    ...over,
  });

  beforeAll(async () => {
    await stub.start();
    sender = new AcsSmsSender(stub.connectionString, { timeoutMs: 5000, allowInsecureConnection: true });
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.mode = { kind: 'accept' };
  });

  it('sends a signed request with delivery reports on, our tag and our repeatability id (202)', async () => {
    const first = new Date('2026-03-09T13:00:00Z');
    const outcome = await sender.send(sms({ firstAttemptAt: first }));
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: expect.stringMatching(/^Outgoing_/), repeated: false });
    expect(stub.requests.at(-1)).toEqual({ status: 202 });
    expect(stub.sent.at(-1)).toMatchObject({
      from: '+18005550100',
      to: '+16085550142',
      tag: 'v1|t|20260309|AbCdEfGhIjKlMnOpQrStUv',
      enableDeliveryReport: true,
      repeatabilityRequestId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      repeatabilityFirstSent: first.toUTCString(),
    });
  });

  it('a repeat with the same repeatability id is recognised and not sent twice', async () => {
    const id = 'a1b2c3d4-0000-4000-8000-000000000001';
    const before = stub.sent.length;
    const a = await sender.send(sms({ repeatabilityId: id }));
    const b = await sender.send(sms({ repeatabilityId: id }));
    expect(a.kind).toBe('accepted');
    expect(b).toEqual(a);
    expect(stub.sent.length).toBe(before + 1);
  });

  it('a per-recipient failure (no exception from the SDK) is a rejection', async () => {
    stub.mode = { kind: 'recipient_failure', httpStatusCode: 400, errorMessage: 'Invalid To phone number +16085550142' };
    const outcome = await sender.send(sms({ repeatabilityId: 'a1b2c3d4-0000-4000-8000-000000000002' }));
    expect(outcome).toMatchObject({ kind: 'rejected', httpStatus: 400 });
    expect(JSON.stringify(outcome)).not.toContain('6085550142');
  });

  it('429 comes back at once as throttled with the Retry-After (no sleeping in the SDK)', async () => {
    stub.mode = { kind: 'throttle', retryAfterSeconds: 37 };
    const requestsBefore = stub.requests.length;
    const outcome = await sender.send(sms({ repeatabilityId: 'a1b2c3d4-0000-4000-8000-000000000003' }));
    expect(outcome).toEqual({ kind: 'throttled', retryAfterSeconds: 37 });
    expect(stub.requests.length).toBe(requestsBefore + 1);
  });

  it('500 is unavailable (retried later by the queue, not by the SDK)', async () => {
    stub.mode = { kind: 'server_error' };
    const requestsBefore = stub.requests.length;
    expect(await sender.send(sms({ repeatabilityId: 'a1b2c3d4-0000-4000-8000-000000000004' }))).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('HTTP 500') });
    expect(stub.requests.length).toBe(requestsBefore + 1);
  });

  it('a dead endpoint is unavailable at once', async () => {
    const port = await deadPort();
    const dead = new AcsSmsSender(`endpoint=http://127.0.0.1:${port}/;accesskey=${stub.accessKey}`, { timeoutMs: 5000, allowInsecureConnection: true });
    expect(await dead.send(sms())).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('a wrong access key is refused by the stub (the signature is really checked)', async () => {
    const wrong = new AcsSmsSender(`endpoint=http://127.0.0.1:${new URL(stub.connectionString.split(';')[0]!.slice('endpoint='.length)).port}/;accesskey=${Buffer.from('x'.repeat(32)).toString('base64')}`, { timeoutMs: 5000, allowInsecureConnection: true });
    expect(await wrong.send(sms())).toMatchObject({ kind: 'rejected', httpStatus: 401 });
    expect(stub.requests.at(-1)).toEqual({ status: 401, problem: 'signature mismatch' });
  });
});
