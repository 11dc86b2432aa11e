import { DomainError } from '../../domain/errors';
import type { PortalFile, PortalFiles } from '../../ports/portal-files';
import type { PortalSettings } from '../../settings/portal';

/**
 * What the `portal` function answers for a path under `/api/portal/`: a file of the build,
 * the runtime configuration the single-page app reads first (`config.json`), or the app's
 * `index.html` for any page path (the app routes in the browser).
 */
export interface PortalClientConfig {
  /** Where the admin API lives, relative to the site. */
  apiBase: '/api';
  signIn: PortalSettings['signIn'];
  /** The app-role names in tokens (the portal shows the signed-in user's role). */
  roles: PortalSettings['roles'];
}

export type PortalAnswer = { kind: 'file'; file: PortalFile } | { kind: 'config'; config: PortalClientConfig } | { kind: 'not_built' };

export const portalClientConfig = (settings: PortalSettings): PortalClientConfig => ({ apiBase: '/api', signIn: settings.signIn, roles: settings.roles });

/** A safe path inside the build: relative segments of plain characters, no `.`/`..`, no backslash. */
export function portalPath(raw: string): string | undefined {
  const trimmed = raw.replace(/^\/+/, '');
  if (trimmed === '') return 'index.html';
  if (trimmed.length > 200 || !/^[A-Za-z0-9._/-]+$/.test(trimmed)) return undefined;
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.startsWith('.'))) return undefined;
  return segments.join('/');
}

export async function servePortal(deps: { files: PortalFiles; config: PortalClientConfig }, input: { path: string }): Promise<PortalAnswer> {
  const wanted = portalPath(input.path);
  if (!wanted) throw notFound();
  if (wanted === 'config.json') return { kind: 'config', config: deps.config };
  if (!(await deps.files.isBuilt())) return { kind: 'not_built' };
  const file = await deps.files.read(wanted);
  if (file) return { kind: 'file', file };
  // A page of the app (no file extension) gets the app itself; a missing asset is a 404.
  if (/\.[A-Za-z0-9]+$/.test(wanted)) throw notFound();
  const index = await deps.files.read('index.html');
  if (!index) return { kind: 'not_built' };
  return { kind: 'file', file: index };
}

const notFound = () => new DomainError('not_found', 'There is no such file in the admin portal.', { reason: 'PORTAL_FILE_NOT_FOUND' });
