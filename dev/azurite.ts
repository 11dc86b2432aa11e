import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './paths';

export interface AzuriteInstance {
  ports: { blob: number; queue: number; table: number };
  /** The Azurite process (benchmarks read its CPU time). */
  pid: number | undefined;
  /** A full connection string with these ports (the well-known Azurite development account). */
  connection: string;
  stop(): Promise<void>;
}

const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnection(ports: { blob: number; queue: number; table: number }): string {
  const host = 'http://127.0.0.1';
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${ACCOUNT}`,
    `AccountKey=${KEY}`,
    `BlobEndpoint=${host}:${ports.blob}/${ACCOUNT}`,
    `QueueEndpoint=${host}:${ports.queue}/${ACCOUNT}`,
    `TableEndpoint=${host}:${ports.table}/${ACCOUNT}`,
  ].join(';') + ';';
}

/**
 * Starts Azurite from node_modules/.bin (not npx, whose death would orphan it). Port 0 means
 * "any free port": the actual ports are read from Azurite's own start-up lines.
 * In memory unless `location` is given. Stopped with SIGINT, which lets it flush.
 */
export async function startAzurite(options: { blob?: number; queue?: number; table?: number; location?: string } = {}): Promise<AzuriteInstance> {
  const bin = path.join(projectRoot(), 'node_modules', '.bin', 'azurite');
  const args = [
    '--silent', '--skipApiVersionCheck', '--disableTelemetry', '--loose',
    '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    '--blobPort', String(options.blob ?? 0), '--queuePort', String(options.queue ?? 0), '--tablePort', String(options.table ?? 0),
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
  ];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const ports = await readPorts(child);
  return {
    ports,
    pid: child.pid,
    connection: azuriteConnection(ports),
    stop: () => stopChild(child),
  };
}

function readPorts(child: ChildProcess): Promise<{ blob: number; queue: number; table: number }> {
  return new Promise((resolve, reject) => {
    const found: Record<string, number> = {};
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      for (const m of output.matchAll(/Azurite (Blob|Queue|Table) service is successfully listening at http:\/\/127\.0\.0\.1:(\d+)/g)) {
        found[m[1]!.toLowerCase()] = Number(m[2]);
      }
      if (found.blob && found.queue && found.table) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ blob: found.blob, queue: found.queue, table: found.table });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`Azurite exited (${code}) before listening:\n${output.slice(-2000)}`)));
    child.once('error', reject);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT');
  });
}
