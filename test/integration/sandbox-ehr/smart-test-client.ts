import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadJose } from '../../../dev/sandbox-ehr/jose';
import type { SandboxEhr } from '../../../dev/sandbox-ehr';

/**
 * A minimal SMART confidential client for testing the sandbox EHR from the outside: it serves its
 * JWKS on a free loopback port and speaks the authorize / token protocol by hand, so each test can
 * bend exactly one thing. (The product's own SMART client lives in shared/smart.)
 */
export interface TestClient {
  clientId: string;
  baseUrl: string;
  redirectUri: string;
  privateKey: KeyObject;
  kid: string;
  stop(): Promise<void>;
}

export async function startTestClient(sandbox: SandboxEhr, clientId = `test-client-${randomBytes(4).toString('hex')}`): Promise<TestClient> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(6).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS384', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/api/.well-known/jwks.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = sandbox.registerConnector({ baseUrl, clientId });
  return {
    clientId,
    baseUrl,
    redirectUri: client.redirectUris[0] ?? '',
    privateKey,
    kid,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(sandbox: SandboxEhr, client: TestClient, params: Record<string, string | undefined>): string {
  const u = new URL(sandbox.endpoints.authorize);
  const all: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: 'launch openid fhirUser user/Appointment.read user/Encounter.read user/Patient.read user/Practitioner.read',
    aud: sandbox.fhirBaseUrl,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

export interface AssertionOverrides {
  iss?: string;
  sub?: string;
  aud?: string;
  expiresIn?: number;
  jti?: string;
  alg?: 'RS384' | 'RS256';
  key?: KeyObject;
  kid?: string;
}

export async function clientAssertion(sandbox: SandboxEhr, client: TestClient, now: Date, o: AssertionOverrides = {}): Promise<string> {
  const jose = await loadJose();
  const iat = Math.floor(now.getTime() / 1000);
  return new jose.SignJWT({})
    .setProtectedHeader({ alg: o.alg ?? 'RS384', kid: o.kid ?? client.kid, typ: 'JWT' })
    .setIssuer(o.iss ?? client.clientId)
    .setSubject(o.sub ?? client.clientId)
    .setAudience(o.aud ?? sandbox.endpoints.token)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (o.expiresIn ?? 240))
    .setJti(o.jti ?? randomBytes(16).toString('hex'))
    .sign(o.key ?? client.privateKey);
}

export async function tokenRequest(sandbox: SandboxEhr, fields: Record<string, string | undefined>): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.set(k, v);
  const response = await fetch(sandbox.endpoints.token, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
  const body: unknown = await response.json();
  return { status: response.status, body: typeof body === 'object' && body !== null ? Object.fromEntries(Object.entries(body)) : {} };
}

/** Follows the authorize request one hop and returns the redirect's query (or the page status). */
export async function authorize(url: string): Promise<{ status: number; query: URLSearchParams; location: string | null }> {
  const response = await fetch(url, { redirect: 'manual' });
  const location = response.headers.get('location');
  await response.arrayBuffer();
  return { status: response.status, location, query: location ? new URL(location).searchParams : new URLSearchParams() };
}
