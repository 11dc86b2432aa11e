import type { ProbeResult, StorageProbe } from '../../ports/storage-probe';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/** Reads one (absent) entity from the config table with a short deadline. */
export class TableStorageProbe implements StorageProbe {
  constructor(private readonly connection: string, private readonly timeoutMs = 3000) {}

  async check(): Promise<ProbeResult> {
    const client = tableClient(this.connection, TABLES.config, { retryOptions: { maxRetries: 0 } });
    try {
      const pages = client.listEntities({ queryOptions: { filter: "PartitionKey eq '__health'" }, abortSignal: AbortSignal.timeout(this.timeoutMs) }).byPage({ maxPageSize: 1 });
      await pages.next().then(() => undefined);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 404) return 'the config table does not exist (run the storage provisioning)';
  if (typeof status === 'number') return `table storage answered HTTP ${status}`;
  const code = (error as { code?: string }).code;
  return `table storage is unreachable${code ? ` (${code})` : ''}`;
}
