import { requireReader, type AdminPrincipal } from '../../domain/config/access';
import type { AuditEntry } from '../../domain/config/audit';
import type { ConfigUseCaseDeps } from './config-deps';

export async function readAuditTrail(
  deps: Pick<ConfigUseCaseDeps, 'auditTrail'>,
  input: { principal: AdminPrincipal; tenantId: string; limit: string | null; before: string | null },
): Promise<{ entries: AuditEntry[]; next?: string }> {
  requireReader(input.principal, input.tenantId);
  const limit = Math.min(Math.max(Number.parseInt(input.limit ?? '50', 10) || 50, 1), 200);
  const before = input.before && /^[0-9]{13}-[0-9a-f]{12}$/.test(input.before) ? input.before : undefined;
  return deps.auditTrail.list(input.tenantId, { limit, ...(before ? { before } : {}) });
}
