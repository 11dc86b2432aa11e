import { z } from 'zod';
import { int, nonEmpty } from './schema-helpers';

/**
 * SMS: which sender runs (the local outbox or Azure Communication Services), the secrets
 * for recipient hashes, join links and the Event Grid webhook, and the sending rules.
 * With the outbox (local development) the secrets have fixed development values; with ACS
 * they are required, so a deployment can never run on the published development keys.
 */
const DEV_KEY = 'local-development-only-sms-key-never-use-in-azure';
const DEV_EVENTS_SECRET = 'local-development-only-sms-events-secret';

const secret = () => z.string().min(32, 'must be at least 32 characters (use a random value, e.g. `openssl rand -base64 48`)').optional();

export const smsSettings = z
  .object({
    SMS_SENDER: z.enum(['outbox', 'acs']).default('outbox'),
    /** `endpoint=https://<resource>.communication.azure.com/;accesskey=<key>` */
    ACS_CONNECTION_STRING: nonEmpty().optional(),
    SMS_HASH_KEY: secret(),
    SMS_EVENTS_SECRET: secret(),
    /** ISO 3166 alpha-2 codes, comma-separated. */
    SMS_ALLOWED_COUNTRIES: z
      .string()
      .regex(/^[A-Z]{2}(\s*,\s*[A-Z]{2})*$/, 'must be ISO country codes separated by commas, e.g. US,CA')
      .default('US'),
    /** Texts per minute per sending number (toll-free numbers are slow), and the burst allowed. */
    SMS_RATE_PER_MINUTE: int(60, 1, 6000),
    SMS_RATE_BURST: int(10, 1, 1000),
    /** How long after the visit's start the join link still works. */
    SMS_JOIN_WINDOW_MINUTES: int(240, 15, 24 * 60),
    /** Attempts before a message that keeps meeting 5xx or timeouts is recorded as failed. */
    SMS_MAX_ATTEMPTS: int(6, 1, 20),
    /** Deadline of one call to the SMS service. */
    SMS_SEND_TIMEOUT_MS: int(10000, 500, 60000),
  })
  .superRefine((e, ctx) => {
    if (e.SMS_SENDER !== 'acs') return;
    for (const name of ['ACS_CONNECTION_STRING', 'SMS_HASH_KEY', 'SMS_EVENTS_SECRET'] as const) {
      if (e[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when SMS_SENDER=acs' });
    }
    if (e.ACS_CONNECTION_STRING !== undefined && !/^endpoint=https?:\/\/[^;]+;accesskey=[^;]+;?$/i.test(e.ACS_CONNECTION_STRING)) {
      ctx.addIssue({ code: 'custom', path: ['ACS_CONNECTION_STRING'], message: 'must look like endpoint=https://<resource>.communication.azure.com/;accesskey=<key>' });
    }
  })
  .transform((e) => ({
    sender: e.SMS_SENDER,
    acsConnectionString: e.ACS_CONNECTION_STRING,
    hashKey: e.SMS_HASH_KEY ?? DEV_KEY,
    eventsSecret: e.SMS_EVENTS_SECRET ?? DEV_EVENTS_SECRET,
    allowedCountries: e.SMS_ALLOWED_COUNTRIES.split(',').map((c) => c.trim()),
    ratePerMinute: e.SMS_RATE_PER_MINUTE,
    rateBurst: e.SMS_RATE_BURST,
    joinWindowMinutes: e.SMS_JOIN_WINDOW_MINUTES,
    maxAttempts: e.SMS_MAX_ATTEMPTS,
    sendTimeoutMs: e.SMS_SEND_TIMEOUT_MS,
  }));

export type SmsSettings = z.output<typeof smsSettings>;
