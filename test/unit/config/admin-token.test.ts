import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JoseAdminTokenVerifier } from '../../../shared/adapters/adminauth/jose-token-verifier';
import { devIssuerJwks, loadOrCreateDevIssuerKey, signDevToken } from '../../../shared/adapters/devauth/dev-issuer';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { DomainError } from '../../../shared/domain/errors';
import { loadJose } from '../../../shared/smart/esm';
import { main as devToken } from '../../../dev/token';

const tenantId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'admin-token-'));
const keyFile = path.join(dir(), 'key.json');
const key = loadOrCreateDevIssuerKey(keyFile);
const clock = new FixedClock('2026-05-01T12:00:00Z');
const options = { issuer: 'http://127.0.0.1:7071/api/dev-issuer', jwksUrl: 'http://unused', audience: 'api://connector', adminRole: 'Connector.Admin', readerRole: 'Connector.Reader', clock };

async function verifier() {
  const jose = await loadJose();
  return new JoseAdminTokenVerifier(options, jose.createLocalJWKSet(devIssuerJwks(key) as never));
}
const sign = (overrides: Partial<Parameters<typeof signDevToken>[1]> = {}) =>
  signDevToken(key, { issuer: options.issuer, audience: options.audience, tenantId, user: 'Admin@Contoso.example', role: 'admin', adminRoleName: 'Connector.Admin', readerRoleName: 'Connector.Reader', now: clock.now(), ...overrides });
const reason = (p: Promise<unknown>) => p.then(() => 'accepted', (e: unknown) => (e instanceof DomainError ? `${e.code}:${e.reason}` : String(e)));

describe('admin tokens from the dev issuer', () => {
  it('verify to the tenant, user and roles', async () => {
    const v = await verifier();
    expect(await v.verify(await sign())).toMatchObject({ tenantId, upn: 'admin@contoso.example', roles: ['admin'] });
    expect((await v.verify(await sign({ role: 'reader' }))).roles).toEqual(['reader']);
    expect((await v.verify(await sign({ role: 'approver' }))).roles).toEqual([]);
  });

  it('refuse expired, foreign-issuer, wrong-audience, unsigned and tenant-less tokens', async () => {
    const v = await verifier();
    expect(await reason(v.verify(await sign({ now: new Date('2026-05-01T09:00:00Z') })))).toBe('unauthorized:TOKEN_EXPIRED');
    expect(await reason(v.verify(await sign({ issuer: 'https://login.microsoftonline.com/x/v2.0' })))).toBe('unauthorized:TOKEN_INVALID');
    expect(await reason(v.verify(await sign({ audience: 'api://other' })))).toBe('unauthorized:TOKEN_INVALID');
    expect(await reason(v.verify(await sign({ claims: { tid: 'not-a-guid' } })))).toBe('unauthorized:TOKEN_INVALID');
    const [h, p] = (await sign()).split('.');
    expect(await reason(v.verify(`${h}.${p}.`))).toBe('unauthorized:TOKEN_INVALID');
    const other = loadOrCreateDevIssuerKey(path.join(dir(), 'k.json'));
    expect(await reason(v.verify(await signDevToken({ ...other, kid: key.kid }, { issuer: options.issuer, audience: options.audience, tenantId, user: 'a@b.example', role: 'admin', adminRoleName: 'Connector.Admin', readerRoleName: 'R', now: clock.now() })))).toBe('unauthorized:TOKEN_INVALID');
  });

  it('accepts the Entra multi-tenant issuer only for the token\'s own tenant', async () => {
    const jose = await loadJose();
    const v = new JoseAdminTokenVerifier({ ...options, issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' }, jose.createLocalJWKSet(devIssuerJwks(key) as never));
    expect((await v.verify(await sign({ issuer: `https://login.microsoftonline.com/${tenantId}/v2.0` }))).tenantId).toBe(tenantId);
    expect(await reason(v.verify(await sign({ issuer: 'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0' })))).toBe('unauthorized:TOKEN_INVALID');
  });

  it('npm run dev:token prints a token the dev issuer key verifies, and explains bad arguments', async () => {
    const file = path.join(dir(), 'shared-key.json');
    const token = await devToken(['--tenant', tenantId, '--role', 'reader', '--user', 'reader@contoso.example'], { DEV_ISSUER_KEY_FILE: file, PUBLIC_BASE_URL: 'http://127.0.0.1:7071' });
    const jose = await loadJose();
    const { payload } = await jose.jwtVerify(token, jose.createLocalJWKSet(devIssuerJwks(loadOrCreateDevIssuerKey(file)) as never), { issuer: 'http://127.0.0.1:7071/api/dev-issuer' });
    expect(payload).toMatchObject({ tid: tenantId, preferred_username: 'reader@contoso.example', roles: ['Connector.Reader'] });
    await expect(devToken(['--tenant', 'x', '--role', 'boss', '--user', 'nope'], {})).rejects.toThrow(/--tenant must be a tenant GUID\n--role must be one of admin, approver, reader\n--user/);
  });
});
