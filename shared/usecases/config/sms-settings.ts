import { requireAdmin, type AdminPrincipal } from '../../domain/config/access';
import type { BaseUrl, BaseUrlSmsSettings } from '../../domain/config/base-url';
import { hasBothConsents } from '../../domain/config/sms';
import { smsSettingsProblems, sortedIntervals } from '../../domain/config/sms-rules';
import type { Versioned } from '../../ports/config-store';
import type { ConfigUseCaseDeps } from './config-deps';
import { requireBaseUrl } from './base-url-inputs';
import { smsSettingsInput } from './inputs';
import { invalid, parseInput, requireIfMatch } from './parse-input';
import { auditEntry } from './record-audit';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock'>;

/**
 * A base URL's SMS: linked number, confirmation on/off, reminders on/off with one to three
 * intervals. Refused unless both consents are given and the number is the organisation's.
 * The If-Match is the base URL's ETag (the settings live on the base URL).
 */
export async function saveBaseUrlSmsSettings(
  deps: Deps,
  input: { principal: AdminPrincipal; tenantId: string; baseUrlId: string; body: unknown; ifMatch: string | undefined },
): Promise<Versioned<BaseUrl>> {
  requireAdmin(input.principal, input.tenantId);
  const fields = parseInput(smsSettingsInput, input.body);
  const etag = requireIfMatch(input.ifMatch);
  const current = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  const [consents, number] = await Promise.all([
    deps.configStore.getSmsConsents(input.tenantId),
    fields.phoneNumber ? deps.configStore.getPhoneNumber(input.tenantId, fields.phoneNumber) : Promise.resolve(undefined),
  ]);
  const sms: BaseUrlSmsSettings = {
    confirmation: fields.confirmation,
    reminders: fields.reminders,
    reminderMinutesBefore: sortedIntervals(fields.reminderMinutesBefore),
    ...(fields.phoneNumber ? { phoneNumber: fields.phoneNumber } : {}),
  };
  const problems = smsSettingsProblems(sms, { bothConsents: hasBothConsents(consents?.value), numberOwned: number !== undefined });
  if (problems.length > 0) throw invalid(problems);
  const before = current.value;
  const after: BaseUrl = { ...before, sms, updatedAt: deps.clock.now().toISOString() };
  const saved = await deps.configStore.updateBaseUrl(after, etag, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'baseUrl.sms.update', target: `baseUrl:${before.id}`, before: before.sms, after: sms }));
  return saved;
}
