import { diffRecords, type AuditEntry } from '../../domain/config/audit';
import type { AdminPrincipal } from '../../domain/config/access';
import type { Clock } from '../../ports/clock';

/**
 * The audit entry of one change (who, when, what, old -> new). It is handed to the
 * ConfigStore write that makes the change, which stores both together: there is no moment
 * at which the change exists and its entry does not.
 */
export function auditEntry(
  deps: { clock: Clock },
  principal: AdminPrincipal,
  change: { tenantId: string; action: string; target: string; before?: object; after?: object; omit?: readonly string[] },
): AuditEntry {
  return {
    tenantId: change.tenantId,
    at: deps.clock.now().toISOString(),
    actor: { userId: principal.userId, upn: principal.upn },
    action: change.action,
    target: change.target,
    changes: diffRecords(change.before, change.after, change.omit ?? []),
  };
}
