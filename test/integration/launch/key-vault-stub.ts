import { constants, createPublicKey, generateKeyPairSync, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Azure Key Vault that speaks the Keys REST protocol the real `@azure/keyvault-keys`
 * client uses, and checks what it gets:
 * - every request carries `api-version`; one without `Authorization: Bearer <the token>` gets the
 *   401 challenge (`WWW-Authenticate: Bearer authorization=".../{tenant}", resource="https://vault.azure.net"`);
 * - `GET /keys/{name}/versions` (paged by `nextLink`), `GET /keys/{name}/{version}` (public part only);
 * - `POST /keys/{name}/{version}/sign` with `{alg, value}`: the algorithm must suit the key, the
 *   value must be a SHA-384 digest (48 bytes), the version enabled, not expired, active and
 *   allowed to sign. It answers a real RSASSA-PKCS1-v1_5 signature made with the private key it
 *   holds, so a caller that sent the wrong digest gets a signature that does not verify.
 * Only RSA keys: Node's crypto cannot make an ECDSA signature over a ready-made digest.
 */
export const KEY_VAULT_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const KEY_VAULT_SCOPE = 'https://vault.azure.net/.default';
const SHA384_DIGEST_INFO = Buffer.from('3041300d060960864801650304020205000430', 'hex');

export interface StubKeyVersion {
  version: string;
  privateKey: KeyObject;
  enabled: boolean;
  createdOn: Date;
  notBefore?: Date;
  expiresOn?: Date;
  keyOps: string[];
}

export interface KeyVaultStubRequest {
  method: string;
  path: string;
  authorized: boolean;
  /** For sign requests: the algorithm asked for. */
  alg?: string;
}

export interface KeyVaultStub {
  url: string;
  token: string;
  requests: KeyVaultStubRequest[];
  /** Adds a version of an RSA key (2048 bits) and returns it. */
  addVersion(name: string, attributes: Partial<Omit<StubKeyVersion, 'version' | 'privateKey'>>): StubKeyVersion;
  versions(name: string): StubKeyVersion[];
  stop(): Promise<void>;
}

export async function startKeyVaultStub(options: { token?: string; pageSize?: number } = {}): Promise<KeyVaultStub> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const pageSize = options.pageSize ?? 2;
  const keys = new Map<string, StubKeyVersion[]>();
  const requests: KeyVaultStubRequest[] = [];
  let url = '';

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { error: { code: 'InternalError', message: String(error) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = new URL(req.url ?? '/', url);
    const body = await readBody(req);
    const authorized = req.headers.authorization === `Bearer ${token}`;
    const record: KeyVaultStubRequest = { method: req.method ?? 'GET', path: target.pathname, authorized };
    requests.push(record);
    if (!/^(7\.\d+|\d{4}-\d{2}-\d{2}(-preview)?)$/.test(target.searchParams.get('api-version') ?? '')) {
      return send(res, 400, { error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter is required.' } });
    }
    if (!authorized) {
      res.setHeader('WWW-Authenticate', `Bearer authorization="https://login.microsoftonline.com/${KEY_VAULT_TENANT}", resource="https://vault.azure.net"`);
      return send(res, 401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    }
    const match = /^\/keys\/([A-Za-z0-9-]{1,127})\/([A-Za-z0-9]+)(\/sign)?$/.exec(target.pathname);
    const [, name = '', second = '', sign] = match ?? [];
    const versions = keys.get(name);
    if (!match || !versions) return send(res, 404, { error: { code: 'KeyNotFound', message: `A key with (name/id) ${name} was not found in this key vault.` } });

    if (req.method === 'GET' && second === 'versions' && !sign) {
      const skip = Number(target.searchParams.get('$skiptoken') ?? '0');
      const page = versions.slice(skip, skip + pageSize);
      const next = skip + pageSize < versions.length ? `${url}/keys/${name}/versions?api-version=${target.searchParams.get('api-version') ?? ''}&$skiptoken=${skip + pageSize}` : null;
      return send(res, 200, { value: page.map((v) => ({ kid: kidOf(name, v), attributes: attributesOf(v) })), nextLink: next });
    }
    const version = versions.find((v) => v.version === second);
    if (!version) return send(res, 404, { error: { code: 'KeyNotFound', message: `Version ${second} of key ${name} was not found.` } });

    if (req.method === 'GET' && !sign) {
      const jwk = createPublicKey(version.privateKey).export({ format: 'jwk' });
      return send(res, 200, { key: { kid: kidOf(name, version), kty: 'RSA', key_ops: version.keyOps, n: jwk.n, e: jwk.e }, attributes: attributesOf(version) });
    }
    if (req.method === 'POST' && sign) {
      const parsed = signRequestOf(body);
      record.alg = parsed?.alg;
      if (!parsed) return send(res, 400, { error: { code: 'BadParameter', message: 'The body must be JSON with alg and a base64url value.' } });
      if (parsed.alg !== 'RS384') return send(res, 400, { error: { code: 'BadParameter', message: `Algorithm ${parsed.alg} is not supported by this stub's RSA keys (RS384 only).` } });
      if (parsed.digest.length !== 48) return send(res, 400, { error: { code: 'BadParameter', message: 'RS384 needs a 48-byte SHA-384 digest.' } });
      const now = Date.now();
      if (!version.enabled || !version.keyOps.includes('sign') || (version.notBefore && version.notBefore.getTime() > now) || (version.expiresOn && version.expiresOn.getTime() <= now)) {
        return send(res, 403, { error: { code: 'Forbidden', message: 'Operation sign is not allowed on this key version now.' } });
      }
      const signature = privateEncrypt({ key: version.privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA384_DIGEST_INFO, parsed.digest]));
      return send(res, 200, { kid: kidOf(name, version), value: signature.toString('base64url') });
    }
    send(res, 405, { error: { code: 'MethodNotAllowed', message: 'Not supported by the stub.' } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kidOf = (name: string, v: StubKeyVersion) => `${url}/keys/${name}/${v.version}`;

  return {
    url,
    token,
    requests,
    addVersion(name, attributes) {
      const version: StubKeyVersion = {
        version: randomBytes(16).toString('hex'),
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
        enabled: true,
        createdOn: new Date(),
        keyOps: ['sign', 'verify'],
        ...attributes,
      };
      keys.set(name, [...(keys.get(name) ?? []), version]);
      return version;
    },
    versions: (name) => keys.get(name) ?? [],
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function attributesOf(v: StubKeyVersion): Record<string, unknown> {
  const seconds = (d: Date | undefined) => (d ? Math.floor(d.getTime() / 1000) : undefined);
  return { enabled: v.enabled, created: seconds(v.createdOn), updated: seconds(v.createdOn), nbf: seconds(v.notBefore), exp: seconds(v.expiresOn), recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 };
}

function signRequestOf(body: string): { alg: string; digest: Buffer } | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null || !('alg' in value) || !('value' in value)) return undefined;
    if (typeof value.alg !== 'string' || typeof value.value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value.value)) return undefined;
    return { alg: value.alg, digest: Buffer.from(value.value, 'base64url') };
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
