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
  expect(reused.status).toBe(409);

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
