import { randomBytes, randomUUID } from 'node:crypto';
import { buildFeedDeps } from '../../../functions/_lib/deps/feed';
import { provisionStorage } from '../../../shared/adapters/provision';
import { TableApprovalSessionStore } from '../../../shared/adapters/tables/config-approval-sessions';
import { TableAuditTrail } from '../../../shared/adapters/tables/config-audit-table';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { tableClient, tableServiceClient } from '../../../shared/adapters/tables/table-client';
import type { AdminPrincipal } from '../../../shared/domain/config/access';
import { DEFAULT_SMS_SETTINGS, type BaseUrl } from '../../../shared/domain/config/base-url';
import { silentLogger } from '../../../shared/observability/logger';
import type { ApproverSignIn } from '../../../shared/ports/approver-sign-in';
import { confirmApproval, finishApprovalSignIn, SIGN_IN_MINUTES, startApprovalSignIn } from '../../../shared/usecases/config/approval';
import { runPurgeTick } from '../../../shared/usecases/feed/run-purge-tick';
import { testSettings } from '../../support/settings';

/**
 * Approver sign-ins (config table, partition `approval-signin`) do not outlive their use: the
 * approval deletes the one it used, an expired one is deleted when it is read, and the purge
 * timer deletes the expired ones nobody reads again. On Azurite, with the sign-ins in a table
 * of this test's own (the purge sweeps the whole partition).
 */
const connection = (): string => process.env.TEST_STORAGE_CONNECTION ?? '';
const sessionTable = `signins${randomBytes(5).toString('hex')}`;
let sessions: TableApprovalSessionStore;
const configStore = () => TableConfigStore.fromConnection(connection());
const clock = { ms: Date.parse('2030-03-01T12:00:00Z'), now(): Date { return new Date(this.ms); } };
const signIn: ApproverSignIn = {
  begin: async ({ iss, redirectUri }) => {
    const state = randomBytes(24).toString('base64url');
    return { authorizeUrl: `${iss}/authorize?state=${state}`, pending: { iss, state, codeVerifier: randomBytes(32).toString('base64url'), redirectUri } };
  },
  complete: async () => ({ ehrUserId: 'Practitioner/approver-1' }),
};
const deps = () => ({
  clock, configStore: configStore(), auditTrail: TableAuditTrail.fromConnection(connection()), approverSignIn: signIn, approvalSessions: sessions, publicBaseUrl: 'https://connector.example',
});
const rows = async (): Promise<string[]> => {
  const out: string[] = [];
  for await (const row of tableClient(connection(), sessionTable).listEntities()) out.push(row.rowKey ?? '');
  return out.sort();
};

beforeAll(async () => {
  await provisionStorage(testSettings());
  await tableServiceClient(connection()).createTable(sessionTable);
  sessions = new TableApprovalSessionStore(tableClient(connection(), sessionTable));
});
afterAll(async () => {
  await tableServiceClient(connection()).deleteTable(sessionTable);
});

async function pendingBaseUrl(): Promise<{ baseUrl: BaseUrl; approver: AdminPrincipal }> {
  const tenantId = randomUUID();
  const at = clock.now().toISOString();
  const store = configStore();
  await store.createOrganisation({ tenantId, displayName: 'Lakeside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US', createdAt: at, updatedAt: at });
  const baseUrl: BaseUrl = {
    tenantId, id: `b${randomBytes(6).toString('hex')}`, url: `https://ehr-${randomBytes(4).toString('hex')}.example.org/api/FHIR/R4`, environment: 'test', vendor: 'epic',
    approverUpn: 'analyst@lakeside.example', approval: { state: 'pending_approval', since: at }, sms: DEFAULT_SMS_SETTINGS,
    hl7SenderId: `T${randomBytes(6).toString('hex').toUpperCase()}`, createdAt: at, updatedAt: at,
  };
  await store.createBaseUrl(baseUrl);
  return { baseUrl, approver: { tenantId, userId: 'user-analyst', upn: 'analyst@lakeside.example', roles: [] } };
}

