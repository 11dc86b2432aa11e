import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { LocalKeySource } from '../../../shared/adapters/localkeys/local-key-source';
import { authorizeUrl } from '../../../shared/smart/authorize-url';
import { signClientAssertion } from '../../../shared/smart/client-assertion';
import { SmartDiscovery } from '../../../shared/smart/discovery';
import { newLaunchState, newPkce, pkceChallenge } from '../../../shared/smart/pkce';
import { nonceFor, nonceMatches } from '../../../shared/smart/nonce';
import { loadJose } from '../../../shared/smart/esm';

/** A loopback EHR whose discovery answers the tests set. */
async function stubEhr(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  return { url, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

describe('SMART discovery', () => {
  const clock = new FixedClock('2026-03-01T10:00:00Z');
  const discovery = () => new SmartDiscovery({ clock, ttlMs: 60_000, timeoutMs: 15_000, allowPrivateNetwork: true });

  it('reads .well-known/smart-configuration, caches it per iss for the TTL and shares one request between concurrent launches', async () => {
    const ehr = await stubEhr((req, res) => {
      if (req.url === '/fhir/.well-known/smart-configuration') {
        const base = `http://${req.headers.host}/fhir`;
        return json(res, 200, { issuer: base, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`, jwks_uri: `${base}/jwks`, code_challenge_methods_supported: ['S256'], capabilities: ['launch-ehr'] });
      }
      json(res, 404, {});
    });
    try {
      const d = discovery();
      const [a, b] = await Promise.all([d.discover(ehr.url), d.discover(ehr.url)]);
      expect(a).toBe(b);
      expect(a).toMatchObject({ source: 'smart-configuration', tokenEndpoint: `${ehr.url}/token`, codeChallengeMethods: ['S256'] });
      expect(ehr.hits).toHaveLength(1);
      clock.advance(59_000);
      await d.discover(ehr.url);
      expect(ehr.hits).toHaveLength(1);
      clock.advance(2_000);
      await d.discover(ehr.url);
      expect(ehr.hits).toHaveLength(2);
    } finally {
      await ehr.close();
    }
  });

  it('falls back to the CapabilityStatement OAuth URIs', async () => {
    const ehr = await stubEhr((req, res) => {
      if (req.url === '/fhir/metadata') {
        const base = `http://${req.headers.host}/fhir`;
        return json(res, 200, {
          resourceType: 'CapabilityStatement',
          rest: [{ security: { extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [{ url: 'authorize', valueUri: `${base}/auth` }, { url: 'token', valueUri: `${base}/tok` }] }] } }],
        });
      }
      json(res, 404, { error: 'no' });
    });
    try {
      expect(await discovery().discover(ehr.url)).toMatchObject({ source: 'capability-statement', authorizationEndpoint: `${ehr.url}/auth`, tokenEndpoint: `${ehr.url}/tok`, issuer: ehr.url });
    } finally {
      await ehr.close();
    }
  });

  it('refuses an EHR that does not offer S256', async () => {
    const ehr = await stubEhr((req, res) => {
      const base = `http://${req.headers.host}/fhir`;
      json(res, 200, { authorization_endpoint: `${base}/a`, token_endpoint: `${base}/t`, code_challenge_methods_supported: ['plain'] });
    });
    try {
      await expect(discovery().discover(ehr.url)).rejects.toMatchObject({ reason: 'EHR_PKCE_UNSUPPORTED' });
    } finally {
      await ehr.close();
    }
  });

  it('names an unreachable EHR or a 5xx EHR_METADATA_UNREACHABLE', async () => {
    const ehr = await stubEhr((_req, res) => json(res, 503, {}));
    const url = ehr.url;
    try {
      await expect(discovery().discover(url)).rejects.toMatchObject({ reason: 'EHR_METADATA_UNREACHABLE' });
    } finally {
      await ehr.close();
    }
    await expect(discovery().discover(url)).rejects.toMatchObject({ reason: 'EHR_METADATA_UNREACHABLE' });
  });

  it('refuses http endpoints unless private-network URLs are allowed (development)', async () => {
    const ehr = await stubEhr((req, res) => {
      const base = `http://${req.headers.host}/fhir`;
      json(res, 200, { authorization_endpoint: `${base}/a`, token_endpoint: `${base}/t`, code_challenge_methods_supported: ['S256'] });
    });
    try {
      const strict = new SmartDiscovery({ clock, ttlMs: 1000, timeoutMs: 15_000, allowPrivateNetwork: false });
      await expect(strict.discover(ehr.url)).rejects.toMatchObject({ reason: 'EHR_METADATA_UNREACHABLE' });
    } finally {
      await ehr.close();
    }
  });
});

describe('PKCE, state and the authorize URL', () => {
  it('makes a 256-bit state and an S256 challenge (RFC 7636 appendix B vector)', () => {
    expect(Buffer.from(newLaunchState(), 'base64url')).toHaveLength(32);
    expect(newLaunchState()).not.toBe(newLaunchState());
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const pkce = newPkce();
    expect(pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pkce.challenge).toBe(pkceChallenge(pkce.verifier));
  });

  it('carries every SMART parameter, aud = iss and S256', () => {
    const url = new URL(authorizeUrl({ authorizationEndpoint: 'https://ehr.example/oauth2/authorize?tenant=x', clientId: 'c1', redirectUri: 'https://app/cb', scope: 'launch openid fhirUser', state: 's', aud: 'https://ehr.example/R4', codeChallenge: 'ch', launch: 'L' }));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'x', response_type: 'code', client_id: 'c1', redirect_uri: 'https://app/cb', launch: 'L', scope: 'launch openid fhirUser', state: 's', aud: 'https://ehr.example/R4', code_challenge: 'ch', code_challenge_method: 'S256',
    });
  });
});

