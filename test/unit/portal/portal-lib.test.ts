import { generateKeyPairSync } from 'node:crypto';
import { signDevToken } from '../../../shared/adapters/devauth/dev-issuer';
import { missingItems, type ChecklistInput } from '../../../portal/src/lib/checklist';
import { parseIntervals } from '../../../portal/src/lib/format';
import { ApiProblem, problemFrom } from '../../../portal/src/lib/problem';
import { changeNeedsApproval, changeOf, connectedText, formOf } from '../../../portal/src/lib/base-url-change';
import { purchasesInProgress, purchaseText } from '../../../portal/src/lib/purchases';
import type { BaseUrl, Operation } from '../../../portal/src/lib/schemas';
import { pageFromHash, pagesFor, sessionFromToken } from '../../../portal/src/lib/session';

const roles = { admin: 'Connector.Admin', reader: 'Connector.Reader' };

describe('problems from the admin API', () => {
  it('keeps the message, reason, invocation id and per-field problems of problem+json', () => {
    const body = { type: 'about:blank', status: 400, title: 'The request is not valid', detail: 'The request is not valid: url must use https.', code: 'validation', errors: [{ field: 'url', message: 'must use https' }, { field: 'reminderMinutesBefore.1', message: 'must be at least 5 minutes' }, { field: 'reminderMinutesBefore', message: 'must not repeat an interval' }], invocationId: 'inv-1' };
    const problem = problemFrom(400, JSON.stringify(body), 'application/problem+json');
    expect(problem).toMatchObject({ status: 400, code: 'validation', message: body.detail, invocationId: 'inv-1', isStale: false });
    expect(problem.fieldMessage('url')).toBe('must use https');
    expect(problem.fieldMessage('reminderMinutesBefore')).toBe('must be at least 5 minutes; must not repeat an interval');
    expect(problem.fieldMessage('vendor')).toBeUndefined();
    expect(problem.otherFields(['url'])).toEqual([body.errors[1], body.errors[2]]);
  });

  it('recognises a stale edit and survives answers that are not problem+json', () => {
    expect(problemFrom(412, JSON.stringify({ code: 'precondition_failed', detail: 'changed', reason: 'ETAG_MISMATCH' }), 'application/problem+json')).toMatchObject({ isStale: true, reason: 'ETAG_MISMATCH' });
    expect(problemFrom(502, '<html>Bad gateway</html>', 'text/html')).toMatchObject({ status: 502, code: 'http_502', message: 'The request failed (HTTP 502).' });
    expect(problemFrom(500, '{not json', 'application/json')).toMatchObject({ code: 'http_500' });
    expect(problemFrom(400, JSON.stringify({ errors: 'oops' }), 'application/json')).toMatchObject({ code: 'http_400', fields: [] });
  });
});

describe('the signed-in session', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = { kid: 'k', privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }) } };
  const token = (role: 'admin' | 'approver' | 'reader') =>
    signDevToken(key, { issuer: 'http://x/api/dev-issuer', audience: 'api://a', tenantId: '0f3e2d1c-0000-4000-8000-00000000abcd', user: 'Analyst@Example.org', role, adminRoleName: roles.admin, readerRoleName: roles.reader, now: new Date('2026-05-01T10:00:00Z') });

  it('reads tenant, user, role and expiry from a dev-issuer token (as from an Entra ID one)', async () => {
    expect(sessionFromToken(await token('admin'), roles)).toMatchObject({ tenantId: '0f3e2d1c-0000-4000-8000-00000000abcd', upn: 'analyst@example.org', role: 'admin', expiresAt: Date.parse('2026-05-01T11:00:00Z') / 1000 });
    expect(sessionFromToken(await token('reader'), roles).role).toBe('reader');
    expect(sessionFromToken(await token('approver'), roles).role).toBe('approver');
  });

  it('refuses what is not a token with a tenant and an expiry', () => {
    expect(() => sessionFromToken('nonsense', roles)).toThrow('did not return a token');
    expect(() => sessionFromToken('a.%%%.c', roles)).toThrow('unreadable');
    expect(() => sessionFromToken(`a.${Buffer.from(JSON.stringify({ tid: 'x' })).toString('base64url')}.c`, roles)).toThrow('lacks the tenant or expiry');
  });

  it('shows each role only the pages it may open, and routes unknown hashes to the first', () => {
    expect(pagesFor('admin').map((p) => p.path)).toEqual(['configuration', 'sms', 'approve', 'review', 'audit']);
    expect(pagesFor('reader').map((p) => p.path)).toEqual(['configuration', 'sms', 'approve', 'review', 'audit']);
    expect(pagesFor('approver').map((p) => p.path)).toEqual(['approve', 'review']);
    expect(pageFromHash('#/sms', 'admin')).toBe('sms');
    expect(pageFromHash('#/sms', 'approver')).toBe('approve');
    expect(pageFromHash('', 'admin')).toBe('configuration');
    expect(pageFromHash('#/review?x=1', 'approver')).toBe('review');
  });
});

