import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyLimited } from '../read-body';

/** Small helpers for the sandbox's hand-rolled HTTP server (it is a dev tool, not a function app). */

const MAX_FORM_BYTES = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams | 'too_large' | 'wrong_type'> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  const body = await readBodyLimited(req, MAX_FORM_BYTES);
  if (body === 'too_large') return 'too_large';
  if (type !== 'application/x-www-form-urlencoded') return 'wrong_type';
  return new URLSearchParams(body.toString('utf8'));
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Pragma: 'no-cache', ...headers });
  res.end(JSON.stringify(body));
}

export function sendFhir(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left}
button{padding:.3rem .8rem;margin:.1rem}.note{color:#555}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** One query value, undefined when absent or repeated (a repeated OAuth parameter is an error, RFC 6749 3.1). */
export function single(params: URLSearchParams, name: string): string | undefined | 'repeated' {
  const all = params.getAll(name);
  if (all.length > 1) return 'repeated';
  return all[0];
}
