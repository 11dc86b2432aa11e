import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpRequest, InvocationContext, type HttpHandler, type HttpResponseInit } from '@azure/functions';
import { configureApp } from '../../../functions/_lib/app-context';
import { registeredFunctions } from '../../../functions/_lib/register';
import { JoseAdminTokenVerifier } from '../../../shared/adapters/adminauth/jose-token-verifier';
import { loadOrCreateDevIssuerKey } from '../../../shared/adapters/devauth/dev-issuer';
import { DirectoryPortalFiles } from '../../../shared/adapters/portalfiles/directory-portal-files';
import { loadJose } from '../../../shared/smart/esm';
import { DEFAULT_PORTAL_DEV_TENANT_ID } from '../../../shared/settings/portal';
import { portalClientConfig, portalPath } from '../../../shared/usecases/portal/serve-portal';
import { DEV_TENANT_ID } from '../../../dev/seed/development-tenant';
import { portalConfigSchema } from '../../../portal/src/lib/config';
import { SettingsError, loadSettings } from '../../../shared/settings';
import { testEnvironment, testSettings } from '../../support/settings';

/** The `portal` and `dev-issuer-token` functions called directly, over a small build on disk. */
require('../../../functions/portal');
require('../../../functions/dev-issuer-token');
const handler = (name: string): HttpHandler => {
  const found = registeredFunctions().find((d) => d.name === name);
  if (found?.kind !== 'http') throw new Error(`${name} is not registered`);
  return found.handler;
};
const context = () => new InvocationContext({ invocationId: 'test', functionName: 'portal', logHandler: () => undefined });

const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-unit-'));
const build = path.join(dir, 'dist');
mkdirSync(path.join(build, 'assets'), { recursive: true });
writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>portal</title>');
writeFileSync(path.join(build, 'assets', 'index-abc123.js'), 'console.log(1)');
writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
const keyFile = path.join(dir, 'dev-issuer.json');

async function get(url: string, params: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response: HttpResponseInit = await handler('portal')(new HttpRequest({ method: 'GET', url, params }), context());
  const body = response.body;
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  return { status: response.status ?? 200, headers: new Headers(response.headers as Record<string, string>), text };
}
const portal = (rest: string) => get(`http://127.0.0.1:7071/api/portal/${rest}`, { path: rest });

describe('the portal function', () => {
  beforeAll(() => configureApp(testSettings({ PORTAL_STATIC_DIR: build, DEV_ISSUER_KEY_FILE: keyFile })));

  it('redirects /api/portal to /api/portal/ so the app resolves its relative URLs', async () => {
    const r = await get('http://127.0.0.1:7071/api/portal');
    expect({ status: r.status, location: r.headers.get('location') }).toEqual({ status: 301, location: '/api/portal/' });
  });

  it('serves index.html with a strict CSP, and hashed assets as immutable', async () => {
    const index = await portal('');
    expect(index).toMatchObject({ status: 200, text: '<!doctype html><title>portal</title>' });
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const asset = await portal('assets/index-abc123.js');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers app pages with the app, and a missing asset or a path trick with 404', async () => {
    expect((await portal('configuration')).text).toContain('<title>portal</title>');
    expect((await portal('assets/missing.js')).status).toBe(404);
    for (const trick of ['../secret.txt', 'assets/../../secret.txt', '..%2Fsecret.txt', '.hidden', 'a\\b']) {
      const r = await portal(trick);
      expect({ trick, status: r.status, leaked: r.text.includes('outside the build') }).toEqual({ trick, status: 404, leaked: false });
    }
  });

  it('gives the app its runtime configuration (dev sign-in here), in the shape the app parses', async () => {
    const r = await portal('config.json');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const config = portalConfigSchema.parse(JSON.parse(r.text));
    expect(config).toEqual({ apiBase: '/api', signIn: { mode: 'dev', suggestedTenantId: DEV_TENANT_ID }, roles: { admin: 'Connector.Admin', reader: 'Connector.Reader' } });
  });

  it('says the portal is not built instead of failing', async () => {
    configureApp(testSettings({ PORTAL_STATIC_DIR: path.join(dir, 'nothing-here'), DEV_ISSUER_KEY_FILE: keyFile }));
    const r = await portal('');
    expect({ status: r.status, text: r.text }).toEqual({ status: 503, text: 'The admin portal is not built: run npm run build.' });
    configureApp(testSettings({ PORTAL_STATIC_DIR: build, DEV_ISSUER_KEY_FILE: keyFile }));
  });
});

