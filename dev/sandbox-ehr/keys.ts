import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { z } from 'zod';

/**
 * The sandbox EHR's own keys:
 *  - the OpenID signing key for its id_tokens (RS256, as Epic signs them), published at its JWKS URL;
 *  - the HL7 feed key pair with a self-signed X.509 certificate: "the EHR's private key" that
 *    signs scheduling-feed requests; the certificate is what an admin uploads to the connector.
 * Generated with node:crypto; node-forge only writes the certificate (Node cannot issue one).
 */
export interface Hl7FeedSigner {
  /** The certificate in PEM form, as an admin would upload it. */
  certificatePem: string;
  /** The same certificate as standard Base64 DER (the "Base64 public-key certificate" of the portal). */
  certificateBase64: string;
  /** SHA-1 thumbprint, upper-case hex with colons (as Windows / Epic show it). */
  thumbprintSha1: string;
  privateKey: KeyObject;
  /** RSASSA-PKCS1-v1_5 signature of `data` with the EHR's private key. */
  sign(data: string | Buffer, hash?: 'sha256' | 'sha384' | 'sha512'): Buffer;
}

export interface SandboxKeys {
  idTokenKey: { kid: string; privateKey: KeyObject; publicJwk: Record<string, unknown> };
  hl7: Hl7FeedSigner;
}

type StoredKeys = z.infer<typeof storedKeysSchema>;

/** Loads the keys from `directory` (creating them on first use) or makes fresh ones when no directory is given. */
export function sandboxKeys(now: Date, directory?: string): SandboxKeys {
  const file = directory ? path.join(directory, 'sandbox-ehr-keys.json') : undefined;
  let stored: StoredKeys | undefined;
  if (file && existsSync(file)) stored = parseStored(readFileSync(file, 'utf8'));
  if (!stored) {
    stored = generateKeys(now);
    if (file && directory) {
      mkdirSync(directory, { recursive: true });
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    }
  }
  return fromStored(stored);
}

function generateKeys(now: Date): StoredKeys {
  const idToken = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const hl7 = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    idTokenKid: randomBytes(12).toString('base64url'),
    idTokenPrivateKeyPem: idToken.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    hl7PrivateKeyPem: hl7.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    hl7CertificatePem: selfSignedCertificate(hl7.publicKey, hl7.privateKey, now),
  };
}

function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, now: Date): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: 16 random bytes with the top bit cleared.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 2 * 365 * 24 * 3600_000);
  const name = [
    { name: 'commonName', value: 'Sandbox EHR scheduling feed' },
    { name: 'organizationName', value: 'Sandbox EHR (development only)' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

function fromStored(stored: StoredKeys): SandboxKeys {
  const idPrivate = createPrivateKey(stored.idTokenPrivateKeyPem);
  const publicJwk = { ...createPublicKey(idPrivate).export({ format: 'jwk' }), kid: stored.idTokenKid, alg: 'RS256', use: 'sig' };
  const hl7Private = createPrivateKey(stored.hl7PrivateKeyPem);
  const certificate = new X509Certificate(stored.hl7CertificatePem);
  if (!certificate.checkPrivateKey(hl7Private)) throw new Error('sandbox EHR keys: the HL7 certificate does not match its private key');
  return {
    idTokenKey: { kid: stored.idTokenKid, privateKey: idPrivate, publicJwk },
    hl7: {
      certificatePem: stored.hl7CertificatePem,
      certificateBase64: certificate.raw.toString('base64'),
      thumbprintSha1: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:'),
      privateKey: hl7Private,
      sign: (data, hash = 'sha256') => sign(hash, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, hl7Private),
    },
  };
}

const storedKeysSchema = z.object({
  idTokenKid: z.string().min(1),
  idTokenPrivateKeyPem: z.string().min(1),
  hl7PrivateKeyPem: z.string().min(1),
  hl7CertificatePem: z.string().min(1),
});

/** A damaged or old key file is replaced by fresh keys rather than crashing the sandbox. */
function parseStored(text: string): StoredKeys | undefined {
  try {
    const parsed = storedKeysSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
