import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { KeySource, PublicJwk, SigningAlgorithm, SigningKey } from '../../ports/key-source';
import { jwkThumbprint } from './thumbprint';

/**
 * Signing keys on the local disk, for development and tests. On first use the folder
 * (git-ignored `.local/keys/` by default) gets a current and a next key pair of the
 * configured algorithm; they stay there across restarts so an EHR that synced the JWKS
 * keeps trusting them. `rotate()` promotes next to current and makes a new next: the
 * published JWKS always holds both, so rotation needs no downtime.
 */
const storedKeySchema = z.object({ kid: z.string().min(1), alg: z.enum(['RS384', 'ES384']), privateKeyPem: z.string().min(1), createdAt: z.string() });
type StoredKey = z.infer<typeof storedKeySchema>;

interface LoadedKey {
  stored: StoredKey;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

export class LocalKeySource implements KeySource {
  private loaded: Promise<{ current: LoadedKey; next: LoadedKey }> | undefined;

  constructor(private readonly folder: string, private readonly alg: SigningAlgorithm, private readonly now: () => Date) {}

  async signingKey(): Promise<SigningKey> {
    const { current } = await this.keys();
    return signerFor(current);
  }

  async publicKeys(): Promise<PublicJwk[]> {
    const { current, next } = await this.keys();
    return [current.publicJwk, next.publicJwk];
  }

  /** Promotes the next key to current and creates a new next key. */
  async rotate(): Promise<void> {
    const { next } = await this.keys();
    const fresh = generate(this.alg, this.now());
    await writeAtomically(this.file('next'), fresh);
    await writeAtomically(this.file('current'), next.stored);
    this.loaded = undefined;
  }

  private keys(): Promise<{ current: LoadedKey; next: LoadedKey }> {
    this.loaded ??= (async () => {
      await mkdir(this.folder, { recursive: true, mode: 0o700 });
      const current = await this.loadOrCreate('current');
      const next = await this.loadOrCreate('next');
      return { current, next };
    })().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private file(role: 'current' | 'next'): string {
    return path.join(this.folder, `${this.alg.toLowerCase()}-${role}.json`);
  }

  private async loadOrCreate(role: 'current' | 'next'): Promise<LoadedKey> {
    const file = this.file(role);
    try {
      await writeFile(file, JSON.stringify(generate(this.alg, this.now()), null, 2), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stored = storedKeySchema.parse(JSON.parse(await readFile(file, 'utf8')));
    const privateKey = createPrivateKey(stored.privateKeyPem);
    return { stored, privateKey, publicJwk: publicJwkOf(privateKey, stored.kid, stored.alg) };
  }
}

function generate(alg: SigningAlgorithm, at: Date): StoredKey {
  const { privateKey } = alg === 'RS384' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const kid = jwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }));
  return { kid, alg, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), createdAt: at.toISOString() };
}

export function publicJwkOf(privateKey: KeyObject, kid: string, alg: SigningAlgorithm): PublicJwk {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const base = { kid, alg, use: 'sig' as const, kty: String(jwk.kty) };
  return jwk.kty === 'RSA' ? { ...base, n: String(jwk.n), e: String(jwk.e) } : { ...base, crv: String(jwk.crv), x: String(jwk.x), y: String(jwk.y) };
}

export function signerFor(key: LoadedKey): SigningKey {
  const { kid, alg } = key.stored;
  return {
    kid,
    alg,
    sign: async (data) => new Uint8Array(alg === 'ES384' ? sign('sha384', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }) : sign('sha384', data, key.privateKey)),
  };
}

async function writeAtomically(file: string, key: StoredKey): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(key, null, 2), { mode: 0o600 });
  await rename(temp, file);
}
