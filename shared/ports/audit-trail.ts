import type { AuditEntry } from '../domain/config/audit';

/** The configuration's audit trail: append-only, newest first when read. */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `before` is the `cursor` of the last entry of the previous page. */
  list(tenantId: string, options: { limit: number; before?: string }): Promise<{ entries: AuditEntry[]; next?: string }>;
}
