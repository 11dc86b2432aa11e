import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { KeyVaultKeySource } from '../../../shared/adapters/keyvault/key-vault-key-source';
import type { PublicJwk } from '../../../shared/ports/key-source';
import { signClientAssertion } from '../../../shared/smart/client-assertion';
import { loadJose } from '../../../shared/smart/esm';
import { KEY_VAULT_SCOPE, KEY_VAULT_TENANT, startKeyVaultStub, type KeyVaultStub } from './key-vault-stub';

/**
 * The Key Vault KeySource with the real `@azure/keyvault-keys` clients (KeyClient + CryptographyClient)
 * against a loopback Key Vault that goes through the 401 challenge, checks the bearer token and signs
 * with RSA keys it holds. The client assertions it signs are verified with jose against the JWKS the
 * KeySource publishes, before, during and after a rotation.
 *
 * Time: only `Date` is faked (the SDK and the stub both read it), so "two days later" really is
 * later for the vault, the SDK's own notBefore check and the KeySource alike. No timers are faked.
 */
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-10T08:00:00.000Z');
const CLIENT_ID = 'virtual-visit-connector';
const TOKEN_ENDPOINT = 'https://ehr.example/oauth2/token';

class FixedTokenCredential implements TokenCredential {
  readonly calls: { scopes: string[]; tenantId: string | undefined }[] = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.calls.push({ scopes: Array.isArray(scopes) ? scopes : [scopes], tenantId: options?.tenantId });
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

describe('Key Vault KeySource against a loopback Key Vault', () => {
  let vault: KeyVaultStub;
  beforeEach(async () => {
    jest.useFakeTimers({ now: T0, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    vault = await startKeyVaultStub();
  });
  afterEach(async () => {
    jest.useRealTimers();
    await vault.stop();
  });

  const keySource = (credential: TokenCredential, keyName = 'smart-signing', alg: 'RS384' | 'ES384' = 'RS384') =>
    new KeyVaultKeySource({
      vaultUrl: vault.url,
      keyName,
      alg,
      credential,
      now: () => new Date(),
      refreshMs: 60_000,
      clientOptions: { allowInsecureConnection: true, disableChallengeResourceVerification: true },
    });

  async function assertionVerifies(jwt: string, keys: PublicJwk[]): Promise<{ kid: string | undefined }> {
    const jose = await loadJose();
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, jose.createLocalJWKSet({ keys: keys.map((k) => ({ ...k })) }), {
      issuer: CLIENT_ID,
      subject: CLIENT_ID,
      audience: TOKEN_ENDPOINT,
      algorithms: ['RS384'],
      currentDate: new Date(),
    });
    expect(payload.jti).toEqual(expect.any(String));
    return { kid: protectedHeader.kid };
  }

  it('publishes current and next keys, signs with the current one, and rotates with no downtime', async () => {
    const current = vault.addVersion('smart-signing', { createdOn: new Date(T0 - 30 * DAY) });
    vault.addVersion('smart-signing', { createdOn: new Date(T0 - 10 * DAY), enabled: false });
    vault.addVersion('smart-signing', { createdOn: new Date(T0 - 5 * DAY), expiresOn: new Date(T0 - DAY) });
    const next = vault.addVersion('smart-signing', { createdOn: new Date(T0 - 3_600_000), notBefore: new Date(T0 + DAY) });
    const credential = new FixedTokenCredential(vault.token);
    const source = keySource(credential);

    // Before the rotation date: JWKS = current + next (public parts only); signing uses current.
    const published = await source.publicKeys();
    expect(published).toHaveLength(2);
    for (const key of published) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS384', use: 'sig' });
    }
    const [currentJwk, nextJwk] = published;
    const signer = await source.signingKey();
    expect(signer.kid).toBe(currentJwk!.kid);
    const jwt = await signClientAssertion(signer, { clientId: CLIENT_ID, tokenEndpoint: TOKEN_ENDPOINT, now: new Date() });
    expect(await assertionVerifies(jwt, published)).toEqual({ kid: currentJwk!.kid });
    // The signature is the vault's current private key's: the next key alone does not verify it.
    await expect(assertionVerifies(jwt, [nextJwk!])).rejects.toThrow();
    // Signing went to the current version, never to the disabled, expired or not-yet-active ones.
    const signed = vault.requests.filter((r) => r.path.endsWith('/sign') && r.authorized);
    expect(signed.map((r) => r.path)).toEqual([`/keys/smart-signing/${current.version}/sign`]);
    expect(signed[0]!.alg).toBe('RS384');

    // Two days later the next key is active: it signs, and an EHR that synced the JWKS before
    // the rotation (current + next) already trusts it.
    jest.setSystemTime(T0 + 2 * DAY);
    const rotated = await source.signingKey();
    expect(rotated.kid).toBe(nextJwk!.kid);
    const afterRotation = await signClientAssertion(rotated, { clientId: CLIENT_ID, tokenEndpoint: TOKEN_ENDPOINT, now: new Date() });
    expect(await assertionVerifies(afterRotation, published)).toEqual({ kid: nextJwk!.kid });
    expect((await source.publicKeys()).map((k) => k.kid)).toEqual([nextJwk!.kid]);
    expect(vault.requests.filter((r) => r.path.endsWith('/sign') && r.authorized).at(-1)?.path).toBe(`/keys/smart-signing/${next.version}/sign`);

    // The SDK answered the 401 challenge with the vault's scope and tenant, and only the
    // fixed token was ever accepted.
    expect(vault.requests.some((r) => !r.authorized)).toBe(true);
    expect(credential.calls.length).toBeGreaterThan(0);
    for (const call of credential.calls) expect(call).toEqual({ scopes: [KEY_VAULT_SCOPE], tenantId: KEY_VAULT_TENANT });
  });

  it('costs one Key Vault request per assertion once warm (the crypto client is reused)', async () => {
    vault.addVersion('smart-signing', { createdOn: new Date(T0 - DAY) });
    const source = keySource(new FixedTokenCredential(vault.token));
    await (await source.signingKey()).sign(Buffer.from('warm-up'));
    const before = vault.requests.length;
    for (let i = 0; i < 3; i++) await (await source.signingKey()).sign(Buffer.from(`assertion ${i}`));
    expect(vault.requests.slice(before).map((r) => `${r.method} ${r.authorized}`)).toEqual(Array.from({ length: 3 }, () => 'POST true'));
  });

  it('refuses to sign when the vault refuses the token, and names a key with no active version', async () => {
    vault.addVersion('smart-signing', { createdOn: new Date(T0 - DAY) });
    await expect(keySource(new FixedTokenCredential('not-the-vault-token')).signingKey()).rejects.toMatchObject({ statusCode: 401 });
    expect(vault.requests.every((r) => !r.authorized)).toBe(true);

    vault.addVersion('not-yet', { notBefore: new Date(T0 + DAY) });
    await expect(keySource(new FixedTokenCredential(vault.token), 'not-yet').signingKey()).rejects.toThrow('Key Vault key "not-yet" has no enabled, active version');
    await expect(keySource(new FixedTokenCredential(vault.token), 'missing').publicKeys()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('names a key whose type does not fit the assertion algorithm instead of publishing an empty key', async () => {
    vault.addVersion('rsa-for-es384', { createdOn: new Date(T0 - DAY) });
    await expect(keySource(new FixedTokenCredential(vault.token), 'rsa-for-es384', 'ES384').publicKeys()).rejects.toThrow(
      /Key Vault key "rsa-for-es384" version \S+ is RSA, but SMART_CLIENT_ASSERTION_ALG=ES384 needs an EC key on curve P-384/,
    );
  });
});
