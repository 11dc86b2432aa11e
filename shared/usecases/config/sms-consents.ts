import { requireAdmin, requireReader, type AdminPrincipal } from '../../domain/config/access';
import { SMS_CONSENT_KINDS, type SmsConsents } from '../../domain/config/sms';
import type { Versioned } from '../../ports/config-store';
import type { ConfigUseCaseDeps } from './config-deps';
import { consentsInput } from './inputs';
import { parseInput, requireIfMatch } from './parse-input';
import { auditEntry } from './record-audit';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock'>;
type Caller = { principal: AdminPrincipal; tenantId: string };

export async function readSmsConsents(deps: Deps, input: Caller): Promise<Versioned<SmsConsents> | { value: SmsConsents; etag: undefined }> {
  requireReader(input.principal, input.tenantId);
  const found = await deps.configStore.getSmsConsents(input.tenantId);
  return found ?? { value: { tenantId: input.tenantId, updatedAt: '' }, etag: undefined };
}

/**
 * Gives or withdraws the two SMS consents; each keeps who gave it and when. Withdrawing
 * one stops SMS for every base URL (the SMS profile requires both).
 */
export async function saveSmsConsents(deps: Deps, input: Caller & { body: unknown; ifMatch: string | undefined }): Promise<Versioned<SmsConsents>> {
  requireAdmin(input.principal, input.tenantId);
  const wanted = parseInput(consentsInput, input.body);
  const existing = await deps.configStore.getSmsConsents(input.tenantId);
  const etag = existing ? requireIfMatch(input.ifMatch) : undefined;
  const now = deps.clock.now().toISOString();
  const before: SmsConsents = existing?.value ?? { tenantId: input.tenantId, updatedAt: now };
  const after: SmsConsents = { tenantId: input.tenantId, updatedAt: now };
  for (const kind of SMS_CONSENT_KINDS) {
    if (!wanted[kind]) continue;
    after[kind] = before[kind] ?? { givenBy: input.principal.upn, givenAt: now };
  }
  const saved = await deps.configStore.saveSmsConsents(after, etag, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'smsConsents.update', target: 'smsConsents', before, after }));
  return saved;
}
