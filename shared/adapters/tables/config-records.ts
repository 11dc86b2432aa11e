import { z } from 'zod';
import type { BaseUrl } from '../../domain/config/base-url';
import { EHR_VENDORS, ENVIRONMENTS } from '../../domain/config/base-url';
import type { Certificate } from '../../domain/config/certificate';
import type { Operation } from '../../domain/config/operation';
import type { Organisation } from '../../domain/config/organisation';
import { GEOGRAPHIES } from '../../domain/config/organisation';
import type { PhoneNumber, SmsConsents } from '../../domain/config/sms';

/**
 * What the config table holds, checked on every read: a row written by an older
 * version or edited by hand is refused with a clear error instead of leaking into
 * the domain half-formed.
 */
const consent = z.object({ givenBy: z.string(), givenAt: z.string() });

export const organisationRecord: z.ZodType<Organisation> = z.object({
  tenantId: z.string(),
  displayName: z.string(),
  geography: z.enum(GEOGRAPHIES),
  timeZone: z.string(),
  defaultPhoneCountry: z.string(),
  geographyLockedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const approvalRecord = z.discriminatedUnion('state', [
  z.object({ state: z.literal('draft') }),
  z.object({ state: z.literal('pending_approval'), since: z.string(), reason: z.string().optional() }),
  z.object({ state: z.literal('approved'), approvedAt: z.string(), approvedBy: z.string(), approverUpn: z.string() }),
]);

export const baseUrlRecord: z.ZodType<BaseUrl> = z.object({
  tenantId: z.string(),
  id: z.string(),
  url: z.string(),
  environment: z.enum(ENVIRONMENTS),
  vendor: z.enum(EHR_VENDORS),
  approverUpn: z.string().optional(),
  approval: approvalRecord,
  sms: z.object({
    confirmation: z.boolean(),
    reminders: z.boolean(),
    reminderMinutesBefore: z.array(z.number()),
    phoneNumber: z.string().optional(),
  }),
  hl7SenderId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const smsConsentsRecord: z.ZodType<SmsConsents> = z.object({
  tenantId: z.string(),
  sendOnBehalf: consent.optional(),
  patientPhoneProcessing: consent.optional(),
  updatedAt: z.string(),
});

export const phoneNumberRecord: z.ZodType<PhoneNumber> = z.object({
  tenantId: z.string(),
  e164: z.string(),
  country: z.string(),
  providerId: z.string(),
  purchasedAt: z.string(),
  operationId: z.string(),
});

export const certificateRecord: z.ZodType<Certificate> = z.object({
  tenantId: z.string(),
  environment: z.enum(ENVIRONMENTS),
  pem: z.string(),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  thumbprintSha256: z.string(),
  thumbprintSha1: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  key: z.discriminatedUnion('type', [
    z.object({ type: z.literal('rsa'), bits: z.number() }),
    z.object({ type: z.literal('ec'), curve: z.enum(['P-256', 'P-384']) }),
  ]),
  uploadedAt: z.string(),
  uploadedBy: z.string(),
});

const stringMap = z.record(z.string(), z.string());

export const operationRecord: z.ZodType<Operation> = z.object({
  tenantId: z.string(),
  id: z.string(),
  kind: z.literal('phone_number_purchase'),
  status: z.enum(['running', 'succeeded', 'failed']),
  createdAt: z.string(),
  updatedAt: z.string(),
  createdBy: z.string(),
  request: stringMap,
  providerState: stringMap.optional(),
  result: stringMap.optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** Index rows outside the tenant partitions: they point back at a base URL. */
export const baseUrlPointer = z.object({ tenantId: z.string(), baseUrlId: z.string() });
