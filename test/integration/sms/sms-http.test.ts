import { randomUUID } from 'node:crypto';
import type { Appointment } from '../../../shared/domain/appointment/appointment';
import type { SmsRequest } from '../../../shared/domain/sms-request';
import { joinToken } from '../../../shared/domain/sms/join-link';
import { recipientHash } from '../../../shared/domain/sms/keyed-hash';
import { OutboxStore } from '../../../shared/adapters/outbox/outbox-store';
import { outboxPageRoute } from '../../../shared/adapters/outbox/outbox-page';
import { StorageWorkQueue } from '../../../shared/adapters/storagequeue/storage-work-queue';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { QUEUES } from '../../../shared/ports/queue-names';
import { smsLogKeyFor, tagOf } from '../../../shared/usecases/sms/sms-log-keys';
import { deps } from '../../../functions/_lib/app-context';
import { baseUrl, organisation } from '../../support/config/fixtures';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait';

/**
 * Through the local host over HTTP and the queue: the send function with the outbox and the
 * `/dev/sms` page, the Event Grid webhook, and the join link.
 */
describe('SMS through the local host', () => {
  const SECRET = 'event-grid-secret-'.padEnd(48, 'z');
  const PATIENT = '+16085550177';
  const NUMBER = '+18005550123';
  let host: TestHost;
  let outbox: OutboxStore;
  const tenantId = randomUUID();
  const bu = baseUrl(tenantId, {
    approval: { state: 'approved', approvedAt: '2025-01-06T09:00:00.000Z', approvedBy: 'Practitioner/1', approverUpn: 'analyst@riverside.example' },
    sms: { confirmation: true, reminders: true, reminderMinutesBefore: [60], phoneNumber: NUMBER },
  });
  const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
  startsAt.setUTCSeconds(0, 0);

  const appointment = (over: Partial<Appointment> = {}): Appointment => ({
    tenantId,
    baseUrlId: bu.id,
    appointmentId: `appt-${randomUUID().slice(0, 8)}`,
    status: 'booked',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
    mobile: PATIENT,
    lastApplied: { controlId: 'c1', messageTime: '2026-01-01T00:00:00.000Z', event: 'S12' },
    recentControlIds: ['c1'],
    staleCount: 0,
    plannedDue: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });

  beforeAll(async () => {
    const connection = process.env.TEST_STORAGE_CONNECTION!;
    outbox = OutboxStore.fromConnection(connection, 'unused-for-listing'.padEnd(40, 'x'));
    host = await startTestHost({ env: { SMS_EVENTS_SECRET: SECRET }, extraRoutes: [outboxPageRoute(outbox)], queues: { maxPollingIntervalMs: 200 } });
    const config = TableConfigStore.fromConnection(connection);
    await config.createOrganisation(organisation(tenantId, { displayName: 'Riverside Health' }));
    await config.createBaseUrl(bu);
    await config.saveSmsConsents({ tenantId, sendOnBehalf: { givenBy: 'a@x', givenAt: '2025-01-01T00:00:00Z' }, patientPhoneProcessing: { givenBy: 'a@x', givenAt: '2025-01-01T00:00:00Z' }, updatedAt: '2025-01-01T00:00:00Z' }, undefined);
    await config.createPhoneNumber({ tenantId, e164: NUMBER, country: 'US', providerId: 'local:1', purchasedAt: '2025-01-01T00:00:00Z', operationId: 'op1' });
  });
  afterAll(() => host?.stop());

  const post = (body: unknown, query = `?secret=${encodeURIComponent(SECRET)}`) =>
    host.fetch(`/api/sms/events${query}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('a queued confirmation is sent through the outbox and shown on /dev/sms, with no number in any log line', async () => {
    const appt = appointment();
    await new AppointmentTable(host.settings.storage.geographies).create('US', appt);
    const request: SmsRequest = { type: 'confirmation', tenantId, baseUrlId: bu.id, appointmentId: appt.appointmentId, geography: 'US', appointmentStart: appt.startsAt!, requestId: `s12-${randomUUID()}` };
    await new StorageWorkQueue(host.settings.storage.connection).send(QUEUES.smsSend, request);

    const entry = await waitFor(async () => {
      const e = await deps().sms.smsLog.get(smsLogKeyFor(host.settings.sms.hashKey, request));
      return e?.entry.status === 'sent' ? e.entry : undefined;
    }, 'the confirmation to be sent');
    const page = await (await host.fetch('/api/dev/sms')).text();
    expect(page).toContain('Riverside Health: ');
    expect(page).toContain('+1608•••0177');
    expect(page).toContain(`/api/v/${joinToken(host.settings.sms.hashKey, { tenantId, baseUrlId: bu.id, appointmentId: appt.appointmentId })}`);
    const listed = (await (await host.fetch('/dev/sms.json')).json()) as { tag: string }[];
    expect(listed.some((m) => m.tag === tagOf(smsLogKeyFor(host.settings.sms.hashKey, request)))).toBe(true);
    expect(JSON.stringify(entry)).not.toContain('6085550177');
    expect(host.lines.join('\n')).not.toContain('6085550177');
  });

  it('refuses an Event Grid call without the secret, or with a wrong one, and changes nothing', async () => {
    const batch = [{ id: '1', eventType: 'Microsoft.Communication.SMSReceived', data: { MessageId: 'Incoming_x', From: PATIENT.slice(1), To: NUMBER.slice(1), Message: 'STOP', ReceivedTimestamp: new Date().toISOString() } }];
    expect((await post(batch, '')).status).toBe(401);
    expect((await post(batch, '?secret=wrong')).status).toBe(401);
    const hash = recipientHash(host.settings.sms.hashKey, PATIENT);
    expect(await deps().sms.optOuts.get(NUMBER, hash)).toBeUndefined();
  });

  it('answers the subscription validation handshake (Event Grid schema and CloudEvents OPTIONS)', async () => {
    const res = await post([{ id: 'v1', topic: '/subscriptions/x', subject: '', data: { validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6', validationUrl: 'https://rp-eastus2.eventgrid.azure.net/...' }, eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: '2026-01-01T00:00:00Z', metadataVersion: '1', dataVersion: '1' }]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
    const options = await host.fetch(`/api/sms/events?secret=${encodeURIComponent(SECRET)}`, { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(options.status).toBe(200);
    expect(options.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('applies a real-shaped batch of delivery reports and a STOP, and names the field of a bad batch', async () => {
    const appt = appointment();
    await new AppointmentTable(host.settings.storage.geographies).create('US', appt);
    const request: SmsRequest = { type: 'confirmation', tenantId, baseUrlId: bu.id, appointmentId: appt.appointmentId, geography: 'US', appointmentStart: appt.startsAt!, requestId: `s12-${randomUUID()}` };
    await new StorageWorkQueue(host.settings.storage.connection).send(QUEUES.smsSend, request);
    const key = smsLogKeyFor(host.settings.sms.hashKey, request);
    const sent = await waitFor(async () => ((await deps().sms.smsLog.get(key))?.entry.status === 'sent' ? (await deps().sms.smsLog.get(key))!.entry : undefined), 'the text to be sent');

    const report = (id: string, status: string, details: string, at: string) => ({
      id,
      topic: '/subscriptions/{subscription-id}/resourceGroups/{group-name}/providers/microsoft.communication/communicationservices/{name}',
      subject: `/phonenumber/${NUMBER.slice(1)}`,
      data: { MessageId: sent.providerMessageId, From: NUMBER.slice(1), To: PATIENT, DeliveryStatus: status, DeliveryStatusDetails: details, ReceivedTimestamp: at, DeliveryAttempts: [{ Timestamp: at, SegmentsSucceeded: 1, SegmentsFailed: 0 }], Tag: tagOf(key) },
      eventType: 'Microsoft.Communication.SMSDeliveryReportReceived',
      dataVersion: '1.0',
      metadataVersion: '1',
      eventTime: at,
    });
    const bad = await post([report('a', 'Delivered', 'No error.', new Date().toISOString()), { id: 'b', eventType: 'Microsoft.Communication.SMSDeliveryReportReceived', data: { MessageId: 'x' } }]);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation', errors: [{ field: '1.data.deliverystatus' }] });
    expect((await deps().sms.smsLog.get(key))!.entry.status).toBe('sent');

    const t = new Date().toISOString();
    const res = await post([
      report('r1', 'Delivered', 'No error.', t),
      report('r1', 'Delivered', 'No error.', t),
      { id: 'in1', topic: '/x', subject: '/phonenumber/x', eventType: 'Microsoft.Communication.SMSReceived', dataVersion: '1.0', metadataVersion: '1', eventTime: t, data: { MessageId: 'Incoming_1', From: PATIENT.slice(1), To: NUMBER.slice(1), Message: 'Stop', ReceivedTimestamp: t } },
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deliveryReports: 2, optOuts: 1 });
    expect((await deps().sms.smsLog.get(key))!.entry.status).toBe('delivered');
    const hash = recipientHash(host.settings.sms.hashKey, PATIENT);
    expect(await deps().sms.optOuts.isOptedOut(NUMBER, hash)).toBe(true);
    expect(host.lines.join('\n')).not.toContain('6085550177');
  });

  it('the join link redirects into the visit lobby, and explains itself once cancelled or unknown', async () => {
    const appt = appointment();
    const store = new AppointmentTable(host.settings.storage.geographies);
    await store.create('US', appt);
    const token = joinToken(host.settings.sms.hashKey, { tenantId, baseUrlId: bu.id, appointmentId: appt.appointmentId });
    await deps().sms.joinLinks.ensure(token, { tenantId, baseUrlId: bu.id, appointmentId: appt.appointmentId, geography: 'US', createdAt: new Date().toISOString() });

    const first = await host.fetch(`/api/v/${token}`);
    expect(first.status).toBe(302);
    const lobby = first.headers.get('location');
    expect(lobby).toBeTruthy();
    expect(lobby).not.toContain(appt.appointmentId);
    expect((await host.fetch(`/api/v/${token}`)).headers.get('location')).toBe(lobby);

    const read = await store.read('US', appt);
    await store.replace('US', { ...appt, status: 'cancelled' }, read!.etag);
    const cancelled = await host.fetch(`/api/v/${token}`);
    expect(cancelled.status).toBe(410);
    expect(await cancelled.text()).toContain('no longer scheduled');
    expect(cancelled.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    const unknown = await host.fetch('/api/v/AAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('does not work');
  });
});
