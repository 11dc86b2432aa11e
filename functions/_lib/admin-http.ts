import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { AdminPrincipal } from '../../shared/domain/config/access';
import { DomainError } from '../../shared/domain/errors';
import { adminPrincipal } from './auth';

/** Request and response plumbing shared by the admin API functions (config-*). */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export interface AdminCall {
  principal: AdminPrincipal;
  tenantId: string;
  ifMatch: string | undefined;
}

/** Authenticates first (so an anonymous caller learns nothing about the body), then reads the path. */
export async function adminCall(request: HttpRequest): Promise<AdminCall> {
  const principal = await adminPrincipal(request);
  const tenantId = (request.params.tenantId ?? '').toLowerCase();
  return { principal, tenantId, ifMatch: request.headers.get('if-match') ?? undefined };
}

/** The JSON body, or a validation error naming `body`. */
export async function jsonBody(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_ADMIN_BODY_BYTES) throw new DomainError('payload_too_large', `The body is larger than ${MAX_ADMIN_BODY_BYTES / 1024} KB.`, { fields: [{ field: 'body', message: 'is too large' }] });
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(merge-patch\+)?json\b/i.test(type)) throw new DomainError('validation', 'Send the body as JSON (Content-Type: application/json).', { fields: [{ field: 'body', message: 'must be application/json' }] });
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('validation', 'The body is not valid JSON.', { fields: [{ field: 'body', message: 'is not valid JSON' }] });
  }
}

export function json(status: number, body: unknown, etag?: string, extra: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...(etag ? { ETag: etag } : {}), ...extra },
    body: JSON.stringify(body),
  };
}

/** An ETag for a list: changes whenever any item's ETag does. */
export const listEtag = (etags: string[]): string => `W/"${createHash('sha256').update(etags.join('|')).digest('base64url').slice(0, 27)}"`;

export const noContent = (): HttpResponseInit => ({ status: 204, headers: { 'Cache-Control': 'no-store' } });
