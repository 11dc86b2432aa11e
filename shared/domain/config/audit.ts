/**
 * One change to the configuration: who, when, what, and old and new values (never a
 * secret: certificates are recorded by thumbprint, not by content).
 */
export interface AuditChange {
  field: string;
  old?: unknown;
  new?: unknown;
}

export interface AuditEntry {
  tenantId: string;
  at: string;
  actor: { userId: string; upn: string };
  /** e.g. `organisation.create`, `baseUrl.update`, `baseUrl.approve`, `certificate.upload`. */
  action: string;
  /** What changed, e.g. `baseUrl:3f2a...`, `certificate:production`. */
  target: string;
  changes: AuditChange[];
}

/** Field-by-field differences of two flat-ish records; nested values compare as JSON. */
export function diffRecords(before: object | undefined, after: object | undefined, omit: readonly string[] = []): AuditChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !omit.includes(f) && f !== 'updatedAt').sort();
  return fields
    .filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f]))
    .map((f) => ({ field: f, ...(b[f] !== undefined ? { old: b[f] } : {}), ...(a[f] !== undefined ? { new: a[f] } : {}) }));
}
