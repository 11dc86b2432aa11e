import path from 'node:path';
import { configureApp } from '../../../functions/_lib/app-context';
import { registeredFunctions } from '../../../functions/_lib/register';
import { startLocalHost } from '../../../dev/host/local-host';
import { loadSettings } from '../../../shared/settings';

/**
 * The local host with the scheduling feed's functions, as its own process, so a test can
 * stop it abruptly (SIGKILL). Settings come from the environment; prints `{"url": ...}`
 * once it listens. Queue leases are short so a restarted host picks up unfinished work soon.
 */
const FEED_FUNCTIONS = ['hl7-receive', 'hl7-process'];

async function main(): Promise<void> {
  const provisional = loadSettings(process.env);
  configureApp(provisional);
  for (const name of FEED_FUNCTIONS) require(path.join(__dirname, '..', '..', '..', 'functions', `${name}.ts`));
  const host = await startLocalHost({
    settings: provisional,
    port: 0,
    definitions: registeredFunctions().filter((d) => FEED_FUNCTIONS.includes(d.name)),
    queues: { leaseMs: 4000, visibilityTimeoutMs: 500, maxPollingIntervalMs: 200, batchSize: 16 },
    print: () => undefined,
  });
  configureApp(loadSettings({ ...process.env, PUBLIC_BASE_URL: host.url }));
  process.stdout.write(`${JSON.stringify({ url: host.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
