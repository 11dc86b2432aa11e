import type { AuditEntry } from '../domain/config/audit';

/**
 * The configuration's audit trail, read newest first. Entries are written by the
 * `ConfigStore` together with the change they describe (its `audit` argument), never on
 * their own, so a change is never kept without its entry.
 */
export interface AuditTrail {
  /** Newest first; `before` is the `next` cursor of the previous page. */
  list(tenantId: string, options: { limit: number; before?: string }): Promise<{ entries: AuditEntry[]; next?: string }>;
}