describe('the dev sign-in token endpoint', () => {
  const post = async (body: string, contentType = 'application/json') => {
    const response = await handler('dev-issuer-token')(new HttpRequest({ method: 'POST', url: 'http://127.0.0.1:7071/api/dev-issuer/token', headers: { 'content-type': contentType }, body: { string: body } }), context());
    return { status: response.status ?? 200, body: JSON.parse(String(response.body)) as Record<string, unknown> };
  };

  it('signs a token the admin API accepts, for the chosen tenant, user and role', async () => {
    const settings = testSettings({ PORTAL_STATIC_DIR: build, DEV_ISSUER_KEY_FILE: keyFile });
    configureApp(settings);
    const r = await post(JSON.stringify({ tenantId: '0F3E2D1C-0000-4000-8000-00000000ABCD', user: 'Admin@Contoso.example', role: 'admin' }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600 });
    const jose = await loadJose();
    const a = settings.adminAuth;
    const verifier = new JoseAdminTokenVerifier({ ...a, clock: { now: () => new Date() } }, jose.createLocalJWKSet({ keys: [loadOrCreateDevIssuerKey(keyFile).publicJwk] }));
    expect(await verifier.verify(String(r.body.accessToken))).toMatchObject({ tenantId: '0f3e2d1c-0000-4000-8000-00000000abcd', upn: 'admin@contoso.example', roles: ['admin'] });
  });

  it('names every bad field and signs nothing', async () => {
    configureApp(testSettings({ PORTAL_STATIC_DIR: build, DEV_ISSUER_KEY_FILE: keyFile }));
    const r = await post(JSON.stringify({ tenantId: 'contoso', user: 'nobody', role: 'owner', extra: 1 }));
    expect(r.status).toBe(400);
    expect((r.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['extra', 'role', 'tenantId', 'user']);
    expect(r.body.accessToken).toBeUndefined();
    expect((await post('role=admin', 'application/x-www-form-urlencoded')).status).toBe(400);
  });

  it('does not exist when the admin API trusts Entra ID', async () => {
    configureApp(testSettings({ ADMIN_AUTH_MODE: 'entra', ADMIN_AUTH_AUDIENCE: 'api://11111111-2222-4333-8444-555555555555', PORTAL_ENTRA_CLIENT_ID: '99999999-2222-4333-8444-555555555555', PORTAL_STATIC_DIR: build }));
    const r = await post(JSON.stringify({ tenantId: DEV_TENANT_ID, user: 'a@b.example', role: 'admin' }));
    expect({ status: r.status, reason: r.body.reason }).toEqual({ status: 404, reason: 'DEV_SIGN_IN_DISABLED' });
    const csp = (await portal('')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com");
    expect(csp).toContain('frame-src https://login.microsoftonline.com');
  });
});

describe('portal settings', () => {
  it('asks for the portal app registration when signing in with Entra ID, and derives its scope', () => {
    expect(() => loadSettings(testEnvironment({ ADMIN_AUTH_MODE: 'entra', ADMIN_AUTH_AUDIENCE: 'api://x-app' }))).toThrow(SettingsError);
    expect(() => loadSettings(testEnvironment({ ADMIN_AUTH_MODE: 'entra', ADMIN_AUTH_AUDIENCE: 'api://x-app' }))).toThrow(/PORTAL_ENTRA_CLIENT_ID: is required when ADMIN_AUTH_MODE=entra/);
    const entra = loadSettings(testEnvironment({ ADMIN_AUTH_MODE: 'entra', ADMIN_AUTH_AUDIENCE: 'api://x-app', PORTAL_ENTRA_CLIENT_ID: '99999999-2222-4333-8444-555555555555' }));
    expect(portalConfigSchema.parse(portalClientConfig(entra.portal)).signIn).toEqual({ mode: 'entra', clientId: '99999999-2222-4333-8444-555555555555', authority: 'https://login.microsoftonline.com/organizations', scopes: ['api://x-app/.default'] });
  });

  it("suggests npm start's development tenant on the dev sign-in page", () => {
    expect(DEFAULT_PORTAL_DEV_TENANT_ID).toBe(DEV_TENANT_ID);
  });
});

describe('portal paths and files', () => {
  it('accepts only plain relative paths', () => {
    expect(portalPath('')).toBe('index.html');
    expect(portalPath('/assets/a-1.js')).toBe('assets/a-1.js');
    for (const bad of ['..', 'a/../b', 'a//b', '.env', 'a/.git/x', 'a b', 'a\\b', 'x'.repeat(201)]) expect(portalPath(bad)).toBeUndefined();
  });

  it('reads only files listed in the build folder', async () => {
    const files = new DirectoryPortalFiles(build);
    expect(await files.isBuilt()).toBe(true);
    expect((await files.read('assets/index-abc123.js'))?.immutable).toBe(true);
    expect(await files.read('../secret.txt')).toBeUndefined();
    expect(await new DirectoryPortalFiles(path.join(dir, 'none')).isBuilt()).toBe(false);
  });
});
