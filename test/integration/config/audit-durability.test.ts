import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TableClient } from '@azure/data-tables';
import { provisionStorage } from '../../../shared/adapters/provision';
import { LocalPhoneNumberProvider } from '../../../shared/adapters/phonenumbers/local-phone-numbers';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { TableApprovalSessionStore } from '../../../shared/adapters/tables/config-approval-sessions';
import { TableAuditTrail } from '../../../shared/adapters/tables/config-audit-table';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { tableClient } from '../../../shared/adapters/tables/table-client';
import { TABLES } from '../../../shared/adapters/tables/table-names';
import type { AdminPrincipal } from '../../../shared/domain/config/access';
import type { ConfigStore } from '../../../shared/ports/config-store';
import { confirmApproval, finishApprovalSignIn, startApprovalSignIn } from '../../../shared/usecases/config/approval';
import { readAuditTrail } from '../../../shared/usecases/config/audit-read';
import { addBaseUrl, changeBaseUrl, removeBaseUrl } from '../../../shared/usecases/config/base-urls';
import { uploadCertificate } from '../../../shared/usecases/config/certificates';
import type { ConfigUseCaseDeps } from '../../../shared/usecases/config/config-deps';
import { saveOrganisation } from '../../../shared/usecases/config/organisation';
import { pollOperation, startPhoneNumberPurchase } from '../../../shared/usecases/config/phone-numbers';
import { saveSmsConsents } from '../../../shared/usecases/config/sms-consents';
import { saveBaseUrlSmsSettings } from '../../../shared/usecases/config/sms-settings';
import { testSettings } from '../../support/settings';

/**
 * "Nothing lost": a configuration change and its audit entry are stored together. The crash
 * window the old order had (change stored, process dies, entry never written) is injected
 * with a ConfigStore double that lets each write reach Azurite and then dies, as a process
 * killed right after the write would; every audited change of the admin API is driven
 * through its use case into that window, and its entry must be there. The other way round,
 * storage refusing the write (or a stale ETag) leaves neither change nor entry.
 */
const connection = (): string => process.env.TEST_STORAGE_CONNECTION ?? '';
const certificatePem = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'config', 'rsa-2048.pem'), 'utf8');
const WRITES = new Set(['createOrganisation', 'updateOrganisation', 'createBaseUrl', 'updateBaseUrl', 'deleteBaseUrl', 'saveSmsConsents', 'createPhoneNumber', 'saveCertificate', 'createOperation']);
const DIED = 'the process died right after this write';

/** Arm it and the next write goes through to storage, then "the process dies". */
const crash = { armed: false };
function dyingAfterWrites(store: ConfigStore): ConfigStore {
  return new Proxy(store, {
    get(target, name, receiver) {
      const member: unknown = Reflect.get(target, name, receiver);
      if (typeof member !== 'function' || typeof name !== 'string' || !WRITES.has(name)) return member;
      return async (...args: unknown[]) => {
        const result: unknown = await Reflect.apply(member, target, args);
        if (crash.armed) {
          crash.armed = false;
          throw new Error(DIED);
        }
        return result;
      };
    },
  });
}

const admin = (tenantId: string): AdminPrincipal => ({ tenantId, userId: 'user-admin', upn: 'admin@lakeside.example', roles: ['admin'] });
const approver = (tenantId: string): AdminPrincipal => ({ tenantId, userId: 'user-analyst', upn: 'analyst@lakeside.example', roles: [] });

function depsWith(configStore: ConfigStore): ConfigUseCaseDeps {
  return {
    clock: systemClock,
    configStore,
    auditTrail: TableAuditTrail.fromConnection(connection()),
    ehrReachability: { check: async () => ({ ok: true, fhirVersion: '4.0.1', smart: { authorizationEndpoint: 'https://ehr.example/authorize', tokenEndpoint: 'https://ehr.example/token' } }) },
    phoneNumberProvider: new LocalPhoneNumberProvider(systemClock, 0),
    approverSignIn: {
      begin: async ({ iss, redirectUri }) => {
        const state = randomBytes(24).toString('base64url');
        return { authorizeUrl: `${iss}/authorize`, pending: { iss, state, codeVerifier: randomBytes(32).toString('base64url'), redirectUri } };
      },
      complete: async () => ({ ehrUserId: 'Practitioner/analyst' }),
    },
    approvalSessions: TableApprovalSessionStore.fromConnection(connection()),
    publicBaseUrl: 'https://connector.example',
    allowPrivateNetworkUrls: false,
  };
}

beforeAll(async () => {
  await provisionStorage(testSettings());
});

const actions = async (deps: ConfigUseCaseDeps, tenantId: string): Promise<string[]> =>
  (await readAuditTrail(deps, { principal: admin(tenantId), tenantId, limit: '200', before: null })).entries.map((e) => e.action);

