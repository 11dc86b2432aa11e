import { readFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

/** Certificates for the configuration tests: fixtures from OpenSSL, and odd ones made here with node-forge. */
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'config');
export const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

export function makeCertificate(options: { bits?: number; notBefore: Date; notAfter: Date; cn?: string }): { pem: string; keyPem: string } {
  const keys = forge.pki.rsa.generateKeyPair({ bits: options.bits ?? 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0a1b2c';
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  const attrs = [{ name: 'commonName', value: options.cn ?? 'Test EHR feed' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

export const pemToBase64Der = (pem: string): string => pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
