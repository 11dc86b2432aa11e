import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';

/** Azurite speaks plain http; the SDK refuses that unless told it is fine. */
const isHttp = (connection: string) => /(^|;)(DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true)|Endpoint=http:/i.test(connection);

export function tableClient(connection: string, table: string, extra: TableServiceClientOptions = {}): TableClient {
  return TableClient.fromConnectionString(connection, table, { allowInsecureConnection: isHttp(connection), ...extra });
}

export function tableServiceClient(connection: string): TableServiceClient {
  return TableServiceClient.fromConnectionString(connection, { allowInsecureConnection: isHttp(connection) });
}

/** The HTTP status of a failed table call (404, 409, 412...); undefined for anything else (network errors). */
export function tableStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Creates the table if it is missing; an existing table is fine. */
export async function ensureTable(connection: string, table: string): Promise<void> {
  await tableServiceClient(connection).createTable(table);
}
