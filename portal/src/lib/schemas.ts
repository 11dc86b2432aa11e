import { z } from 'zod';

/** The admin API's answers, as far as the portal reads them (unknown fields are kept, not refused). */
export const organisationSchema = z.looseObject({
  displayName: z.string(),
  geography: z.enum(['US', 'EU', 'APAC']),
  timeZone: z.string(),
  defaultPhoneCountry: z.string(),
  geographyLockedAt: z.string().optional(),
});

export const approvalSchema = z.discriminatedUnion('state', [
  z.looseObject({ state: z.literal('draft') }),
  z.looseObject({ state: z.literal('pending_approval'), since: z.string(), reason: z.string().optional() }),
  z.looseObject({ state: z.literal('approved'), approvedAt: z.string(), approvedBy: z.string(), approverUpn: z.string() }),
]);

export const smsSettingsSchema = z.object({
  confirmation: z.boolean(),
  reminders: z.boolean(),
  reminderMinutesBefore: z.array(z.number()),
  phoneNumber: z.string().optional(),
});

export const baseUrlSchema = z.looseObject({
  id: z.string(),
  url: z.string(),
  environment: z.enum(['test', 'production']),
  vendor: z.enum(['epic', 'oracle', 'other']),
  approverUpn: z.string().optional(),
  approval: approvalSchema,
  sms: smsSettingsSchema,
  hl7SenderId: z.string(),
  notice: z.string().optional(),
});

export const baseUrlListSchema = z.object({ baseUrls: z.array(baseUrlSchema.extend({ etag: z.string() })) });

const consent = z.object({ givenBy: z.string(), givenAt: z.string() });
export const consentsSchema = z.looseObject({ sendOnBehalf: consent.optional(), patientPhoneProcessing: consent.optional() });

export const phoneNumberSchema = z.looseObject({ e164: z.string(), country: z.string(), purchasedAt: z.string() });
export const phoneNumberListSchema = z.object({ phoneNumbers: z.array(phoneNumberSchema) });

export const operationSchema = z.looseObject({
  id: z.string(),
  kind: z.string().optional(),
  createdBy: z.string().optional(),
  status: z.enum(['running', 'succeeded', 'failed']),
  createdAt: z.string(),
  request: z.record(z.string(), z.string()),
  result: z.record(z.string(), z.string()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

export const operationListSchema = z.object({ operations: z.array(operationSchema) });

/** What "Check connection" answers when the EHR is a SMART-on-FHIR R4 server (failures are problems). */
export const reachabilitySchema = z.looseObject({
  ok: z.literal(true),
  fhirVersion: z.string(),
  smart: z.looseObject({ authorizationEndpoint: z.string(), tokenEndpoint: z.string() }),
});

export const certificateSchema = z.looseObject({
  environment: z.enum(['test', 'production']),
  subject: z.string(),
  issuer: z.string(),
  thumbprintSha256: z.string(),
  thumbprintSha1: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  key: z.union([z.object({ type: z.literal('rsa'), bits: z.number() }), z.object({ type: z.literal('ec'), curve: z.string() })]),
  uploadedAt: z.string(),
  uploadedBy: z.string(),
  warnings: z.array(z.string()),
});

export const signInSchema = z.object({ authorizeUrl: z.string().url(), signInState: z.string(), expiresAt: z.string() });

const launchRecord = z.object({ launchUrl: z.string(), launchType: z.string(), contextTokens: z.array(z.object({ name: z.string(), value: z.string(), purpose: z.string() })) });
export const integrationRecordsSchema = z.object({
  baseUrls: z.array(z.object({
    baseUrlId: z.string(),
    baseUrl: z.string(),
    environment: z.enum(['test', 'production']),
    providerLaunch: launchRecord,
    patientLaunch: launchRecord,
    smsDirect: z.object({ endpointUrl: z.string(), method: z.string(), contentType: z.string(), sendingApplication: z.string(), signing: z.string(), events: z.array(z.string()) }),
    smsConfiguration: z.object({ confirmation: z.boolean(), reminders: z.boolean(), reminderMinutesBefore: z.array(z.number()), sendingNumber: z.string().nullable() }),
    deviceTest: z.object({ url: z.string() }),
  })),
  pendingBaseUrlIds: z.array(z.string()),
});

export const auditPageSchema = z.object({
  entries: z.array(z.looseObject({
    at: z.string(),
    actor: z.object({ upn: z.string() }).loose(),
    action: z.string(),
    target: z.string(),
    changes: z.array(z.object({ field: z.string(), old: z.unknown().optional(), new: z.unknown().optional() })),
  })),
  next: z.string().optional(),
});

export type Organisation = z.infer<typeof organisationSchema>;
export type BaseUrl = z.infer<typeof baseUrlSchema>;
export type Approval = z.infer<typeof approvalSchema>;
export type SmsSettings = z.infer<typeof smsSettingsSchema>;
export type Consents = z.infer<typeof consentsSchema>;
export type PhoneNumber = z.infer<typeof phoneNumberSchema>;
export type Operation = z.infer<typeof operationSchema>;
export type Reachability = z.infer<typeof reachabilitySchema>;
/** The PATCH body of a base URL: only the fields that change; `approverUpn: null` removes the approver. */
export interface BaseUrlChange {
  url?: string;
  environment?: string;
  vendor?: string;
  approverUpn?: string | null;
}
export type CertificateView = z.infer<typeof certificateSchema>;
export type IntegrationRecords = z.infer<typeof integrationRecordsSchema>['baseUrls'][number];
export type AuditEntry = z.infer<typeof auditPageSchema>['entries'][number];
export type Environment = 'test' | 'production';
export const ENVIRONMENTS: readonly Environment[] = ['test', 'production'];
