import path from 'node:path';
import { loadSettings, SettingsError, type Settings } from '../shared/settings';
import { provisionStorage } from '../shared/adapters/provision';
import { outboxPageRoute } from '../shared/adapters/outbox/outbox-page';
import { OutboxStore } from '../shared/adapters/outbox/outbox-store';
import { startAzurite, type AzuriteInstance } from './azurite';
import { devPorts, localEnvironment } from './environment';
import { startLocalHost, type LocalHost } from './host/local-host';
import { projectRoot } from './paths';
import { startDevelopmentSandbox, type DevelopmentSandbox } from './seed/development-sandbox';
import { prepareSigningKeys } from './seed/signing-keys';
import { configureApp } from '../functions/_lib/app-context';

/**
 * `npm start`: Azurite (in memory unless AZURITE_LOCATION or --persist), the tables and
 * queues, the local Functions host, the sandbox EHR with the development tenant seeded,
 * then a banner. Ctrl-C stops everything, Azurite last with SIGINT so it can flush.
 */
async function main(): Promise<void> {
  const started = performance.now();
  const env = localEnvironment(process.env);
  if (process.argv.includes('--persist')) env.AZURITE_LOCATION ??= path.join(projectRoot(), '.local', 'azurite');
  const ports = devPorts.parse(env);
  const stack: { azurite?: AzuriteInstance; host?: LocalHost; sandbox?: DevelopmentSandbox } = {};
  const shutdown = once(async () => {
    await stack.host?.stop();
    await stack.sandbox?.sandbox.stop();
    await stack.azurite?.stop();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown().then(() => process.exit(0)));
  }
  try {
    stack.azurite = await startAzurite({ blob: ports.AZURITE_BLOB_PORT, queue: ports.AZURITE_QUEUE_PORT, table: ports.AZURITE_TABLE_PORT, location: ports.AZURITE_LOCATION });
    const settingsAt = (publicBaseUrl: string) => loadSettings({ ...env, STORAGE_CONNECTION: stack.azurite!.connection, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? publicBaseUrl });
    let settings = settingsAt(`http://127.0.0.1:${ports.PORT}`);
    await provisionStorage(settings);
    await prepareSigningKeys(settings);
    stack.host = await startLocalHost({ settings, port: ports.PORT, extraRoutes: [outboxPageRoute(OutboxStore.fromConnection(settings.storage.connection, settings.sms.hashKey))], print: (line) => process.stdout.write(`${line}\n`) });
    if (ports.PORT === 0) {
      // PORT=0 picked a free port: links, redirect URIs and the JWKS URL must name the real one.
      settings = settingsAt(stack.host.url);
      configureApp(settings);
    }
    stack.sandbox = await startDevelopmentSandbox({ settings, environment: env });
    printBanner(settings, stack.host, stack.sandbox, stack.azurite, performance.now() - started);
  } catch (error) {
    process.stderr.write(`\nnpm start failed: ${error instanceof SettingsError || error instanceof Error ? error.message : String(error)}\n`);
    await shutdown();
    process.exit(1);
  }
}

function printBanner(settings: Settings, host: LocalHost, dev: DevelopmentSandbox, azurite: AzuriteInstance, ms: number): void {
  const api = `${host.url}/api`;
  const lines = [
    '',
    'EHR virtual-visit connector — local stack ready in ' + (ms / 1000).toFixed(1) + ' s',
    '',
    `  Functions host      ${host.url}  (${host.definitions.length} functions; health: ${api}/health)`,
    `  Sandbox EHR         ${dev.sandbox.url}  (home page with "Start virtual visit" / "Virtual visit")`,
    `  FHIR base URL       ${dev.sandbox.fhirBaseUrl}  (approved for tenant ${dev.tenant.tenantId})`,
    `  Admin API           ${api}/tenants/${dev.tenant.tenantId}/...  (token: npm run dev:token -- --tenant ${dev.tenant.tenantId} --role admin)`,
    `  Admin portal        ${api}/portal/  (dev sign-in as admin, approver or reader)`,
    `  HL7 feed            ${api}/hl7  (send samples: npm run hl7:send -- test/fixtures/hl7/siu)`,
    `                      text the sandbox's patients: npm run hl7:send -- --sandbox  (then open the SMS outbox)`,
    `  SMS outbox          ${api}/dev/sms`,
    `  JWKS                ${api}/.well-known/jwks.json`,
    `  Azurite             blob ${azurite.ports.blob}, queue ${azurite.ports.queue}, table ${azurite.ports.table} (${settings.storage.connection.includes('127.0.0.1') ? 'local' : 'remote'})`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}

void main();
