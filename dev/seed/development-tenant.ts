import { createHash, X509Certificate } from 'node:crypto';
import type { BaseUrl, EhrEnvironment } from '../../shared/domain/config/base-url';
import { normaliseBaseUrl } from '../../shared/domain/config/base-url-rules';
import type { Certificate } from '../../shared/domain/config/certificate';
import type { ConfigStore } from '../../shared/ports/config-store';
import { seedApprovedBaseUrl } from '../../shared/usecases/launch/seed-approved-base-url';
import { seedDevelopmentSms, type SeededSms } from './development-sms';

/**
 * Seeds the development tenant so `npm start` works on a fresh machine: an organisation whose
 * approved base URL is the sandbox EHR's FHIR base URL (so its home page buttons launch), and
 * the sandbox's HL7 feed certificate for that environment (so its signed feed is accepted).
 * Its SMS is switched on too (development-sms.ts), so the sandbox's feed texts its patients.
 * Idempotent, and it follows the sandbox: a changed port or a new certificate is written over
 * what was seeded before (conditionally, with the ETag read).
 */
export const DEV_TENANT_ID = '00000000-0000-4000-8000-00000000d3e0';
export const DEV_BASE_URL_ID = 'sandbox-ehr';
export const DEV_HL7_SENDER_ID = 'SANDBOX-EHR';
export const DEV_UPLOADER = 'dev-seed@dev.example';

export interface DevelopmentSeed {
  fhirBaseUrl: string;
  environment: EhrEnvironment;
  now: Date;
  /** The sandbox's HL7 feed certificate (PEM); omitted: no certificate is seeded. */
  hl7CertificatePem?: string;
  tenantId?: string;
  /** Globally unique on the feed (MSH-3); default SANDBOX-EHR. */
  hl7SenderId?: string;
}

export interface SeededTenant {
  tenantId: string;
  baseUrl: BaseUrl;
  certificate: Certificate | undefined;
  sms: SeededSms;
}

type SeedStore = Pick<ConfigStore, 'getOrganisation' | 'createOrganisation' | 'getBaseUrl' | 'createBaseUrl' | 'updateBaseUrl' | 'getCertificate' | 'saveCertificate'> &
  Parameters<typeof seedDevelopmentSms>[0];

export async function seedDevelopmentTenant(store: SeedStore, seed: DevelopmentSeed): Promise<SeededTenant> {
  const tenantId = seed.tenantId ?? DEV_TENANT_ID;
  const normalised = normaliseBaseUrl(seed.fhirBaseUrl, { allowPrivateNetwork: true });
  if (!normalised.ok) throw new Error(`The sandbox EHR's FHIR base URL ${normalised.message}`);
  await seedApprovedBaseUrl(store, {
    tenantId,
    baseUrlId: DEV_BASE_URL_ID,
    url: normalised.url,
    environment: seed.environment,
    now: seed.now,
    displayName: 'Development organisation (sandbox EHR)',
    hl7SenderId: seed.hl7SenderId ?? DEV_HL7_SENDER_ID,
  });
  const current = await store.getBaseUrl(tenantId, DEV_BASE_URL_ID);
  if (!current) throw new Error('The development base URL vanished right after it was seeded');
  let baseUrl = current.value;
  if (baseUrl.url !== normalised.url || baseUrl.environment !== seed.environment || baseUrl.approval.state !== 'approved') {
    const at = seed.now.toISOString();
    const approval = { state: 'approved' as const, approvedAt: at, approvedBy: 'Practitioner/dev-approver', approverUpn: 'approver@dev.example' };
    baseUrl = (await store.updateBaseUrl({ ...baseUrl, url: normalised.url, environment: seed.environment, approval, updatedAt: at }, current.etag)).value;
  }
  const certificate = seed.hl7CertificatePem ? await seedCertificate(store, tenantId, seed) : undefined;
  const sms = await seedDevelopmentSms(store, { tenantId, baseUrlId: DEV_BASE_URL_ID, now: seed.now });
  return { tenantId, baseUrl: sms.baseUrl, certificate, sms };
}

async function seedCertificate(store: SeedStore, tenantId: string, seed: DevelopmentSeed): Promise<Certificate> {
  const wanted = certificateOf(tenantId, seed.environment, seed.hl7CertificatePem ?? '', seed.now);
  const existing = await store.getCertificate(tenantId, seed.environment);
  if (existing && existing.value.thumbprintSha256 === wanted.thumbprintSha256) return existing.value;
  return (await store.saveCertificate(wanted, existing?.etag)).value;
}

export function certificateOf(tenantId: string, environment: EhrEnvironment, pem: string, now: Date): Certificate {
  const x509 = new X509Certificate(pem);
  const details = x509.publicKey.asymmetricKeyDetails;
  const key: Certificate['key'] =
    x509.publicKey.asymmetricKeyType === 'ec'
      ? { type: 'ec', curve: details?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256' }
      : { type: 'rsa', bits: details?.modulusLength ?? 0 };
  return {
    tenantId,
    environment,
    pem: x509.toString(),
    subject: x509.subject,
    issuer: x509.issuer,
    serialNumber: x509.serialNumber,
    thumbprintSha256: x509.fingerprint256,
    thumbprintSha1: createHash('sha1').update(x509.raw).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1:'),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    key,
    uploadedAt: now.toISOString(),
    uploadedBy: DEV_UPLOADER,
  };
}
