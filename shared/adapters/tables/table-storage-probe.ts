import type { TableClient } from '@azure/data-tables';
import type { ProbeResult, StorageProbe } from '../../ports/storage-probe';
import { tableClient, tableStatus } from './table-client';
import { TABLES } from './table-names';

/** Reads one (absent) entity from the config table with a short deadline. */
export class TableStorageProbe implements StorageProbe {
  /** Built once: a health probe answers every few seconds and must not build a pipeline each time. */
  private readonly client: TableClient;

  constructor(connection: string, private readonly timeoutMs = 3000) {
    this.client = tableClient(connection, TABLES.config, { retryOptions: { maxRetries: 0 } });
  }

  async check(): Promise<ProbeResult> {
    try {
      const pages = this.client.listEntities({ queryOptions: { filter: "PartitionKey eq '__health'" }, abortSignal: AbortSignal.timeout(this.timeoutMs) }).byPage({ maxPageSize: 1 });
      await pages.next().then(() => undefined);
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: describe(error) };
    }
  }
}

function describe(error: unknown): string {
  const status = tableStatus(error);
  if (status === 404) return 'the config table does not exist (run the storage provisioning)';
  if (typeof status === 'number') return `table storage answered HTTP ${status}`;
  const code = (error as { code?: unknown } | null)?.code;
  return `table storage is unreachable${typeof code === 'string' ? ` (${code})` : ''}`;
}
