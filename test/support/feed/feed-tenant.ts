import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import type { EhrEnvironment } from '../../../shared/domain/config/base-url';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { bodySha256 } from '../../../shared/usecases/feed/verify-feed-token';
import { loadJose } from '../../../shared/smart/esm';
import { sandboxKeys } from '../../../dev/sandbox-ehr/keys';
import { certificateOf } from '../../../dev/seed/development-tenant';
import { seedApprovedBaseUrl } from '../../../shared/usecases/launch/seed-approved-base-url';

/** An EHR sending the scheduling feed: its key, certificate and HL7 sender id, seeded as an approved base URL. */
export interface FeedTenant {
  tenantId: string;
  baseUrlId: string;
  senderId: string;
  privateKey: KeyObject;
}

/** Keys are slow to generate: one pair per test file, shared by its tenants. */
let keys: ReturnType<typeof sandboxKeys> | undefined;
export const feedKeys = () => (keys ??= sandboxKeys(new Date()));

export async function seedFeedTenant(connection: string, options: { environment?: EhrEnvironment; sms?: { notices: boolean; reminders: number[] }; now?: Date } = {}): Promise<FeedTenant> {
  const store = TableConfigStore.fromConnection(connection);
  const tenantId = randomUUID();
  const senderId = `T${randomBytes(6).toString('hex').toUpperCase()}`;
  const now = options.now ?? new Date();
  const environment = options.environment ?? 'test';
  // Base URL ids are the appointments' partition key: unique across tenants, as the admin API assigns them.
  const baseUrl = await seedApprovedBaseUrl(store, {
    tenantId, baseUrlId: `b${randomBytes(6).toString('hex')}`, hl7SenderId: senderId, environment, now,
    url: `https://ehr-${senderId.toLowerCase()}.example.org/api/FHIR/R4`,
  });
  await store.saveCertificate(certificateOf(tenantId, environment, feedKeys().hl7.certificatePem, now), undefined);
  if (options.sms) await enableSms(store, tenantId, baseUrl.id, options.sms, now);
  return { tenantId, baseUrlId: baseUrl.id, senderId, privateKey: feedKeys().hl7.privateKey };
}

async function enableSms(store: TableConfigStore, tenantId: string, baseUrlId: string, sms: { notices: boolean; reminders: number[] }, now: Date): Promise<void> {
  const at = now.toISOString();
  const number = `+1608555${String(Math.floor(Math.random() * 9000) + 1000)}`;
  await store.saveSmsConsents({ tenantId, sendOnBehalf: { givenBy: 'admin@x.example', givenAt: at }, patientPhoneProcessing: { givenBy: 'admin@x.example', givenAt: at }, updatedAt: at }, undefined);
  await store.createPhoneNumber({ tenantId, e164: number, country: 'US', providerId: `local:${number}`, purchasedAt: at, operationId: 'op' });
  const current = await store.getBaseUrl(tenantId, baseUrlId);
  if (!current) throw new Error('seeded base URL missing');
  await store.updateBaseUrl({ ...current.value, sms: { confirmation: sms.notices, reminders: sms.reminders.length > 0, reminderMinutesBefore: sms.reminders, phoneNumber: number } }, current.etag);
}

export interface TokenOptions {
  audience: string;
  issuer: string;
  privateKey: KeyObject;
  body: string | Uint8Array;
  jti?: string;
  iat?: number;
  exp?: number;
  bodyHash?: string;
  alg?: string;
}

/** What an EHR puts in `Authorization`: a JWT over the body's SHA-256 (docs/hl7-feed.md). */
export async function feedToken(o: TokenOptions): Promise<string> {
  const { SignJWT } = await loadJose();
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ body_sha256: o.bodyHash ?? bodySha256(typeof o.body === 'string' ? Buffer.from(o.body, 'utf8') : o.body) })
    .setProtectedHeader({ alg: o.alg ?? 'RS384', typ: 'JWT' })
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setJti(o.jti ?? randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 120)
    .sign(o.privateKey);
}