describe('OpenID nonce', () => {
  it('is sent when given, derived from the code verifier (unguessable, one per launch) and checked exactly', () => {
    const url = new URL(authorizeUrl({ authorizationEndpoint: 'https://ehr.example/authorize', clientId: 'c1', redirectUri: 'https://app/cb', scope: 'openid', state: 's', aud: 'https://ehr.example/R4', codeChallenge: 'ch', nonce: 'n-1' }));
    expect(url.searchParams.get('nonce')).toBe('n-1');
    const [a, b] = [newPkce().verifier, newPkce().verifier];
    expect(nonceFor(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(nonceFor(a)).toBe(nonceFor(a));
    expect(nonceFor(a)).not.toBe(nonceFor(b));
    expect(nonceFor(a)).not.toBe(pkceChallenge(a));
    expect(nonceMatches(nonceFor(a), nonceFor(a))).toBe(true);
    for (const other of [nonceFor(b), undefined, 42, '', `${nonceFor(a)}x`]) expect(nonceMatches(nonceFor(a), other)).toBe(false);
  });
});

describe('private_key_jwt client assertion and local keys', () => {
  for (const alg of ['RS384', 'ES384'] as const) {
    it(`signs a ${alg} assertion the published JWKS verifies, with iss = sub = client id, aud, exp <= 5 min, jti, kid`, async () => {
      const keys = new LocalKeySource(mkdtempSync(path.join(os.tmpdir(), 'keys-')), alg, () => new Date());
      const now = new Date();
      const assertion = await signClientAssertion(await keys.signingKey(), { clientId: 'c1', tokenEndpoint: 'https://ehr/token', now });
      const jose = await loadJose();
      const jwks = jose.createLocalJWKSet({ keys: (await keys.publicKeys()).map((k) => ({ ...k })) });
      const { payload, protectedHeader } = await jose.jwtVerify(assertion, jwks, { issuer: 'c1', subject: 'c1', audience: 'https://ehr/token', algorithms: [alg] });
      expect(protectedHeader.kid).toBe((await keys.publicKeys())[0]!.kid);
      expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);
      expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
      const second = await signClientAssertion(await keys.signingKey(), { clientId: 'c1', tokenEndpoint: 'https://ehr/token', now });
      expect(jose.decodeJwt(second).jti).not.toBe(payload.jti);
    });
  }

  it('keeps keys across restarts and rotates without downtime: next becomes current and was already published', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keys-'));
    const first = new LocalKeySource(dir, 'RS384', () => new Date());
    const [current, next] = await first.publicKeys();
    expect((await new LocalKeySource(dir, 'RS384', () => new Date()).publicKeys()).map((k) => k.kid)).toEqual([current!.kid, next!.kid]);
    await first.rotate();
    const after = await first.publicKeys();
    expect(after[0]!.kid).toBe(next!.kid);
    expect(after[1]!.kid).not.toBe(current!.kid);
    expect((await first.signingKey()).kid).toBe(next!.kid);
    expect(JSON.stringify(after)).not.toMatch(/"d"|PRIVATE/);
  });
});
