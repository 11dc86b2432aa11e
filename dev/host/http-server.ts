import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HttpRequest, HttpResponse, InvocationContext, type HttpResponseInit } from '@azure/functions';
import type { FunctionDefinition } from '../../functions/_lib/register';
import { compileRoute, type CompiledRoute } from './routes';
import { readBodyLimited } from '../read-body';
import type { HostEvents } from './host-events';

type HttpDefinition = Extract<FunctionDefinition, { kind: 'http' }>;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Extra, non-function routes the local host serves itself (dev pages, the sandbox's helpers). */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** Serves HTTP functions under `/{routePrefix}/{route}` with Azure's routing: params, 404, 405. */
export function createHttpServer(definitions: HttpDefinition[], routePrefix: string, events: HostEvents, extra: ExtraRoute[] = []): Server {
  const routes = definitions.map((d) => ({ definition: d, route: compileRoute(d.route) }));
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      events.log('error', 'local host failed to serve a request', { error });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('local host error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const route of extra) if (await route(req, res)) return;
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const path = stripPrefix(url.pathname, routePrefix);
    const matches = path === undefined ? [] : routes.flatMap((r) => matchOne(r, path));
    if (matches.length === 0) return send(res, 404, 'Not Found');
    const method = (req.method ?? 'GET').toUpperCase();
    const hit = matches.find((m) => m.definition.methods.includes(method as never));
    if (!hit) return send(res, 405, 'Method Not Allowed', { Allow: [...new Set(matches.flatMap((m) => m.definition.methods))].join(', ') });
    const body = await readBodyLimited(req, MAX_BODY_BYTES);
    if (body === 'too_large') return send(res, 413, 'Payload Too Large');
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      params: hit.params,
      ...(body.length > 0 ? { body: { bytes: body } } : {}),
    });
    const context = newContext(hit.definition.name, events);
    const started = performance.now();
    let result: HttpResponseInit | HttpResponse;
    try {
      result = await hit.definition.handler(request, context);
    } catch (error) {
      events.invocation({ functionName: hit.definition.name, invocationId: context.invocationId, durationMs: performance.now() - started, ok: false, error });
      throw error;
    }
    const response = result instanceof HttpResponse ? result : new HttpResponse(result);
    const payload = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string | string[]> = {};
    response.headers.forEach((value, key) => void (headers[key] = value));
    const cookies = response.cookies.map((c) => `${c.name}=${c.value}; Path=${c.path ?? '/'}${c.httpOnly ? '; HttpOnly' : ''}${c.secure ? '; Secure' : ''}${c.sameSite ? `; SameSite=${c.sameSite}` : ''}${c.maxAge !== undefined ? `; Max-Age=${c.maxAge}` : ''}`);
    if (cookies.length > 0) headers['set-cookie'] = cookies;
    res.writeHead(response.status, headers);
    res.end(method === 'HEAD' ? undefined : payload);
    events.invocation({ functionName: hit.definition.name, invocationId: context.invocationId, durationMs: performance.now() - started, ok: true, status: response.status });
  }
}

function matchOne(r: { definition: HttpDefinition; route: CompiledRoute }, path: string): { definition: HttpDefinition; params: Record<string, string> }[] {
  const params = r.route.match(path);
  return params ? [{ definition: r.definition, params }] : [];
}

function stripPrefix(pathname: string, prefix: string): string | undefined {
  if (prefix === '') return pathname;
  const lower = pathname.toLowerCase();
  const p = `/${prefix.toLowerCase()}`;
  if (lower === p) return '/';
  return lower.startsWith(`${p}/`) ? pathname.slice(p.length) : undefined;
}

export function newContext(functionName: string, events: HostEvents, triggerMetadata: Record<string, unknown> = {}): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    triggerMetadata,
    logHandler: (level, ...args) => events.functionLog(level, args),
  });
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}
