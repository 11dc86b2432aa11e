import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project root, whether this code runs from `dev/` (tests) or from `dist/dev/` (npm start). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'host.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('host.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}
