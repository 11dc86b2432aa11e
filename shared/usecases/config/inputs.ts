import { z } from 'zod';
import { EHR_VENDORS, ENVIRONMENTS, MAX_REMINDER_MINUTES } from '../../domain/config/base-url';
import { GEOGRAPHIES, isIanaTimeZone } from '../../domain/config/organisation';

/** Request bodies of the admin API. Strict: an unknown field is an error, not ignored. */
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const upn = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be a user principal name such as analyst@example.org')
  .transform((v) => v.toLowerCase());
export const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +16085550142');

export const organisationInput = z.strictObject({
  displayName: text(200),
  geography: z.enum(GEOGRAPHIES, { message: `must be one of ${GEOGRAPHIES.join(', ')}` }),
  timeZone: z.string().max(64).refine(isIanaTimeZone, 'must be an IANA time zone such as America/Chicago'),
  defaultPhoneCountry: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code such as US'),
});

export const baseUrlInput = z.strictObject({
  url: z.string().max(2000, 'must be at most 2000 characters'),
  environment: z.enum(ENVIRONMENTS, { message: 'must be test or production' }),
  vendor: z.enum(EHR_VENDORS, { message: `must be one of ${EHR_VENDORS.join(', ')}` }),
  approverUpn: upn.optional(),
});

export const baseUrlPatch = z
  .strictObject({
    url: baseUrlInput.shape.url.optional(),
    environment: baseUrlInput.shape.environment.optional(),
    vendor: baseUrlInput.shape.vendor.optional(),
    approverUpn: upn.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'must change at least one of url, environment, vendor, approverUpn' });

export const smsSettingsInput = z.strictObject({
  confirmation: z.boolean({ message: 'must be true or false' }),
  reminders: z.boolean({ message: 'must be true or false' }),
  reminderMinutesBefore: z.array(z.number().int('must be whole minutes').min(5, 'must be at least 5 minutes').max(MAX_REMINDER_MINUTES, `must be at most ${MAX_REMINDER_MINUTES} minutes`)).max(3, 'has at most 3 intervals'),
  phoneNumber: e164.nullable(),
});

/** `true` gives the consent, `false` withdraws it (keys are SMS_CONSENT_KINDS). */
export const consentsInput = z.strictObject({
  sendOnBehalf: z.boolean({ message: 'must be true or false' }),
  patientPhoneProcessing: z.boolean({ message: 'must be true or false' }),
});

export const purchaseInput = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 country code such as US'),
  areaCode: z.string().regex(/^\d{2,4}$/, 'must be 2 to 4 digits').optional(),
});

export const certificateInput = z.strictObject({
  certificate: z.string().min(1, 'must not be empty').max(20000, 'must be at most 20000 characters'),
});

export const approvalInput = z.strictObject({
  signInState: z.string().regex(/^[A-Za-z0-9_-]{22,128}$/, 'must be the state of a finished EHR sign-in'),
});

export const environmentParam = z.enum(ENVIRONMENTS, { message: 'must be test or production' });
