import { AdminApi } from '../../../portal/src/lib/api';
import { ApiProblem } from '../../../portal/src/lib/problem';

/** The portal's admin-API client against a recording fetch: paths, bearer, If-Match, ETags and problems. */
type Call = { url: string; init: RequestInit };
function recorder(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchImpl = async (input: string | URL | Request, init: RequestInit = {}) => {
    const call = { url: String(input), init };
    calls.push(call);
    return answer(call);
  };
  return { calls, fetchImpl: fetchImpl as typeof fetch };
}
const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const header = (call: Call | undefined, name: string) => new Headers(call?.init.headers).get(name);
const TENANT = '0f3e2d1c-0000-4000-8000-00000000abcd';
const organisation = { tenantId: TENANT, displayName: 'Riverside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US', createdAt: 'x', updatedAt: 'x' };

it('reads with the bearer token and answers the value with its ETag', async () => {
  const { calls, fetchImpl } = recorder(() => jsonResponse(200, organisation, { ETag: 'W/"1"' }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl);
  const read = await api.readOrganisation();
  expect(read).toEqual({ value: expect.objectContaining({ displayName: 'Riverside', geography: 'US' }), etag: 'W/"1"' });
  expect(calls[0]?.url).toBe(`/api/tenants/${TENANT}/organisation`);
  expect(header(calls[0], 'authorization')).toBe('Bearer tok');
  expect(header(calls[0], 'if-match')).toBeNull();
});

it('sends the ETag it was given back as If-Match, and a JSON body', async () => {
  const { calls, fetchImpl } = recorder(() => jsonResponse(200, organisation, { ETag: 'W/"2"' }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl);
  await api.saveOrganisation({ displayName: 'Riverside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' }, 'W/"1"');
  expect(calls[0]?.init.method).toBe('PUT');
  expect(header(calls[0], 'if-match')).toBe('W/"1"');
  expect(header(calls[0], 'content-type')).toBe('application/json');
  expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ displayName: 'Riverside', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' });
});

it('turns a 412 into a stale-edit problem and a 401 into a sign-in prompt', async () => {
  const unauthorized: ApiProblem[] = [];
  const { fetchImpl } = recorder((call) => call.init.method === 'PUT'
    ? jsonResponse(412, { code: 'precondition_failed', detail: 'The resource changed since you read it.', reason: 'ETAG_MISMATCH' }, { 'Content-Type': 'application/problem+json' })
    : jsonResponse(401, { code: 'unauthorized', detail: 'Your sign-in has expired; sign in again.', reason: 'TOKEN_EXPIRED' }, { 'Content-Type': 'application/problem+json' }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl, (p) => unauthorized.push(p));
  await expect(api.saveConsents({ sendOnBehalf: true, patientPhoneProcessing: true }, 'W/"old"')).rejects.toMatchObject({ isStale: true, reason: 'ETAG_MISMATCH' });
  expect(unauthorized).toEqual([]);
  await expect(api.listBaseUrls()).rejects.toMatchObject({ status: 401, reason: 'TOKEN_EXPIRED' });
  expect(unauthorized.map((p) => p.reason)).toEqual(['TOKEN_EXPIRED']);
});

it('says so when the connector cannot be reached or answers in an unknown shape', async () => {
  const down = new AdminApi('/api', TENANT, async () => 'tok', (async () => { throw new TypeError('fetch failed'); }) as typeof fetch);
  await expect(down.readAudit()).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('could not be reached') });
  const odd = new AdminApi('/api', TENANT, async () => 'tok', recorder(() => jsonResponse(200, { baseUrls: 'nope' })).fetchImpl);
  await expect(odd.listBaseUrls()).rejects.toMatchObject({ code: 'unexpected_response' });
});

it('encodes path parts and answers a 204 removal with no value', async () => {
  const { calls, fetchImpl } = recorder(() => new Response(null, { status: 204 }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl);
  await expect(api.removeBaseUrl('a/b?c', 'W/"9"')).resolves.toEqual({ value: undefined, etag: undefined });
  expect(calls[0]?.url).toBe(`/api/tenants/${TENANT}/base-urls/a%2Fb%3Fc`);
  await expect(api.readAudit('1700000000000-abcdefabcdef')).rejects.toMatchObject({ code: 'unexpected_response' });
  expect(calls[1]?.url).toBe(`/api/tenants/${TENANT}/audit?limit=50&before=1700000000000-abcdefabcdef`);
});

it('changes a base URL with only the changed fields and If-Match, keeping the API notice', async () => {
  const notice = 'This base URL was approved; the change sent it back to pending approval. Launches, the scheduling feed and SMS for it stop until the approver approves it again.';
  const changed = { id: 'b1', url: 'https://ehr.example.org/fhir', environment: 'test', vendor: 'epic', approverUpn: 'lead@example.org', approval: { state: 'pending_approval', since: 'x', reason: 'changed after approval: approverUpn' }, sms: { confirmation: false, reminders: false, reminderMinutesBefore: [] }, hl7SenderId: 'VVX', notice };
  const { calls, fetchImpl } = recorder(() => jsonResponse(200, changed, { ETag: 'W/"3"' }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl);
  const saved = await api.changeBaseUrl('b1', { approverUpn: 'lead@example.org' }, 'W/"2"');
  expect(calls[0]).toMatchObject({ url: `/api/tenants/${TENANT}/base-urls/b1`, init: { method: 'PATCH', body: JSON.stringify({ approverUpn: 'lead@example.org' }) } });
  expect(header(calls[0], 'if-match')).toBe('W/"2"');
  expect(saved).toEqual({ value: expect.objectContaining({ notice, approval: expect.objectContaining({ state: 'pending_approval' }) }), etag: 'W/"3"' });
});

it('checks a connection: the FHIR version when the EHR answers, the named reason when it does not', async () => {
  const { calls, fetchImpl } = recorder((call) => call.url.endsWith('/good/check')
    ? jsonResponse(200, { ok: true, fhirVersion: '4.0.1', smart: { authorizationEndpoint: 'https://ehr.example.org/authorize', tokenEndpoint: 'https://ehr.example.org/token' } })
    : jsonResponse(503, { code: 'upstream_unavailable', detail: 'https://old.example.org/fhir is a DSTU2 endpoint (FHIR 1.0.2); an R4 endpoint is required.', reason: 'BASE_URL_NOT_R4', invocationId: 'inv-7' }, { 'Content-Type': 'application/problem+json' }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl);
  await expect(api.checkBaseUrl('good')).resolves.toMatchObject({ value: { ok: true, fhirVersion: '4.0.1' } });
  expect(calls[0]).toMatchObject({ url: `/api/tenants/${TENANT}/base-urls/good/check`, init: { method: 'POST' } });
  await expect(api.checkBaseUrl('old')).rejects.toMatchObject({ status: 503, reason: 'BASE_URL_NOT_R4', message: expect.stringContaining('is a DSTU2 endpoint'), invocationId: 'inv-7' });
});

it('lists the running operations of the tenant', async () => {
  const operation = { id: '11111111-1111-4111-8111-111111111111', kind: 'phone_number_purchase', status: 'running', createdAt: 'x', createdBy: 'admin@example.org', request: { country: 'US' }, href: '/api/x' };
  const { calls, fetchImpl } = recorder(() => jsonResponse(200, { operations: [operation] }));
  const api = new AdminApi('/api', TENANT, async () => 'tok', fetchImpl);
  await expect(api.listRunningOperations()).resolves.toMatchObject({ value: { operations: [{ id: operation.id, createdBy: 'admin@example.org' }] } });
  expect(calls[0]).toMatchObject({ url: `/api/tenants/${TENANT}/operations`, init: { method: 'GET' } });
});
