import { TableClient } from '@azure/data-tables';
import { handleSmsEvents } from '../../../shared/usecases/sms/handle-sms-events';
import { sendSms } from '../../../shared/usecases/sms/send-sms';
import { smsLogKeyFor } from '../../../shared/usecases/sms/sms-log-keys';
import { AcsSmsStub } from '../../support/acs-sms-stub';
import { HASH_KEY, PATIENT, SENDING_NUMBER, smsFixture } from './sms-fixture';

/** The send function's use case on real tables and the real ACS client against the stub. */
describe('sending one SMS request', () => {
  const stub = new AcsSmsStub();
  beforeAll(() => stub.start());
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.mode = { kind: 'accept' };
  });

  const digits = PATIENT.slice(2);

  async function rawLogRows(f: Awaited<ReturnType<typeof smsFixture>>): Promise<string> {
    const client = TableClient.fromConnectionString(f.connection, f.names.log, { allowInsecureConnection: true });
    const rows: unknown[] = [];
    for await (const e of client.listEntities()) rows.push(e);
    return JSON.stringify(rows);
  }

  it('sends a confirmation once with the local time and a join link, and logs it without the number', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const req = f.request(appt);
    const sentBefore = stub.sent.length;

    const first = await sendSms(f.deps, req, f.log);
    const again = await sendSms(f.deps, req, f.log);

    expect(first).toMatchObject({ outcome: 'sent', segments: 1, encoding: 'GSM-7' });
    expect(again).toMatchObject({ outcome: 'duplicate' });
    expect(stub.sent.length).toBe(sentBefore + 1);
    const text = stub.sent.at(-1)!;
    expect(text.to).toBe(PATIENT);
    expect(text.from).toBe(SENDING_NUMBER);
    expect(text.message).toMatch(/^Lakeside Clinic: .* Mon, Mar 9,? (at )?9:00 AM CDT\. Join( here)?: https:\/\/connector\.example\.org\/api\/v\/[A-Za-z0-9_-]{22} Reply STOP to opt out\.$/);
    expect(text.tag).toMatch(/^v1\|/);

    const entry = (await f.deps.smsLog.get(smsLogKeyFor(HASH_KEY, req)))!.entry;
    expect(entry).toMatchObject({ status: 'sent', type: 'confirmation', sendingNumber: SENDING_NUMBER, segments: 1, encoding: 'GSM-7', attempts: 1, providerMessageId: text.messageId });
    expect(entry.recipientHash).toHaveLength(43);
    expect(await rawLogRows(f)).not.toContain(digits);
    expect(f.lines.join('\n')).not.toContain(digits);
  });

  it('a reminder planned for the old time is skipped after a reschedule; the one for the new time is sent', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const moved = { ...appt, startsAt: new Date(f.start.getTime() + 2 * 3600_000).toISOString() };
    const read = await f.appointmentStore.read('US', appt);
    await f.appointmentStore.replace('US', moved, read!.etag);
    f.clock.set(new Date(f.start.getTime() - 3600_000));

    const stale = await sendSms(f.deps, f.request(appt, { type: 'reminder', minutesBefore: 60 }), f.log);
    expect(stale).toMatchObject({ outcome: 'skipped', reason: 'SUPERSEDED_BY_RESCHEDULE' });

    f.clock.set(new Date(f.start.getTime() + 3600_000));
    const fresh = await sendSms(f.deps, f.request(moved, { type: 'reminder', minutesBefore: 60 }), f.log);
    expect(fresh).toMatchObject({ outcome: 'sent' });
    expect(stub.sent.at(-1)!.message).toContain('11:00 AM CDT');
  });

  it('after a cancellation sends no reminder, but the cancellation notice (without a link)', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment({ status: 'cancelled' });
    await f.appointmentStore.create('US', appt);
    f.clock.set(new Date(f.start.getTime() - 3600_000));
    const before = stub.sent.length;

    expect(await sendSms(f.deps, f.request(appt, { type: 'reminder', minutesBefore: 60 }), f.log)).toMatchObject({ outcome: 'skipped', reason: 'APPOINTMENT_CANCELLED' });
    expect(stub.sent.length).toBe(before);
    expect(await sendSms(f.deps, f.request(appt, { type: 'cancellation' }), f.log)).toMatchObject({ outcome: 'sent' });
    expect(stub.sent.at(-1)!.message).toMatch(/cancelled/);
    expect(stub.sent.at(-1)!.message).not.toContain('http');

    f.profile.cancellationEnabled = false;
    expect(await sendSms(f.deps, f.request(appt, { type: 'cancellation' }), f.log)).toMatchObject({ outcome: 'skipped', reason: 'SMS_TYPE_DISABLED' });
  });

  it('STOP then a reminder: nothing sent, recorded as skipped; START: sent again; a replayed STOP changes nothing', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const events = (message: string, at: string) => [{ kind: 'received' as const, id: `in-${message}-${at}`, providerMessageId: 'Incoming_1', from: PATIENT.slice(1), to: SENDING_NUMBER.slice(1), message, at: new Date(at) }];
    const eventDeps = { ...f.deps, smsRules: { hashKey: HASH_KEY } };

    await handleSmsEvents(eventDeps, events('STOP', '2026-03-08T10:00:00Z'), f.log);
    f.clock.set(new Date(f.start.getTime() - 24 * 3600_000));
    const stopped = f.request(appt, { type: 'reminder', minutesBefore: 1440 });
    expect(await sendSms(f.deps, stopped, f.log)).toMatchObject({ outcome: 'skipped', reason: 'RECIPIENT_OPTED_OUT' });
    expect((await f.deps.smsLog.get(smsLogKeyFor(HASH_KEY, stopped)))!.entry).toMatchObject({ status: 'skipped', skipReason: 'RECIPIENT_OPTED_OUT' });

    await handleSmsEvents(eventDeps, events('start', '2026-03-08T12:00:00Z'), f.log);
    await handleSmsEvents(eventDeps, events('STOP', '2026-03-08T10:00:00Z'), f.log); // duplicate, older: harmless
    f.clock.set(new Date(f.start.getTime() - 3600_000));
    expect(await sendSms(f.deps, f.request(appt, { type: 'reminder', minutesBefore: 60 }), f.log)).toMatchObject({ outcome: 'sent' });
    expect(f.lines.join('\n')).not.toContain(digits);
  });

  it('429: re-queued with the Retry-After delay, then sent under the same request', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const req = f.request(appt);
    stub.mode = { kind: 'throttle', retryAfterSeconds: 42 };

    expect(await sendSms(f.deps, req, f.log)).toMatchObject({ outcome: 'deferred', why: 'throttled', delaySeconds: 42 });
    expect(f.queue.sent).toHaveLength(1);
    expect(f.queue.sent[0]).toMatchObject({ queue: 'sms-send', message: req, options: { delaySeconds: 42 } });
    expect((await f.deps.smsLog.get(smsLogKeyFor(HASH_KEY, req)))!.entry.status).toBe('retrying');

    stub.mode = { kind: 'accept' };
    f.clock.advance(42_000);
    expect(await sendSms(f.deps, req, f.log)).toMatchObject({ outcome: 'sent' });
  });

  it('5xx: retried with growing delays under one repeatability id, then recorded as failed, never retried forever', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const req = f.request(appt);
    stub.mode = { kind: 'server_error' };

    const r1 = await sendSms(f.deps, req, f.log);
    f.clock.advance(15_000);
    const r2 = await sendSms(f.deps, req, f.log);
    f.clock.advance(30_000);
    const r3 = await sendSms(f.deps, req, f.log);
    expect([r1, r2].map((r) => r.outcome === 'deferred' && r.delaySeconds)).toEqual([15, 30]);
    expect(r3).toMatchObject({ outcome: 'failed', detail: 'SERVICE_UNAVAILABLE' });
    expect(await sendSms(f.deps, req, f.log)).toMatchObject({ outcome: 'duplicate' });
    const entry = (await f.deps.smsLog.get(smsLogKeyFor(HASH_KEY, req)))!.entry;
    expect(entry).toMatchObject({ status: 'failed', attempts: 3, repeatSeries: 0 });
  });

  it('delivery reports move the status forward; duplicates and late ones are harmless', async () => {
    const f = await smsFixture(stub);
    const appt = f.appointment();
    await f.appointmentStore.create('US', appt);
    const req = f.request(appt);
    await sendSms(f.deps, req, f.log);
    const sent = stub.sent.at(-1)!;
    const report = (status: string, details: string, at: string) => ({ kind: 'delivery_report' as const, id: `r-${at}`, providerMessageId: sent.messageId, deliveryStatus: status, details, tag: sent.tag, at: new Date(at) });
    const eventDeps = { ...f.deps, smsRules: { hashKey: HASH_KEY } };

    await handleSmsEvents(eventDeps, [report('Delivered', 'No error.', '2026-03-08T14:00:05Z'), report('Delivered', 'No error.', '2026-03-08T14:00:05Z')], f.log);
    await handleSmsEvents(eventDeps, [report('Failed', 'Unreachable', '2026-03-08T14:00:01Z')], f.log);
    const entry = (await f.deps.smsLog.get(smsLogKeyFor(HASH_KEY, req)))!.entry;
    expect(entry.status).toBe('delivered');
    expect(entry.history.map((h) => h.status)).toEqual(['sending', 'sent', 'delivered']);
  });

  it('skips with a reason when the visit has started, the number is not US, or SMS is not configured', async () => {
    const f = await smsFixture(stub);
    const started = f.appointment();
    const foreign = f.appointment({ mobile: '+447700900123' });
    await f.appointmentStore.create('US', started);
    await f.appointmentStore.create('US', foreign);
    expect(await sendSms(f.deps, f.request(foreign), f.log)).toMatchObject({ outcome: 'skipped', reason: 'COUNTRY_NOT_ALLOWED' });
    expect(await sendSms(f.deps, { ...f.request(started), tenantId: 'other-tenant' }, f.log)).toMatchObject({ outcome: 'skipped', reason: 'APPOINTMENT_NOT_FOUND' });
    f.clock.set(f.start);
    expect(await sendSms(f.deps, f.request(started), f.log)).toMatchObject({ outcome: 'skipped', reason: 'VISIT_STARTED' });
    expect(f.lines.join('\n')).not.toMatch(/7700900123|6085550142/);
  });
});
