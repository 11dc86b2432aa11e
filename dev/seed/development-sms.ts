import type { AdminPrincipal } from '../../shared/domain/config/access';
import type { BaseUrl, BaseUrlSmsSettings } from '../../shared/domain/config/base-url';
import { isIanaTimeZone, type Organisation } from '../../shared/domain/config/organisation';
import { SMS_CONSENT_KINDS, type PhoneNumber, type SmsConsents } from '../../shared/domain/config/sms';
import { smsSettingsProblems, sortedIntervals } from '../../shared/domain/config/sms-rules';
import type { ConfigStore } from '../../shared/ports/config-store';
import { auditEntry } from '../../shared/usecases/config/record-audit';

/**
 * The development tenant's SMS, so `npm start` texts the sandbox's patients on a fresh machine:
 * a US organisation (time zone, default phone country US), both consents, one sending number
 * from the local provider's fictional range (555-0100 to 555-0199) and that number linked to the
 * sandbox's base URL with the confirmation and reminders 60 and 15 minutes before the visit.
 * Shaped as the admin API's use cases shape them (same records, the domain's SMS rules checked,
 * an audit entry per change by the dev seed), written conditionally with the ETag read.
 *
 * Idempotent across restarts (`--persist`): what is in place is kept (a developer's own number,
 * intervals or time zone); only what is missing or switched off is put back, because the point
 * of the development tenant is that its feed texts.
 */
export const DEV_SENDING_NUMBER = '+16085550199';
export const DEV_REMINDER_MINUTES: readonly number[] = [60, 15];
export const DEV_TIME_ZONE = 'America/Chicago';
const SEED_UPN = 'dev-seed@dev.example';

export interface SeededSms {
  /** The base URL as it is now, with its SMS settings. */
  baseUrl: BaseUrl;
  sendingNumber: string;
  settings: BaseUrlSmsSettings;
  organisation: Organisation;
}

type SmsSeedStore = Pick<
  ConfigStore,
  'getOrganisation' | 'updateOrganisation' | 'getSmsConsents' | 'saveSmsConsents' | 'getPhoneNumber' | 'createPhoneNumber' | 'getBaseUrl' | 'updateBaseUrl'
>;

export async function seedDevelopmentSms(store: SmsSeedStore, seed: { tenantId: string; baseUrlId: string; now: Date }): Promise<SeededSms> {
  const deps = { clock: { now: () => seed.now } };
  const principal: AdminPrincipal = { tenantId: seed.tenantId, userId: 'dev-seed', upn: SEED_UPN, roles: ['admin'] };
  const at = seed.now.toISOString();
  const audit = (action: string, target: string, before: object | undefined, after: object) => auditEntry(deps, principal, { tenantId: seed.tenantId, action, target, before, after });

  const organisation = await usOrganisation(store, seed.tenantId, at, audit);

  const consents = await store.getSmsConsents(seed.tenantId);
  if (SMS_CONSENT_KINDS.some((kind) => consents?.value[kind] === undefined)) {
    const before: SmsConsents = consents?.value ?? { tenantId: seed.tenantId, updatedAt: at };
    const after: SmsConsents = { ...before, updatedAt: at };
    for (const kind of SMS_CONSENT_KINDS) after[kind] = before[kind] ?? { givenBy: SEED_UPN, givenAt: at };
    await store.saveSmsConsents(after, consents?.etag, audit('smsConsents.update', 'smsConsents', before, after));
  }

  const baseUrl = await store.getBaseUrl(seed.tenantId, seed.baseUrlId);
  if (!baseUrl) throw new Error(`The development base URL ${seed.baseUrlId} must be seeded before its SMS`);
  const linked = baseUrl.value.sms.phoneNumber ? await store.getPhoneNumber(seed.tenantId, baseUrl.value.sms.phoneNumber) : undefined;
  const current = baseUrl.value.sms;
  if (linked && (current.confirmation || current.reminders)) return { baseUrl: baseUrl.value, sendingNumber: linked.value.e164, settings: current, organisation };

  const sendingNumber = linked?.value.e164 ?? (await sendingNumberOf(store, seed.tenantId, at, audit));
  const settings: BaseUrlSmsSettings = { confirmation: true, reminders: true, reminderMinutesBefore: sortedIntervals([...DEV_REMINDER_MINUTES]), phoneNumber: sendingNumber };
  const problems = smsSettingsProblems(settings, { bothConsents: true, numberOwned: true });
  if (problems.length > 0) throw new Error(`The development SMS settings are refused: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  const updated = await store.updateBaseUrl({ ...baseUrl.value, sms: settings, updatedAt: at }, baseUrl.etag, audit('baseUrl.sms.update', `baseUrl:${seed.baseUrlId}`, current, settings));
  return { baseUrl: updated.value, sendingNumber, settings, organisation };
}

type Audit = (action: string, target: string, before: object | undefined, after: object) => ReturnType<typeof auditEntry>;

/** US geography, a known time zone and US as the default phone country; anything else valid is kept. */
async function usOrganisation(store: SmsSeedStore, tenantId: string, at: string, audit: Audit): Promise<Organisation> {
  const found = await store.getOrganisation(tenantId);
  if (!found) throw new Error('The development organisation must be seeded before its SMS');
  const before = found.value;
  if (before.geography === 'US' && before.defaultPhoneCountry === 'US' && isIanaTimeZone(before.timeZone)) return before;
  const after: Organisation = { ...before, geography: 'US', defaultPhoneCountry: 'US', timeZone: isIanaTimeZone(before.timeZone) ? before.timeZone : DEV_TIME_ZONE, updatedAt: at };
  return (await store.updateOrganisation(after, found.etag, audit('organisation.update', 'organisation', before, after))).value;
}

/** The development sending number, "bought" from the local provider's fictional range once. */
async function sendingNumberOf(store: SmsSeedStore, tenantId: string, at: string, audit: Audit): Promise<string> {
  if (await store.getPhoneNumber(tenantId, DEV_SENDING_NUMBER)) return DEV_SENDING_NUMBER;
  const number: PhoneNumber = { tenantId, e164: DEV_SENDING_NUMBER, country: 'US', providerId: `local:${DEV_SENDING_NUMBER}`, purchasedAt: at, operationId: 'dev-seed' };
  await store.createPhoneNumber(number, audit('phoneNumber.purchase.done', `phoneNumber:${number.e164}`, undefined, { e164: number.e164, country: number.country }));
  return DEV_SENDING_NUMBER;
}
