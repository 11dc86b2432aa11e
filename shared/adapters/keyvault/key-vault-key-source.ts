import { CryptographyClient, KeyClient, type JsonWebKey as KvJwk, type KeyProperties, type KeyVaultKey } from '@azure/keyvault-keys';
import type { TokenCredential } from '@azure/identity';
import type { KeySource, PublicJwk, SigningAlgorithm, SigningKey } from '../../ports/key-source';
import { jwkThumbprint } from '../localkeys/thumbprint';

/**
 * Signing keys in Azure Key Vault. Chosen approach: sign with the Key Vault key
 * (`CryptographyClient.signData`), not load a certificate's private key into the function.
 * Why: the private key is created in and never leaves Key Vault (it can be HSM-backed and
 * non-exportable), nothing secret sits in function memory or logs, and rotation is a new
 * key *version*, which Key Vault already models. The cost is one Key Vault call per launch
 * (a few ms inside Azure), well below the EHR round trips of the same launch.
 *
 * Rotation without downtime: create a new version of the key with `notBefore` one or two
 * days ahead. Until then it is published in the JWKS as the *next* key (EHRs sync it); from
 * `notBefore` on it is the newest active version and becomes *current* automatically.
 */
export interface KeyVaultKeySourceOptions {
  vaultUrl: string;
  keyName: string;
  alg: SigningAlgorithm;
  credential: TokenCredential;
  now: () => Date;
  /** How long the list of key versions is reused (default 5 minutes). */
  refreshMs?: number;
  /** Tests against a loopback stub. */
  clientOptions?: { allowInsecureConnection?: boolean; disableChallengeResourceVerification?: boolean };
}

interface VersionedKey {
  keyId: string;
  kid: string;
  publicJwk: PublicJwk;
  vaultKey: KeyVaultKey;
}

export class KeyVaultKeySource implements KeySource {
  private readonly client: KeyClient;
  private cached: { at: number; current: VersionedKey; next?: VersionedKey } | undefined;
  /** One crypto client per key version, reused: it keeps its challenge state and token, so a warm signature is one Key Vault request. */
  private readonly signers = new Map<string, CryptographyClient>();

  constructor(private readonly options: KeyVaultKeySourceOptions) {
    this.client = new KeyClient(options.vaultUrl, options.credential, { ...options.clientOptions });
  }

  async signingKey(): Promise<SigningKey> {
    const { current } = await this.versions();
    const crypto = this.cryptographyClient(current);
    return {
      kid: current.kid,
      alg: this.options.alg,
      sign: async (data) => (await crypto.signData(this.options.alg, data)).result,
    };
  }

  async publicKeys(): Promise<PublicJwk[]> {
    const { current, next } = await this.versions();
    return next ? [current.publicJwk, next.publicJwk] : [current.publicJwk];
  }

  private cryptographyClient(key: VersionedKey): CryptographyClient {
    let client = this.signers.get(key.keyId);
    if (!client) {
      // Built from the key already read, so the client needs no GET of its own before signing.
      client = new CryptographyClient(key.vaultKey, this.options.credential, { ...this.options.clientOptions });
      for (const old of this.signers.keys()) if (old !== this.cached?.next?.keyId) this.signers.delete(old);
      this.signers.set(key.keyId, client);
    }
    return client;
  }

  private async versions(): Promise<{ current: VersionedKey; next?: VersionedKey }> {
    const now = this.options.now().getTime();
    if (this.cached && now - this.cached.at < (this.options.refreshMs ?? 300_000)) return this.cached;
    const usable: KeyProperties[] = [];
    for await (const properties of this.client.listPropertiesOfKeyVersions(this.options.keyName)) {
      if (properties.enabled === false) continue;
      if (properties.expiresOn && properties.expiresOn.getTime() <= now) continue;
      usable.push(properties);
    }
    const newestFirst = usable.sort((a, b) => (b.createdOn?.getTime() ?? 0) - (a.createdOn?.getTime() ?? 0));
    const active = newestFirst.find((p) => !p.notBefore || p.notBefore.getTime() <= now);
    const pending = newestFirst.find((p) => p.notBefore !== undefined && p.notBefore.getTime() > now);
    if (!active?.version) {
      throw new Error(`Key Vault key "${this.options.keyName}" has no enabled, active version: enable or create a version of it in ${this.options.vaultUrl} (KEY_VAULT_KEY_NAME names the key)`);
    }
    const current = await this.load(active.version);
    const next = pending?.version ? await this.load(pending.version) : undefined;
    this.cached = { at: now, current, ...(next ? { next } : {}) };
    return this.cached;
  }

  private async load(version: string): Promise<VersionedKey> {
    const key = await this.client.getKey(this.options.keyName, { version });
    if (!key.id || !key.key) throw new Error(`Key Vault key "${this.options.keyName}" version ${version} has no public key`);
    const problem = keyTypeProblem(key.key, this.options.alg);
    if (problem) throw new Error(`Key Vault key "${this.options.keyName}" version ${version} ${problem}`);
    const jwk = publicJwk(key.key, this.options.alg);
    return { keyId: key.id, kid: jwk.kid, publicJwk: jwk, vaultKey: key };
  }
}

/** A key of the wrong type would publish an empty JWK and every EHR would refuse our assertions: say so instead. */
function keyTypeProblem(key: KvJwk, alg: SigningAlgorithm): string | undefined {
  const rsa = key.kty === 'RSA' || key.kty === 'RSA-HSM';
  const p384 = (key.kty === 'EC' || key.kty === 'EC-HSM') && key.crv === 'P-384';
  if (alg === 'RS384' ? rsa : p384) return undefined;
  const needed = alg === 'RS384' ? 'an RSA key' : 'an EC key on curve P-384';
  return `is ${key.kty ?? 'of unknown type'}${key.crv ? ` ${key.crv}` : ''}, but SMART_CLIENT_ASSERTION_ALG=${alg} needs ${needed}: create the key with that type, or change SMART_CLIENT_ASSERTION_ALG`;
}

function publicJwk(key: KvJwk, alg: SigningAlgorithm): PublicJwk {
  const b64 = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('base64url') : '');
  if (alg === 'RS384') {
    const members = { kty: 'RSA', n: b64(key.n), e: b64(key.e) };
    return { ...members, kid: jwkThumbprint(members), alg, use: 'sig' };
  }
  const members = { kty: 'EC', crv: 'P-384', x: b64(key.x), y: b64(key.y) };
  return { ...members, kid: jwkThumbprint(members), alg, use: 'sig' };
}