const start = (b: { baseUrl: BaseUrl; approver: AdminPrincipal }) => startApprovalSignIn(deps(), { principal: b.approver, tenantId: b.baseUrl.tenantId, baseUrlId: b.baseUrl.id });

it('the approval deletes the sign-in it used; the same sign-in cannot approve again', async () => {
  const b = await pendingBaseUrl();
  const { signInState } = await start(b);
  await finishApprovalSignIn(deps(), { state: signInState, code: 'code-1', error: null });
  expect(await rows()).toContain(signInState);
  const etag = (await configStore().getBaseUrl(b.baseUrl.tenantId, b.baseUrl.id))!.etag;
  const approved = await confirmApproval(deps(), { principal: b.approver, tenantId: b.baseUrl.tenantId, baseUrlId: b.baseUrl.id, body: { signInState }, ifMatch: etag });
  expect(approved.value.approval.state).toBe('approved');
  expect(await rows()).not.toContain(signInState);
  await expect(finishApprovalSignIn(deps(), { state: signInState, code: 'code-1', error: null })).rejects.toMatchObject({ reason: 'SIGN_IN_UNKNOWN' });
});

it('a sign-in read after it expired is deleted and answered as expired, at the callback and at the approval', async () => {
  const b = await pendingBaseUrl();
  const abandoned = await start(b);
  const finished = await start(b);
  await finishApprovalSignIn(deps(), { state: finished.signInState, code: 'code-2', error: null });
  clock.ms += (SIGN_IN_MINUTES + 1) * 60_000;
  try {
    await expect(finishApprovalSignIn(deps(), { state: abandoned.signInState, code: 'late', error: null })).rejects.toMatchObject({ code: 'conflict', reason: 'SIGN_IN_EXPIRED' });
    const etag = (await configStore().getBaseUrl(b.baseUrl.tenantId, b.baseUrl.id))!.etag;
    await expect(confirmApproval(deps(), { principal: b.approver, tenantId: b.baseUrl.tenantId, baseUrlId: b.baseUrl.id, body: { signInState: finished.signInState }, ifMatch: etag }))
      .rejects.toMatchObject({ code: 'conflict', reason: 'SIGN_IN_EXPIRED' });
    expect(await rows()).not.toContain(abandoned.signInState);
    expect(await rows()).not.toContain(finished.signInState);
    expect((await configStore().getBaseUrl(b.baseUrl.tenantId, b.baseUrl.id))!.value.approval.state).toBe('pending_approval');
  } finally {
    clock.ms -= (SIGN_IN_MINUTES + 1) * 60_000;
  }
});

it('the purge timer deletes expired sign-ins nobody comes back for (and unreadable rows), and keeps live ones', async () => {
  const b = await pendingBaseUrl();
  const abandoned = await start(b);
  clock.ms += 10 * 60_000;
  const live = await start(b);
  await tableClient(connection(), sessionTable).createEntity({ partitionKey: 'approval-signin', rowKey: 'corrupt-row-0123456789abcdef', kind: 'approvalsignin', data: '{"not":"a sign-in"}' });
  clock.ms += (SIGN_IN_MINUTES - 5) * 60_000;
  try {
    const purge = { ...buildFeedDeps(testSettings()).feed.purge, clock, geographies: [], approvalSignIns: sessions };
    const result = await runPurgeTick(purge, silentLogger);
    expect(result.forgottenSignIns).toBeGreaterThanOrEqual(2);
    const left = await rows();
    expect(left).toContain(live.signInState);
    expect(left).not.toContain(abandoned.signInState);
    expect(left).not.toContain('corrupt-row-0123456789abcdef');
    // The live one still works.
    await finishApprovalSignIn(deps(), { state: live.signInState, code: 'code-3', error: null });
  } finally {
    clock.ms -= (SIGN_IN_MINUTES + 5) * 60_000;
  }
});

it('the purge timer is wired to the config table in the app deps', () => {
  expect(buildFeedDeps(testSettings()).feed.purge.approvalSignIns).toBeInstanceOf(TableApprovalSessionStore);
});
