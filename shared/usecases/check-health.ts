import type { StorageProbe } from '../ports/storage-probe';

export interface HealthReport {
  healthy: boolean;
  checks: { storage: { ok: boolean; reason?: string } };
}

export async function checkHealth(deps: { storageProbe: StorageProbe }): Promise<HealthReport> {
  const storage = await deps.storageProbe.check();
  return { healthy: storage.ok, checks: { storage: storage.ok ? { ok: true } : { ok: false, reason: storage.reason } } };
}
