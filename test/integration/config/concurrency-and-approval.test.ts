import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { dueEntry } from '../../../shared/domain/appointment/due-entry';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { APPROVER, newTenant, signInAtSandbox, startAdminWorld, type AdminWorld } from './admin-api-harness';

/** Stale If-Match -> 412 (missing -> 428); approval by anyone but the named approver -> 403; a change after approval -> pending approval. */
let world: AdminWorld;
beforeAll(async () => {
  world = await startAdminWorld();
});
afterAll(async () => {
  await world?.stop();
});

async function tenantWithBaseUrl() {
  const tenantId = newTenant();
  const api = `/api/tenants/${tenantId}`;
  const admin = await world.token({ tenantId, role: 'admin' });
  const org = await world.call('PUT', `${api}/organisation`, { token: admin, body: { displayName: 'Riverside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' } });
  const added = await world.call('POST', `${api}/base-urls`, { token: admin, body: { url: world.ehr.fhirBaseUrl, environment: 'test', vendor: 'epic', approverUpn: APPROVER } });
  expect(added.status).toBe(201);
  return { tenantId, api, admin, orgEtag: org.etag ?? '', baseUrlId: String(added.body.id), baseUrlEtag: added.etag ?? '' };
}

async function approve(t: Awaited<ReturnType<typeof tenantWithBaseUrl>>, approverToken: string): Promise<string> {
  const signIn = await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval/sign-in`, { token: approverToken });
  expect(signIn.status).toBe(201);
  expect((await fetch(await signInAtSandbox(world.ehr, String(signIn.body.authorizeUrl)))).status).toBe(200);
  return String(signIn.body.signInState);
}

it('two admins never overwrite each other: the stale If-Match gets 412, a missing one 428', async () => {
  const t = await tenantWithBaseUrl();
  const first = await world.call('PATCH', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin, ifMatch: t.baseUrlEtag, body: { vendor: 'other' } });
  expect(first.status).toBe(200);
  const second = await world.call('PATCH', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin, ifMatch: t.baseUrlEtag, body: { vendor: 'oracle' } });
  expect({ status: second.status, code: second.body.code }).toEqual({ status: 412, code: 'precondition_failed' });
  expect((await world.call('PATCH', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin, body: { vendor: 'oracle' } })).status).toBe(428);
  expect((await world.call('DELETE', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin, ifMatch: t.baseUrlEtag })).status).toBe(412);
  expect((await world.call('PUT', `${t.api}/base-urls/${t.baseUrlId}/sms`, { token: t.admin, ifMatch: t.baseUrlEtag, body: { confirmation: false, reminders: false, reminderMinutesBefore: [], phoneNumber: null } })).status).toBe(412);
  expect((await world.call('GET', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin })).body.vendor).toBe('other');

  const org = { displayName: 'Riverside Health', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' };
  expect((await world.call('PUT', `${t.api}/organisation`, { token: t.admin, ifMatch: t.orgEtag, body: org })).status).toBe(200);
  expect((await world.call('PUT', `${t.api}/organisation`, { token: t.admin, ifMatch: t.orgEtag, body: { ...org, displayName: 'Stale' } })).status).toBe(412);
  expect((await world.call('PUT', `${t.api}/organisation`, { token: t.admin, body: org })).status).toBe(428);
  expect((await world.call('PUT', `${t.api}/organisation`, { token: t.admin, ifMatch: 'garbage', body: org })).status).toBe(412);
  expect((await world.call('GET', `${t.api}/organisation`, { token: t.admin })).body.displayName).toBe('Riverside Health');
});

it('refuses an approval by anyone but the named approver, even with the approver\'s finished sign-in', async () => {
  const t = await tenantWithBaseUrl();
  const approver = await world.token({ tenantId: t.tenantId, role: 'approver' });
  const colleague = await world.token({ tenantId: t.tenantId, role: 'approver', user: 'colleague@riverside.example' });
  expect((await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval/sign-in`, { token: colleague })).status).toBe(403);
  expect((await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval/sign-in`, { token: t.admin })).status).toBe(403);
  const state = await approve(t, approver);
  for (const token of [colleague, t.admin]) {
    const refused = await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval`, { token, ifMatch: t.baseUrlEtag, body: { signInState: state } });
    expect({ status: refused.status, reason: refused.body.reason }).toEqual({ status: 403, reason: 'NOT_THE_APPROVER' });
  }
  const withoutSignIn = await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval`, { token: approver, ifMatch: t.baseUrlEtag, body: { signInState: 'x'.repeat(43) } });
  expect({ status: withoutSignIn.status, reason: withoutSignIn.body.reason }).toEqual({ status: 403, reason: 'EHR_SIGN_IN_REQUIRED' });
  expect((await world.call('GET', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin })).body.approval).toMatchObject({ state: 'pending_approval' });
});

it('a change after approval returns the base URL to pending approval, says so, and stops its launches and SMS', async () => {
  const t = await tenantWithBaseUrl();
  const approver = await world.token({ tenantId: t.tenantId, role: 'approver' });
  const state = await approve(t, approver);
  const approved = await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval`, { token: approver, ifMatch: t.baseUrlEtag, body: { signInState: state } });
  expect(approved.body.approval).toMatchObject({ state: 'approved' });
  const reused = await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval`, { token: approver, ifMatch: approved.etag ?? '', body: { signInState: state } });
  // The approval deleted the sign-in it used: reusing it is approving without one.
  expect({ status: reused.status, reason: reused.body.reason }).toEqual({ status: 403, reason: 'EHR_SIGN_IN_REQUIRED' });

  const vendorOnly = await world.call('PATCH', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin, ifMatch: approved.etag ?? '', body: { vendor: 'other' } });
  expect(vendorOnly.body).toMatchObject({ approval: { state: 'approved' } });
  expect(vendorOnly.body.notice).toBeUndefined();

  const changed = await world.call('PATCH', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin, ifMatch: vendorOnly.etag ?? '', body: { approverUpn: 'new.analyst@riverside.example' } });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ approval: { state: 'pending_approval', reason: 'changed after approval: approverUpn' }, notice: expect.stringContaining('stop until the approver approves it again') });
  const store = TableConfigStore.fromConnection(world.host.settings.storage.connection);
  expect((await store.findApprovedBaseUrls(world.ehr.fhirBaseUrl)).filter((b) => b.tenantId === t.tenantId)).toEqual([]);
  expect((await world.call('GET', `${t.api}/integration-records`, { token: t.admin })).body).toMatchObject({ baseUrls: [], pendingBaseUrlIds: [t.baseUrlId] });

  const geography = await world.call('GET', `${t.api}/organisation`, { token: t.admin });
  const moved = await world.call('PUT', `${t.api}/organisation`, { token: t.admin, ifMatch: geography.etag ?? '', body: { displayName: 'Riverside', geography: 'EU', timeZone: 'Europe/Paris', defaultPhoneCountry: 'FR' } });
  expect({ status: moved.status, field: (moved.body.errors as { field: string }[])[0]?.field }).toEqual({ status: 400, field: 'geography' });
});

it('troubleshooting read: status, start, masked phone number, planned reminders and the last HL7 control id', async () => {
  const t = await tenantWithBaseUrl();
  const fresh = await world.call('GET', `${t.api}/base-urls/${t.baseUrlId}`, { token: t.admin });
  const consents = await world.call('PUT', `${t.api}/sms/consents`, { token: t.admin, body: { sendOnBehalf: true, patientPhoneProcessing: true } });
  expect(consents.status).toBe(200);
  const store = TableConfigStore.fromConnection(world.host.settings.storage.connection);
  await store.createPhoneNumber({ tenantId: t.tenantId, e164: '+16085550101', country: 'US', providerId: 'local:x', purchasedAt: new Date().toISOString(), operationId: 'op' });
  const sms = await world.call('PUT', `${t.api}/base-urls/${t.baseUrlId}/sms`, { token: t.admin, ifMatch: fresh.etag ?? '', body: { confirmation: true, reminders: true, reminderMinutesBefore: [60, 1440], phoneNumber: '+16085550101' } });
  expect(sms.status).toBe(200);
  const appointments = new AppointmentTable(world.host.settings.storage.geographies);
  await appointments.create('US', {
    tenantId: t.tenantId, baseUrlId: t.baseUrlId, appointmentId: 'CSN4711', status: 'booked', startsAt: '2030-01-02T15:00:00.000Z', mobile: '+16085550142',
    lastApplied: { controlId: 'MSG00042', messageTime: '2029-12-20T10:00:00.000Z', event: 'S12' }, recentControlIds: ['MSG00042'], staleCount: 0, updatedAt: '2029-12-20T10:00:01.000Z',
    plannedDue: [
      dueEntry({ tenantId: t.tenantId, baseUrlId: t.baseUrlId, appointmentId: 'CSN4711', appointmentStart: '2030-01-02T15:00:00.000Z', action: { kind: 'reminder', minutesBefore: 1440 }, dueAt: new Date('2030-01-01T15:00:00.000Z') }),
      dueEntry({ tenantId: t.tenantId, baseUrlId: t.baseUrlId, appointmentId: 'CSN4711', appointmentStart: '2030-01-02T15:00:00.000Z', action: { kind: 'reminder', minutesBefore: 60 }, dueAt: new Date('2030-01-02T14:00:00.000Z') }),
      dueEntry({ tenantId: t.tenantId, baseUrlId: t.baseUrlId, appointmentId: 'CSN4711', appointmentStart: '2030-01-02T15:00:00.000Z', action: { kind: 'purge' }, dueAt: new Date('2030-01-02T15:00:00.000Z') }),
    ],
  });
  const reader = await world.token({ tenantId: t.tenantId, role: 'reader', user: 'support@riverside.example' });
  const read = await world.call('GET', `${t.api}/appointments/${t.baseUrlId}/CSN4711`, { token: reader });
  expect({ status: read.status, log: read.status === 200 ? '' : world.host.lines.filter((l) => l.includes('error')).slice(-2).join('\n') }).toEqual({ status: 200, log: '' });
  expect(read.body).toEqual({
    baseUrlId: t.baseUrlId, appointmentId: 'CSN4711', status: 'booked', startsAt: '2030-01-02T15:00:00.000Z',
    phoneNumberHeld: true, maskedPhoneNumber: '+1608•••0142', phoneNumberPurgedAt: null,
    remindersPlanned: [{ minutesBefore: 1440, at: '2030-01-01T15:00:00.000Z' }, { minutesBefore: 60, at: '2030-01-02T14:00:00.000Z' }],
    phoneNumberPurgeAt: '2030-01-02T15:00:00.000Z',
    lastHl7ControlId: 'MSG00042', lastHl7MessageTime: '2029-12-20T10:00:00.000Z', lastEvent: 'S12',
  });
  expect(read.text).not.toContain('5550142');
  expect((await world.call('GET', `${t.api}/appointments/${t.baseUrlId}/CSN0000`, { token: reader })).status).toBe(404);
  const otherTenant = newTenant();
  const outsider = await world.token({ tenantId: otherTenant, role: 'admin' });
  expect((await world.call('GET', `/api/tenants/${otherTenant}/appointments/${t.baseUrlId}/CSN4711`, { token: outsider })).status).toBe(404);
  expect(world.host.lines.join('\n')).not.toMatch(/5550142|eyJ[A-Za-z0-9_-]{10,}\./);
});

it('the approval callback page answers with the status of what went wrong: refused by the EHR 502, unknown sign-in 404', async () => {
  const t = await tenantWithBaseUrl();
  const approver = await world.token({ tenantId: t.tenantId, role: 'approver', user: APPROVER });
  const signIn = await world.call('POST', `${t.api}/base-urls/${t.baseUrlId}/approval/sign-in`, { token: approver });
  const state = new URL(String(signIn.body.authorizeUrl)).searchParams.get('state') ?? '';
  const refused = await world.host.fetch(`/api/approval-callback?state=${encodeURIComponent(state)}&error=access_denied`);
  expect(refused.status).toBe(502);
  expect(await refused.text()).toContain('EHR_SIGN_IN_REFUSED');
  const unknown = await world.host.fetch(`/api/approval-callback?state=${'u'.repeat(43)}&code=abc`);
  expect(unknown.status).toBe(404);
  expect(await unknown.text()).toContain('SIGN_IN_UNKNOWN');
});
