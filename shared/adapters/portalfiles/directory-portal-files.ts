import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PortalFile, PortalFiles } from '../../ports/portal-files';

/**
 * The portal build on disk. The list of files is read once (a request can only reach a
 * file that is in it, so no path trick escapes the folder); contents are cached after the
 * first read. A missing build is looked for again on the next request.
 */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export class DirectoryPortalFiles implements PortalFiles {
  private listing: Promise<Set<string>> | undefined;
  private readonly cache = new Map<string, PortalFile>();

  constructor(private readonly root: string) {}

  async isBuilt(): Promise<boolean> {
    return (await this.files()).has('index.html');
  }

  async read(relative: string): Promise<PortalFile | undefined> {
    const cached = this.cache.get(relative);
    if (cached) return cached;
    if (!(await this.files()).has(relative)) return undefined;
    const extension = path.extname(relative).toLowerCase();
    const file: PortalFile = {
      body: await readFile(path.join(this.root, ...relative.split('/'))),
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      immutable: relative.startsWith('assets/'),
    };
    this.cache.set(relative, file);
    return file;
  }

  private async files(): Promise<Set<string>> {
    const listing = await (this.listing ??= list(this.root));
    if (listing.size === 0) this.listing = undefined;
    return listing;
  }
}

async function list(root: string): Promise<Set<string>> {
  if (!existsSync(root)) return new Set();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return new Set(entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/')));
}

/** The function app's root (the folder holding host.json), from `functions/` or `dist/functions/`. */
export function appRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'host.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`host.json not found above ${from}`);
    dir = parent;
  }
  return dir;
}
