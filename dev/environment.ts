import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Environment } from '../shared/settings';
import { projectRoot } from './paths';

/**
 * The settings `npm start` runs with: local.settings.json when a developer made one,
 * else local.settings.sample.json; variables already in the environment win (so
 * `PORT=7171 npm start` works). Azure reads the same names from its app settings.
 */
const settingsFile = z.object({ Values: z.record(z.string(), z.string()) });

export function localEnvironment(env: Environment): Environment {
  const root = projectRoot();
  const own = path.join(root, 'local.settings.json');
  const file = existsSync(own) ? own : path.join(root, 'local.settings.sample.json');
  const parsed = settingsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${path.basename(file)} must have a "Values" object of strings`);
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  return { ...parsed.data.Values, ...defined };
}

const portNumber = (name: string, fallback: number) =>
  z.coerce.number({ error: `${name} must be a port number` }).int().min(0).max(65535).default(fallback);

export const devPorts = z.object({
  PORT: portNumber('PORT', 7071),
  AZURITE_BLOB_PORT: portNumber('AZURITE_BLOB_PORT', 10000),
  AZURITE_QUEUE_PORT: portNumber('AZURITE_QUEUE_PORT', 10001),
  AZURITE_TABLE_PORT: portNumber('AZURITE_TABLE_PORT', 10002),
  /** Set (for example to `.local/azurite`) to keep Azurite's data between runs; in memory otherwise. */
  AZURITE_LOCATION: z.string().optional(),
});
