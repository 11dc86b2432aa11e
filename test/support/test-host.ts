import type { Environment, Settings } from '../../shared/settings';
import { provisionStorage } from '../../shared/adapters/provision';
import { configureApp } from '../../functions/_lib/app-context';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../dev/host/local-host';
import { testSettings } from './settings';

export interface TestHost extends LocalHost {
  settings: Settings;
  /** The log lines the host and its functions wrote (scan them for personal data). */
  lines: string[];
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * Starts the local host on a free port against the test run's Azurite, with every function
 * file loaded (or the given definitions). PUBLIC_BASE_URL is the host's own URL.
 * Always `await host.stop()` in afterAll/afterEach.
 */
export async function startTestHost(options: { env?: Environment } & Partial<Omit<LocalHostOptions, 'settings' | 'port'>> = {}): Promise<TestHost> {
  const lines: string[] = [];
  const { env = {}, ...rest } = options;
  // The public URL must name the real port: reserve it by starting first, then reconfigure.
  const provisional = testSettings(env);
  await provisionStorage(provisional);
  const host = await startLocalHost({ ...rest, settings: provisional, port: 0, print: (line) => void lines.push(line) });
  const settings = testSettings({ PUBLIC_BASE_URL: host.url, ...env });
  configureApp(settings, rest.depOverrides);
  return {
    ...host,
    settings,
    lines,
    fetch: (path, init) => fetch(`${host.url}${path}`, { redirect: 'manual', ...init }),
  };
}
