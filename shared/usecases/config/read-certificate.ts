import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { Certificate } from '../../domain/config/certificate';
import type { CertificateFacts } from '../../domain/config/certificate-rules';
import type { FieldProblem } from '../../domain/errors';

/**
 * Reads an uploaded public certificate: PEM text, or Base64 of DER, or Base64 of PEM.
 * Anything holding a private key is refused outright, whatever its form. What it reads is
 * stored as is (the Certificate's descriptive fields); `facts` decide whether it is accepted.
 */
export type ReadCertificate = Pick<Certificate, 'pem' | 'subject' | 'issuer' | 'serialNumber' | 'thumbprintSha256' | 'thumbprintSha1'> & {
  facts: CertificateFacts;
};

export const PRIVATE_KEY_MESSAGE =
  'contains a private key. Never upload a private key: upload only the public certificate. Treat this key as exposed and have a new key pair issued.';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function readCertificate(upload: string): { ok: true; certificate: ReadCertificate } | { ok: false; problem: FieldProblem } {
  const fail = (message: string) => ({ ok: false as const, problem: { field: 'certificate', message } });
  let text = upload.trim();
  if (!text.includes('-----BEGIN')) {
    if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return fail('is neither PEM nor Base64');
    const bytes = Buffer.from(text.replace(/\s+/g, ''), 'base64');
    if (bytes.length === 0) return fail('is empty after Base64 decoding');
    const asText = bytes.toString('latin1');
    if (asText.includes('-----BEGIN')) text = asText;
    else return fromDer(bytes, fail);
  }
  if (/PRIVATE KEY-----/.test(text)) return fail(PRIVATE_KEY_MESSAGE);
  const blocks = [...text.matchAll(PEM_BLOCK)];
  const certificates = blocks.filter((b) => b[1] === 'CERTIFICATE');
  if (blocks.length !== certificates.length) return fail('contains PEM blocks other than CERTIFICATE');
  if (certificates.length !== 1) return fail(certificates.length === 0 ? 'has no CERTIFICATE block' : 'must hold exactly one certificate (not a chain)');
  const body = certificates[0]?.[2]?.replace(/\s+/g, '') ?? '';
  return fromDer(Buffer.from(body, 'base64'), fail);
}

function fromDer(der: Buffer, fail: (m: string) => { ok: false; problem: FieldProblem }) {
  if (looksLikePrivateKey(der)) return fail(PRIVATE_KEY_MESSAGE);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return fail('is not a readable X.509 certificate');
  }
  const details = cert.publicKey.asymmetricKeyDetails ?? {};
  const type = cert.publicKey.asymmetricKeyType ?? 'unknown';
  const key: CertificateFacts['key'] =
    type === 'rsa' || type === 'rsa-pss' ? { type: 'rsa', bits: details.modulusLength ?? 0 }
      : type === 'ec' ? { type: 'ec', curve: curveName(details.namedCurve) }
        : { type };
  return {
    ok: true as const,
    certificate: {
      pem: cert.toString(),
      subject: cert.subject.replace(/\n/g, ', '),
      issuer: cert.issuer.replace(/\n/g, ', '),
      serialNumber: cert.serialNumber,
      thumbprintSha256: cert.fingerprint256,
      thumbprintSha1: cert.fingerprint.replace(/:/g, ''),
      facts: { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo), key, isCa: cert.ca },
    },
  };
}

function looksLikePrivateKey(der: Buffer): boolean {
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      createPrivateKey({ key: der, format: 'der', type });
      return true;
    } catch {
      // not this form
    }
  }
  return false;
}

function curveName(named: string | undefined): string {
  if (named === 'prime256v1' || named === 'P-256') return 'P-256';
  if (named === 'secp384r1' || named === 'P-384') return 'P-384';
  return named ?? 'unknown';
}
