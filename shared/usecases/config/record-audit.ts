import { diffRecords } from '../../domain/config/audit';
import type { AdminPrincipal } from '../../domain/config/access';
import type { AuditTrail } from '../../ports/audit-trail';
import type { Clock } from '../../ports/clock';

/** Records one change (who, when, what, old -> new) after it was stored. */
export async function recordAudit(
  deps: { auditTrail: AuditTrail; clock: Clock },
  principal: AdminPrincipal,
  change: { tenantId: string; action: string; target: string; before?: object; after?: object; omit?: readonly string[] },
): Promise<void> {
  await deps.auditTrail.record({
    tenantId: change.tenantId,
    at: deps.clock.now().toISOString(),
    actor: { userId: principal.userId, upn: principal.upn },
    action: change.action,
    target: change.target,
    changes: diffRecords(change.before, change.after, change.omit ?? []),
  });
}
