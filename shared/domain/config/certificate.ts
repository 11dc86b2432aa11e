import type { EhrEnvironment } from './base-url';

/**
 * The EHR's public-key certificate for one environment. The scheduling feed from that
 * environment is signed with the matching private key, which never reaches the connector.
 */
export interface Certificate {
  tenantId: string;
  environment: EhrEnvironment;
  /** The certificate in PEM form (`-----BEGIN CERTIFICATE-----`), whatever was uploaded. */
  pem: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 fingerprint, upper-case hex with colons (as `X509Certificate.fingerprint256`). */
  thumbprintSha256: string;
  /** SHA-1 thumbprint, as Windows and Epic show it. */
  thumbprintSha1: string;
  notBefore: string;
  notAfter: string;
  key: { type: 'rsa'; bits: number } | { type: 'ec'; curve: 'P-256' | 'P-384' };
  uploadedAt: string;
  uploadedBy: string;
}