describe('the Review and finish checklist', () => {
  const base = (over: Partial<BaseUrl> = {}): BaseUrl => ({
    id: 'b1', url: 'https://ehr.example.org/fhir', environment: 'test', vendor: 'epic', approverUpn: 'analyst@example.org', hl7SenderId: 'VVX',
    approval: { state: 'approved', approvedAt: '2026-05-01T00:00:00Z', approvedBy: 'Practitioner/1', approverUpn: 'analyst@example.org' },
    sms: { confirmation: false, reminders: false, reminderMinutesBefore: [] }, ...over,
  });
  const certificate = { environment: 'test' as const, subject: 'CN=x', issuer: 'CN=x', thumbprintSha256: 'AA', thumbprintSha1: 'BB', notBefore: '', notAfter: '', key: { type: 'rsa' as const, bits: 2048 }, uploadedAt: '', uploadedBy: '', warnings: [] };
  const complete: ChecklistInput = {
    organisation: { displayName: 'Org', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' },
    baseUrls: [base()], consents: {}, phoneNumbers: [], certificates: { test: certificate, production: null },
  };
  const ids = (input: Partial<ChecklistInput>) => missingItems({ ...complete, ...input }).map((i) => i.id);

  it('is empty for a finished setup without SMS (production unused, so its certificate is not asked for)', () => {
    expect(missingItems(complete)).toEqual([]);
  });

  it('names the organisation, base URL, approver, approval and certificate still missing', () => {
    expect(ids({ organisation: null, baseUrls: [] })).toEqual(['organisation', 'base-url']);
    expect(ids({ baseUrls: [base({ approval: { state: 'draft' } }), base({ id: 'b2', approval: { state: 'pending_approval', since: 'x' } })] })).toEqual(['approver:b1', 'approval:b2']);
    expect(ids({ certificates: { test: null } })).toEqual(['certificate:test']);
    expect(ids({ certificates: { test: { ...certificate, warnings: ['expires in 3 day(s)'] } } })).toEqual(['certificate-expiry:test']);
    expect(missingItems({ ...complete, baseUrls: [base({ approval: { state: 'pending_approval', since: 'x' } })] })[0]).toEqual({ id: 'approval:b1', text: 'https://ehr.example.org/fhir is waiting for approval by analyst@example.org.', page: 'approve' });
  });

  it('names what SMS still lacks: a consent, a number, a link', () => {
    const given = { givenBy: 'a', givenAt: 'now' };
    expect(ids({ consents: { sendOnBehalf: given } })).toEqual(['consents']);
    expect(ids({ consents: { sendOnBehalf: given, patientPhoneProcessing: given }, phoneNumbers: [] })).toEqual(['phone-number']);
    const number = { e164: '+16085550100', country: 'US', purchasedAt: 'x' };
    expect(ids({ consents: { sendOnBehalf: given, patientPhoneProcessing: given }, phoneNumbers: [number] })).toEqual(['link-number']);
    expect(ids({ consents: { sendOnBehalf: given, patientPhoneProcessing: given }, phoneNumbers: [number], baseUrls: [base({ sms: { confirmation: true, reminders: false, reminderMinutesBefore: [], phoneNumber: number.e164 } })] })).toEqual([]);
    expect(ids({ consents: {}, baseUrls: [base({ sms: { confirmation: true, reminders: false, reminderMinutesBefore: [] } })] })).toEqual(['consents', 'sms-number:b1']);
  });

  it('asks nothing of what the person could not read (an approver)', () => {
    expect(missingItems({ organisation: undefined, baseUrls: [base()], consents: undefined, phoneNumbers: undefined, certificates: {} })).toEqual([]);
  });
});

describe('number purchases in progress and reminder intervals', () => {
  const op = (id: string, over: Partial<Operation> = {}): Operation => ({ id, kind: 'phone_number_purchase', status: 'running', createdAt: `2026-05-01T10:0${id}:00Z`, request: { country: 'US' }, ...over });

  it('shows the running number purchases from the API, oldest first, and nothing else', () => {
    const list = [op('3'), op('1'), op('2', { status: 'succeeded' }), op('4', { kind: 'certificate_rotation' }), op('5', { kind: undefined })];
    expect(purchasesInProgress(list).map((o) => o.id)).toEqual(['1', '3', '5']);
    expect(purchasesInProgress([])).toEqual([]);
  });

  it('says where the number is bought, when and by whom', () => {
    expect(purchaseText(op('1', { request: { country: 'US', areaCode: '608' }, createdBy: 'admin@riverside.example' }), '1 May 2026, 10:01 UTC'))
      .toBe('Creating a phone number in US (area code 608), started 1 May 2026, 10:01 UTC by admin@riverside.example. This can take a few minutes; you may leave this page and come back.');
    expect(purchaseText(op('1'), 'then')).toBe('Creating a phone number in US, started then. This can take a few minutes; you may leave this page and come back.');
  });

  it('reads reminder intervals as typed, keeping unreadable ones visible as NaN', () => {
    expect(parseIntervals('1440, 60 15')).toEqual([1440, 60, 15]);
    expect(parseIntervals('')).toEqual([]);
    expect(parseIntervals('60, 1h')).toEqual([60, Number.NaN]);
  });
});

it('ApiProblem is an Error with a readable message', () => {
  const problem = new ApiProblem(409, 'conflict', 'Set up the organisation first.', 'TENANT_CONFIG_NOT_FOUND');
  expect(problem).toBeInstanceOf(Error);
  expect(problem.message).toBe('Set up the organisation first.');
});

describe('changing a base URL', () => {
  const approved: BaseUrl = {
    id: 'b1', url: 'https://ehr.example.org/fhir', environment: 'test', vendor: 'epic', approverUpn: 'analyst@example.org', hl7SenderId: 'VVX',
    approval: { state: 'approved', approvedAt: '2026-05-01T00:00:00Z', approvedBy: 'Practitioner/1', approverUpn: 'analyst@example.org' },
    sms: { confirmation: false, reminders: false, reminderMinutesBefore: [] },
  };

  it('sends only the fields that changed, and nothing when none did', () => {
    expect(changeOf(approved, formOf(approved))).toBeUndefined();
    expect(changeOf(approved, { ...formOf(approved), url: ' https://ehr.example.org/fhir ', approverUpn: 'Analyst@Example.org ' })).toBeUndefined();
    expect(changeOf(approved, { ...formOf(approved), vendor: 'other' })).toEqual({ vendor: 'other' });
    expect(changeOf(approved, { ...formOf(approved), url: 'https://ehr2.example.org/fhir', environment: 'production' })).toEqual({ url: 'https://ehr2.example.org/fhir', environment: 'production' });
    expect(changeOf(approved, { ...formOf(approved), approverUpn: 'lead@example.org' })).toEqual({ approverUpn: 'lead@example.org' });
  });

  it('removes the approver when the field is emptied, and leaves a draft without one alone', () => {
    expect(changeOf(approved, { ...formOf(approved), approverUpn: '  ' })).toEqual({ approverUpn: null });
    const draft: BaseUrl = { ...approved, approval: { state: 'draft' } };
    delete draft.approverUpn;
    expect(formOf(draft).approverUpn).toBe('');
    expect(changeOf(draft, formOf(draft))).toBeUndefined();
  });

  it('warns before a change that takes an approved URL back to pending approval, not before a vendor change', () => {
    expect(changeNeedsApproval(approved, { approverUpn: 'lead@example.org' })).toBe(true);
    expect(changeNeedsApproval(approved, { environment: 'production' })).toBe(true);
    expect(changeNeedsApproval(approved, { approverUpn: null })).toBe(true);
    expect(changeNeedsApproval(approved, { vendor: 'other' })).toBe(false);
    expect(changeNeedsApproval(approved, undefined)).toBe(false);
    expect(changeNeedsApproval({ ...approved, approval: { state: 'pending_approval', since: 'x' } }, { url: 'https://x.example/fhir' })).toBe(false);
  });

  it('says what a successful connection check found', () => {
    expect(connectedText({ ok: true, fhirVersion: '4.0.1', smart: { authorizationEndpoint: 'https://ehr.example.org/oauth2/authorize', tokenEndpoint: 'https://ehr.example.org/oauth2/token' } }))
      .toBe('Connected: the EHR answers as a SMART-on-FHIR server (FHIR 4.0.1); sign-in at https://ehr.example.org/oauth2/authorize.');
  });
});
