import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';

/** Azurite speaks plain http; the SDK refuses that unless told it is fine. */
const isHttp = (connection: string) => /(^|;)(DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true)|Endpoint=http:/i.test(connection);

export function tableClient(connection: string, table: string, extra: TableServiceClientOptions = {}): TableClient {
  return TableClient.fromConnectionString(connection, table, { allowInsecureConnection: isHttp(connection), ...extra });
}

export function tableServiceClient(connection: string): TableServiceClient {
  return TableServiceClient.fromConnectionString(connection, { allowInsecureConnection: isHttp(connection) });
}

/** Creates the table if it is missing; an existing table is fine. */
export async function ensureTable(connection: string, table: string): Promise<void> {
  await tableServiceClient(connection).createTable(table);
}