it('every audited change that is stored keeps its audit entry, even when the process dies right after the write', async () => {
  const real = TableConfigStore.fromConnection(connection());
  const deps = depsWith(dyingAfterWrites(real));
  const tenantId = randomUUID();
  const caller = { principal: admin(tenantId), tenantId };
  const expected: string[] = [];
  /** Runs one change into the crash window: it must die there, and its entry must be the newest. */
  const dies = async (action: string, change: () => Promise<unknown>) => {
    crash.armed = true;
    await expect(change()).rejects.toThrow(DIED);
    expect(crash.armed).toBe(false);
    expected.unshift(action);
    expect(await actions(deps, tenantId)).toEqual(expected);
  };
  const baseUrl = async () => (await real.listBaseUrls(tenantId))[0]!;

  const org = { displayName: 'Lakeside Clinic', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' };
  await dies('organisation.create', () => saveOrganisation(deps, { ...caller, body: org, ifMatch: undefined }));
  const stored = await real.getOrganisation(tenantId);
  expect(stored?.value.displayName).toBe('Lakeside Clinic');
  await dies('organisation.update', () => saveOrganisation(deps, { ...caller, body: { ...org, displayName: 'Lakeside Health' }, ifMatch: stored!.etag }));

  await dies('baseUrl.create', () => addBaseUrl(deps, { ...caller, body: { url: `https://ehr-${randomBytes(4).toString('hex')}.example.org/api/FHIR/R4`, environment: 'test', vendor: 'epic', approverUpn: 'analyst@lakeside.example' } }));
  await dies('baseUrl.update', async () => changeBaseUrl(deps, { ...caller, baseUrlId: (await baseUrl()).value.id, body: { vendor: 'other' }, ifMatch: (await baseUrl()).etag }));
  expect((await baseUrl()).value.vendor).toBe('other');

  await dies('smsConsents.update', () => saveSmsConsents(deps, { ...caller, body: { sendOnBehalf: true, patientPhoneProcessing: true }, ifMatch: undefined }));
  await dies('phoneNumber.purchase.start', () => startPhoneNumberPurchase(deps, { ...caller, body: { country: 'US', areaCode: '608' } }));
  const [operation] = await real.listRunningOperations(tenantId);
  await dies('phoneNumber.purchase.done', () => pollOperation(deps, { ...caller, operationId: operation!.value.id }));
  const [number] = await real.listPhoneNumbers(tenantId);
  expect(number?.value.e164).toMatch(/^\+1608555/);
  await dies('baseUrl.sms.update', async () => saveBaseUrlSmsSettings(deps, {
    ...caller, baseUrlId: (await baseUrl()).value.id, body: { confirmation: true, reminders: true, reminderMinutesBefore: [60], phoneNumber: number!.value.e164 }, ifMatch: (await baseUrl()).etag,
  }));
  await dies('certificate.upload', () => uploadCertificate(deps, { ...caller, environment: 'test', body: { certificate: certificatePem }, ifMatch: undefined }));

  const pending = await baseUrl();
  const signIn = await startApprovalSignIn(deps, { principal: approver(tenantId), tenantId, baseUrlId: pending.value.id });
  await finishApprovalSignIn(deps, { state: signIn.signInState, code: 'code', error: null });
  await dies('baseUrl.approve', () => confirmApproval(deps, { principal: approver(tenantId), tenantId, baseUrlId: pending.value.id, body: { signInState: signIn.signInState }, ifMatch: pending.etag }));
  expect((await baseUrl()).value.approval.state).toBe('approved');

  await dies('baseUrl.delete', async () => removeBaseUrl(deps, { ...caller, baseUrlId: (await baseUrl()).value.id, ifMatch: (await baseUrl()).etag }));
  expect(await real.listBaseUrls(tenantId)).toEqual([]);

  // The entries say who changed what, old and new.
  const entries = (await readAuditTrail(deps, { ...caller, limit: '200', before: null })).entries;
  expect(entries.find((e) => e.action === 'organisation.update')).toMatchObject({ actor: { upn: 'admin@lakeside.example' }, changes: [{ field: 'displayName', old: 'Lakeside Clinic', new: 'Lakeside Health' }] });
});

it('storage refusing the write, or a stale ETag, leaves neither the change nor an entry', async () => {
  const client = tableClient(connection(), TABLES.config);
  const refusing = new Proxy(client, {
    get(target, name, receiver) {
      if (name === 'submitTransaction') return async () => Promise.reject(Object.assign(new Error('storage unavailable'), { statusCode: 503 }));
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
  const failing: TableClient = refusing;
  const deps = depsWith(new TableConfigStore(failing));
  const tenantId = randomUUID();
  const caller = { principal: admin(tenantId), tenantId };
  const org = { displayName: 'Lakeside Clinic', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' };
  await expect(saveOrganisation(deps, { ...caller, body: org, ifMatch: undefined })).rejects.toMatchObject({ code: 'upstream_unavailable' });
  expect(await deps.configStore.getOrganisation(tenantId)).toBeUndefined();
  expect(await actions(deps, tenantId)).toEqual([]);

  const working = depsWith(TableConfigStore.fromConnection(connection()));
  await saveOrganisation(working, { ...caller, body: org, ifMatch: undefined });
  const stale = (await working.configStore.getOrganisation(tenantId))!.etag;
  await saveOrganisation(working, { ...caller, body: { ...org, displayName: 'Second' }, ifMatch: stale });
  await expect(saveOrganisation(working, { ...caller, body: { ...org, displayName: 'Third' }, ifMatch: stale })).rejects.toMatchObject({ code: 'precondition_failed' });
  await expect(removeBaseUrlOf(working, tenantId)).rejects.toMatchObject({ code: 'precondition_failed' });
  expect((await working.configStore.getOrganisation(tenantId))!.value.displayName).toBe('Second');
  expect(await actions(working, tenantId)).toEqual(['baseUrl.create', 'organisation.update', 'organisation.create']);
});

/** Adds a base URL, changes it, then tries to delete it with the ETag from before the change. */
async function removeBaseUrlOf(deps: ConfigUseCaseDeps, tenantId: string): Promise<void> {
  const caller = { principal: admin(tenantId), tenantId };
  const added = await addBaseUrl(deps, { ...caller, body: { url: `https://ehr-${randomBytes(4).toString('hex')}.example.org/api/FHIR/R4`, environment: 'test', vendor: 'epic' } });
  const bumped = await deps.configStore.updateBaseUrl({ ...added.value, vendor: 'other' }, added.etag);
  expect(bumped.etag).not.toBe(added.etag);
  await removeBaseUrl(deps, { ...caller, baseUrlId: added.value.id, ifMatch: added.etag });
}
