import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { DomainError } from '../../../shared/domain/errors';
import { baseUrl, newTenantId, organisation, storageConnection, uniqueTableName } from '../../support/config/fixtures';

const table = uniqueTableName('configstore');
let store: TableConfigStore;

beforeAll(async () => {
  await ensureTable(storageConnection(), table);
  store = TableConfigStore.fromConnection(storageConnection(), table);
});

const code = async (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e instanceof DomainError ? `${e.code}:${e.reason}` : String(e)));

describe('organisation', () => {
  it('creates once, reads with an ETag, and updates only with the current ETag', async () => {
    const tenantId = newTenantId();
    expect(await store.getOrganisation(tenantId)).toBeUndefined();
    const created = await store.createOrganisation(organisation(tenantId));
    expect(created.etag).toMatch(/\S/);
    expect(await code(store.createOrganisation(organisation(tenantId)))).toBe('conflict:ORGANISATION_EXISTS');

    const read = await store.getOrganisation(tenantId);
    expect(read?.value.displayName).toBe('Riverside Health');
    const updated = await store.updateOrganisation({ ...organisation(tenantId), displayName: 'Riverside' }, created.etag);
    expect(updated.etag).not.toBe(created.etag);
    expect(await code(store.updateOrganisation({ ...organisation(tenantId), displayName: 'Stale' }, created.etag))).toBe('precondition_failed:ETAG_MISMATCH');
    expect((await store.getOrganisation(tenantId))?.value.displayName).toBe('Riverside');
  });
});

describe('base URLs', () => {
  it('are unique per environment within a tenant, and free again after removal', async () => {
    const tenantId = newTenantId();
    const first = baseUrl(tenantId);
    const created = await store.createBaseUrl(first);
    const again = baseUrl(tenantId, { url: first.url });
    expect(await code(store.createBaseUrl(again))).toBe('conflict:BASE_URL_DUPLICATE');
    const production = baseUrl(tenantId, { url: first.url, environment: 'production' });
    await store.createBaseUrl(production);
    expect(await store.listBaseUrls(tenantId)).toHaveLength(2);

    await store.deleteBaseUrl(tenantId, first.id, created.etag);
    await store.createBaseUrl(again);
    expect((await store.listBaseUrls(tenantId)).map((b) => b.value.id).sort()).toEqual([again.id, production.id].sort());
  });

  it('conditional update: a stale ETag gives precondition_failed and changes nothing', async () => {
    const tenantId = newTenantId();
    const b = baseUrl(tenantId);
    const v1 = await store.createBaseUrl(b);
    const v2 = await store.updateBaseUrl({ ...b, vendor: 'oracle' }, v1.etag);
    expect(await code(store.updateBaseUrl({ ...b, vendor: 'other' }, v1.etag))).toBe('precondition_failed:ETAG_MISMATCH');
    expect(await code(store.updateBaseUrl({ ...b, url: `${b.url}x` }, v1.etag))).toMatch(/^precondition_failed/);
    expect(await code(store.deleteBaseUrl(tenantId, b.id, v1.etag))).toMatch(/^precondition_failed/);
    const now = await store.getBaseUrl(tenantId, b.id);
    expect(now).toEqual(v2);
  });

  it('moving a base URL to another URL moves its uniqueness claim and its launch index', async () => {
    const tenantId = newTenantId();
    const b = baseUrl(tenantId);
    const other = baseUrl(tenantId);
    const v1 = await store.createBaseUrl(b);
    const o1 = await store.createBaseUrl(other);
    expect(await code(store.updateBaseUrl({ ...b, url: other.url }, v1.etag))).toBe('conflict:BASE_URL_DUPLICATE');
    const moved = `${b.url}-moved`;
    await store.updateBaseUrl({ ...b, url: moved }, v1.etag);
    expect(await store.findBaseUrlsByUrl(b.url)).toEqual([]);
    expect((await store.findBaseUrlsByUrl(moved)).map((f) => f.value.id)).toEqual([b.id]);
    await store.updateBaseUrl({ ...other, url: b.url }, o1.etag);
    expect((await store.findBaseUrlsByUrl(b.url)).map((f) => f.value.id)).toEqual([other.id]);
  });

  it('launch lookup finds approved base URLs of every tenant by normalised URL', async () => {
    const url = `https://shared-${newTenantId()}.example.org/fhir`;
    const approved = baseUrl(newTenantId(), { url, approval: { state: 'approved', approvedAt: '2025-01-07T10:00:00.000Z', approvedBy: 'Practitioner/123', approverUpn: 'a@x.example' } });
    const pending = baseUrl(newTenantId(), { url });
    await store.createBaseUrl(approved);
    await store.createBaseUrl(pending);
    expect((await store.findBaseUrlsByUrl(url)).map((f) => f.value.tenantId).sort()).toEqual([approved.tenantId, pending.tenantId].sort());
    expect((await store.findApprovedBaseUrls(url)).map((b) => b.id)).toEqual([approved.id]);
    expect(await store.findApprovedBaseUrls(url, 'production')).toEqual([]);
    expect(await store.findApprovedBaseUrls(`${url}/other`)).toEqual([]);
  });

  it('scheduling-feed lookup by HL7 sender id; unknown or removed ids find nothing', async () => {
    const tenantId = newTenantId();
    const b = baseUrl(tenantId);
    const v = await store.createBaseUrl(b);
    expect((await store.findBaseUrlByHl7SenderId(b.hl7SenderId))?.value).toEqual(b);
    expect(await store.findBaseUrlByHl7SenderId('NOPE123')).toBeUndefined();
    expect(await store.findBaseUrlByHl7SenderId("bad'/id")).toBeUndefined();
    expect(await code(store.createBaseUrl(baseUrl(tenantId, { hl7SenderId: b.hl7SenderId })))).toBe('conflict:HL7_SENDER_TAKEN');
    await store.deleteBaseUrl(tenantId, b.id, v.etag);
    expect(await store.findBaseUrlByHl7SenderId(b.hl7SenderId)).toBeUndefined();
  });
});

