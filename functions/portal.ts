import type { HttpResponseInit } from '@azure/functions';
import { servePortal } from '../shared/usecases/portal/serve-portal';
import { deps } from './_lib/app-context';
import { portalHeaders } from './_lib/portal-headers';
import { httpFunction } from './_lib/register';

/**
 * The admin portal's static files at `/api/portal/` (host.json's routePrefix is `api` for every
 * function, so Azure and the local host serve the same URL), plus `config.json`, the runtime
 * settings the single-page app reads before signing in.
 */
httpFunction('portal', {
  route: 'portal/{*path}',
  methods: ['GET', 'HEAD'],
  handler: async (request): Promise<HttpResponseInit> => {
    const { pathname } = new URL(request.url);
    if (!pathname.endsWith('/') && (request.params.path ?? '') === '') return { status: 301, headers: { Location: `${pathname}/`, 'Cache-Control': 'no-store' } };
    const { portal } = deps();
    const answer = await servePortal(portal, { path: request.params.path ?? '' });
    if (answer.kind === 'not_built') {
      return { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: 'The admin portal is not built: run npm run build.' };
    }
    if (answer.kind === 'config') {
      return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }, body: JSON.stringify(answer.config) };
    }
    const { file } = answer;
    return { status: 200, headers: { ...portalHeaders(portal.config), 'Content-Type': file.contentType, 'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache' }, body: file.body };
  },
});
