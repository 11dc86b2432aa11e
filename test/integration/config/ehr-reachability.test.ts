import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedGet } from '../../../shared/adapters/ehrcheck/guarded-get';
import { HttpEhrReachability } from '../../../shared/adapters/ehrcheck/http-ehr-reachability';

/** The base URL check against a loopback stub EHR whose answers each test picks, and the SSRF guard's DNS path. */
type Answer = { status: number; body: unknown } | 'hang';
let answers: Record<string, Answer> = {};
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers[new URL(req.url ?? '/', 'http://x').pathname];
    if (answer === 'hang') return;
    res.writeHead(answer?.status ?? 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer?.body ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/FHIR/R4`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const smart = { status: 200, body: { authorization_endpoint: 'https://ehr.example/oauth2/authorize', token_endpoint: 'https://ehr.example/oauth2/token', code_challenge_methods_supported: ['S256'] } };
const metadata = (fhirVersion: string) => ({ status: 200, body: { resourceType: 'CapabilityStatement', fhirVersion } });
/** A generous deadline so a loaded machine never turns an answer into TIMEOUT; only the hanging server waits for it. */
const HANG_DEADLINE_MS = 300;
const ANSWER_DEADLINE_MS = 15_000;
const check = (url = base, timeoutMs = ANSWER_DEADLINE_MS) => new HttpEhrReachability({ allowPrivateNetwork: true, timeoutMs }).check(url);

it('accepts a SMART-on-FHIR R4 server', async () => {
  answers = { '/api/FHIR/R4/.well-known/smart-configuration': smart, '/api/FHIR/R4/metadata': metadata('4.0.1') };
  expect(await check()).toMatchObject({ ok: true, fhirVersion: '4.0.1', smart: { tokenEndpoint: 'https://ehr.example/oauth2/token' } });
});

it.each([
  ['no SMART configuration', {}, 'NO_SMART_CONFIGURATION', /no SMART configuration at .*\.well-known\/smart-configuration/],
  ['SMART configuration without endpoints', { '/api/FHIR/R4/.well-known/smart-configuration': { status: 200, body: { issuer: 'x' } } }, 'NO_SMART_CONFIGURATION', /no SMART configuration/],
  ['no PKCE S256', { '/api/FHIR/R4/.well-known/smart-configuration': { status: 200, body: { ...smart.body, code_challenge_methods_supported: ['plain'] } }, '/api/FHIR/R4/metadata': metadata('4.0.1') }, 'NO_PKCE_S256', /does not offer PKCE with S256/],
  ['no PKCE methods listed', { '/api/FHIR/R4/.well-known/smart-configuration': { status: 200, body: { authorization_endpoint: 'https://ehr.example/oauth2/authorize', token_endpoint: 'https://ehr.example/oauth2/token' } }, '/api/FHIR/R4/metadata': metadata('4.0.1') }, 'NO_PKCE_S256', /does not offer PKCE with S256/],
  ['no metadata', { '/api/FHIR/R4/.well-known/smart-configuration': smart }, 'NO_METADATA', /no FHIR CapabilityStatement/],
  ['a DSTU2 endpoint', { '/api/FHIR/R4/.well-known/smart-configuration': smart, '/api/FHIR/R4/metadata': { status: 200, body: { resourceType: 'Conformance', fhirVersion: '1.0.2' } } }, 'NOT_R4', /is a DSTU2 endpoint \(FHIR 1\.0\.2\); an R4 endpoint is required/],
  ['an STU3 endpoint', { '/api/FHIR/R4/.well-known/smart-configuration': smart, '/api/FHIR/R4/metadata': metadata('3.0.2') }, 'NOT_R4', /STU3/],
  ['a server that does not answer', { '/api/FHIR/R4/.well-known/smart-configuration': 'hang' }, 'TIMEOUT', /did not answer in time/],
] as const)('names the reason for %s', async (_name, served, reason, message) => {
  answers = { ...served };
  const hangs = Object.values(served).some((answer) => answer === 'hang');
  const result = await check(base, hangs ? HANG_DEADLINE_MS : ANSWER_DEADLINE_MS);
  expect(result).toMatchObject({ ok: false, reason });
  if (!result.ok) expect(result.message).toMatch(message);
});

it('refuses loopback addresses reached through DNS unless the dev setting allows them', async () => {
  answers = { '/x': { status: 200, body: {} } };
  const port = (server.address() as AddressInfo).port;
  const strict = { allowPrivateNetwork: false, timeoutMs: ANSWER_DEADLINE_MS };
  expect(await guardedGet(new URL(`http://localhost:${port}/x`), {}, strict)).toMatchObject({ kind: 'blocked' });
  expect(await guardedGet(new URL(`http://127.0.0.1:${port}/x`), {}, strict)).toEqual({ kind: 'blocked', address: '127.0.0.1' });
  expect(await guardedGet(new URL(`http://localhost:${port}/x`), {}, { ...strict, allowPrivateNetwork: true })).toMatchObject({ kind: 'response', status: 200 });
  expect(await new HttpEhrReachability(strict).check(`http://localhost:${port}/fhir`)).toMatchObject({ ok: false, reason: 'ADDRESS_NOT_ALLOWED' });
});

it('does not follow redirects (a redirect cannot lead the check inside the network)', async () => {
  answers = { '/api/FHIR/R4/.well-known/smart-configuration': { status: 302, body: {} } };
  expect(await check()).toMatchObject({ ok: false, reason: 'NO_SMART_CONFIGURATION' });
});