describe('SMS, certificates and operations', () => {
  it('builds the SMS profile of a base URL from settings, consents and the linked number', async () => {
    const tenantId = newTenantId();
    await store.createOrganisation(organisation(tenantId));
    const e164 = '+15550100042';
    const b = baseUrl(tenantId, {
      approval: { state: 'approved', approvedAt: '2025-01-07T10:00:00.000Z', approvedBy: 'Practitioner/1', approverUpn: 'a@x.example' },
      sms: { confirmation: true, reminders: true, reminderMinutesBefore: [1440, 15], phoneNumber: e164 },
    });
    await store.createBaseUrl(b);
    let profile = await store.getSmsProfile(tenantId, b.id);
    expect(profile).toMatchObject({ confirmationEnabled: false, remindersEnabled: false, phoneNumber: undefined });

    await store.createPhoneNumber({ tenantId, e164, country: 'US', providerId: 'local:1', purchasedAt: '2025-01-07T10:00:00.000Z', operationId: 'op1' });
    const consents = await store.saveSmsConsents({ tenantId, sendOnBehalf: { givenBy: 'admin@x.example', givenAt: '2025-01-07T10:00:00.000Z' }, updatedAt: '2025-01-07T10:00:00.000Z' }, undefined);
    expect((await store.getSmsProfile(tenantId, b.id))?.confirmationEnabled).toBe(false);
    await store.saveSmsConsents({ ...consents.value, patientPhoneProcessing: { givenBy: 'admin@x.example', givenAt: '2025-01-07T10:01:00.000Z' } }, consents.etag);
    profile = await store.getSmsProfile(tenantId, b.id);
    expect(profile).toMatchObject({ confirmationEnabled: true, remindersEnabled: true, phoneNumber: { e164 }, organisation: { timeZone: 'America/Chicago' } });
    expect(await store.getSmsProfile(tenantId, 'missing')).toBeUndefined();
    expect((await store.listPhoneNumbers(tenantId)).map((p) => p.value.e164)).toEqual([e164]);
  });

  it('keeps one certificate per environment with conditional replace', async () => {
    const tenantId = newTenantId();
    const cert = {
      tenantId, environment: 'production' as const, pem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n', subject: 'CN=ehr', issuer: 'CN=ehr',
      serialNumber: '01', thumbprintSha256: 'AB', thumbprintSha1: 'CD', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2026-01-01T00:00:00.000Z',
      key: { type: 'rsa' as const, bits: 2048 }, uploadedAt: '2025-01-07T10:00:00.000Z', uploadedBy: 'admin@x.example',
    };
    const v1 = await store.saveCertificate(cert, undefined);
    expect(await code(store.saveCertificate(cert, undefined))).toMatch(/^conflict/);
    expect(await store.getCertificate(tenantId, 'test')).toBeUndefined();
    await store.saveCertificate({ ...cert, subject: 'CN=ehr2' }, v1.etag);
    expect(await code(store.saveCertificate(cert, v1.etag))).toMatch(/^precondition_failed/);
    expect((await store.getCertificate(tenantId, 'production'))?.value.subject).toBe('CN=ehr2');
  });

  it('tracks running operations until they finish', async () => {
    const tenantId = newTenantId();
    const op = { tenantId, id: 'op-1', kind: 'phone_number_purchase' as const, status: 'running' as const, createdAt: '2025-01-07T10:00:00.000Z', updatedAt: '2025-01-07T10:00:00.000Z', createdBy: 'admin@x.example', request: { country: 'US' } };
    const v1 = await store.createOperation(op);
    expect((await store.listRunningOperations(tenantId)).map((o) => o.value.id)).toEqual(['op-1']);
    await store.updateOperation({ ...op, status: 'succeeded', result: { phoneNumber: '+15550100001' } }, v1.etag);
    expect(await store.listRunningOperations(tenantId)).toEqual([]);
    expect((await store.getOperation(tenantId, 'op-1'))?.value.status).toBe('succeeded');
  });
});
