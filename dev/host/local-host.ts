import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { FunctionDefinition } from '../../functions/_lib/register';
import type { Settings } from '../../shared/settings';
import { configureApp } from '../../functions/_lib/app-context';
import type { Deps } from '../../functions/_lib/deps';
import { createHttpServer, type ExtraRoute } from './http-server';
import { HostEvents } from './host-events';
import { readHostJson, type HostOptions } from './host-json';
import { loadFunctionFiles } from './load-functions';
import { QueuePump } from './queue-pump';
import { TimerScheduler } from './timer-scheduler';

export interface LocalHostOptions {
  settings: Settings;
  /** 0 picks a free port. */
  port: number;
  /** Defaults to every function file; tests may pass their own definitions. */
  definitions?: readonly FunctionDefinition[];
  /** Overrides of host.json's queue options (tests use short timeouts). */
  queues?: Partial<HostOptions['queues']> & { leaseMs?: number };
  /** Replace some dependencies (tests: a fixed clock, a stub). */
  depOverrides?: Partial<Deps>;
  extraRoutes?: ExtraRoute[];
  /** Where log lines go (stdout for `npm start`). */
  print?: (line: string) => void;
}

export interface LocalHost {
  url: string;
  port: number;
  events: HostEvents;
  definitions: readonly FunctionDefinition[];
  stop(): Promise<void>;
}

/**
 * The project's own Functions host for laptops and tests: serves HTTP functions under
 * /api, delivers storage-queue messages and fires timers, from the same registrations Azure loads.
 */
export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  configureApp(options.settings, options.depOverrides);
  const hostJson = readHostJson();
  const definitions = options.definitions ?? loadFunctionFiles();
  const events = new HostEvents(options.print);

  const queueDefs = definitions.filter((d): d is Extract<FunctionDefinition, { kind: 'storageQueue' }> => d.kind === 'storageQueue');
  if (definitions.some((d) => d.kind === 'serviceBusQueue')) {
    throw new Error('The local host delivers storage queues only: set QUEUE_TRANSPORT=storage for local runs');
  }
  const queueOptions = { ...hostJson.queues, leaseMs: 30_000, ...options.queues };
  const pumps = queueDefs.map((d) => new QueuePump(d, options.settings.storage.connection, queueOptions, events));
  const timers = new TimerScheduler(definitions.filter((d): d is Extract<FunctionDefinition, { kind: 'timer' }> => d.kind === 'timer'), events);
  const httpDefs = definitions.filter((d): d is Extract<FunctionDefinition, { kind: 'http' }> => d.kind === 'http');
  const server = createHttpServer(httpDefs, hostJson.routePrefix, events, options.extraRoutes);

  await Promise.all(pumps.map((p) => p.start()));
  try {
    await listen(server, options.port);
  } catch (error) {
    await Promise.all(pumps.map((p) => p.stop()));
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  timers.start();

  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    events,
    definitions,
    stop: () => {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await timers.stop();
        await Promise.all(pumps.map((p) => p.stop()));
      })();
      return stopping;
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: set PORT to another port`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}
