import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { registeredFunctions } from '../../../functions/_lib/register';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { TABLES } from '../../../shared/adapters/tables/table-names';
import { seedApprovedBaseUrl } from '../../../shared/usecases/launch/seed-approved-base-url';
import { startSandboxEhr, type SandboxEhr, type SandboxEhrOptions } from '../../../dev/sandbox-ehr';
import { startTestHost, type TestHost } from '../../support/test-host';

/**
 * The launch's real parts for integration tests: the local host serving the launch and
 * visit-room functions, the sandbox EHR (strict SMART-on-FHIR) registered with this
 * connector, Azurite, and a fresh tenant whose approved base URL is the sandbox.
 */
export const CLIENT_ID = 'connector-under-test';

export function loadLaunchFunctions(): void {
  for (const name of ['launch-provider', 'launch-patient', 'launch-callback', 'jwks', 'visit-lobby', 'visit-host', 'visit-participants', 'visit-participant', 'visit-admit', 'visit-device-test']) {
    require(path.join(__dirname, '..', '..', '..', 'functions', `${name}.ts`));
  }
}

export interface LaunchWorld {
  host: TestHost;
  ehr: SandboxEhr;
  tenantId: string;
  baseUrlId: string;
  configStore: TableConfigStore;
  connection: string;
  stop(): Promise<void>;
}

export async function startLaunchWorld(options: { env?: Record<string, string>; sandbox?: SandboxEhrOptions } = {}): Promise<LaunchWorld> {
  loadLaunchFunctions();
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'launch-keys-'));
  const host = await startTestHost({
    definitions: registeredFunctions(),
    env: { SMART_CLIENT_ID: CLIENT_ID, LOCAL_KEYS_DIR: keysDir, EHR_TIMEOUT_MS: '8000', ...options.env },
  });
  const ehr = await startSandboxEhr({ port: 0, authorization: 'approve', connector: { baseUrl: host.url, clientId: CLIENT_ID }, onError: () => undefined, ...options.sandbox });
  const connection = host.settings.storage.connection;
  const configStore = TableConfigStore.fromConnection(connection);
  const tenantId = randomUUID();
  const baseUrlId = `b${randomUUID().slice(0, 8)}`;
  await seedApprovedBaseUrl(configStore, { tenantId, baseUrlId, url: ehr.fhirBaseUrl, environment: 'test', now: new Date(), hl7SenderId: `T${randomUUID().slice(0, 12)}` });
  return {
    host,
    ehr,
    tenantId,
    baseUrlId,
    configStore,
    connection,
    stop: async () => {
      await ehr.stop();
      await host.stop();
    },
  };
}

export interface LaunchOutcome {
  /** The last response: the visit page's redirect target or the error page. */
  status: number;
  location: string | undefined;
  body: string;
  /** Every URL visited, in order. */
  hops: string[];
}

/** A browser's redirects from the connector's launch URL through the EHR back to the visit (or an error page). */
export async function followLaunch(start: string, maxHops = 6): Promise<LaunchOutcome> {
  const hops: string[] = [];
  let url = start;
  for (let i = 0; i < maxHops; i++) {
    hops.push(url);
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location') ?? undefined;
    const body = await response.text();
    if (response.status !== 302 || !location) return { status: response.status, location, body, hops };
    const next = new URL(location, url).toString();
    if (new URL(next).pathname.startsWith('/api/visits/')) return { status: 302, location: next, body, hops };
    url = next;
  }
  throw new Error(`launch did not settle after ${maxHops} redirects: ${hops.join(' -> ')}`);
}

export function errorCodeOf(body: string): string | undefined {
  return /data-testid="error-code">([A-Z_]+)</.exec(body)?.[1];
}

export async function partitionRows(connection: string, tenantId: string, table: string = TABLES.visits): Promise<Record<string, unknown>[]> {
  const client = TableClient.fromConnectionString(connection, table, { allowInsecureConnection: true });
  const rows: Record<string, unknown>[] = [];
  for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${tenantId}'` } })) rows.push(row);
  return rows;
}

/** The tenant's visits (not the names that lead to them). */
export const visitRows = async (connection: string, tenantId: string): Promise<Record<string, unknown>[]> => (await partitionRows(connection, tenantId)).filter((r) => 'visitKey' in r);

/** The tenant's visit names: name -> the visit key it leads to. */
export async function visitNames(connection: string, tenantId: string): Promise<Map<string, string>> {
  const rows = (await partitionRows(connection, tenantId)).filter((r) => 'leadsTo' in r);
  return new Map(rows.map((r) => [String(r.name), String(r.leadsTo)]));
}

/** The tenant's `ehrusers` rows: the EHR user ids its launches kept. */
export const ehrUserRows = (connection: string, tenantId: string): Promise<Record<string, unknown>[]> => partitionRows(connection, tenantId, TABLES.ehrUsers);
