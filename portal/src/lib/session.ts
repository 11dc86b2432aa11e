import { z } from 'zod';
import type { PortalConfig } from './config';

/**
 * Who is signed in, read from the access token for display and for hiding what the role
 * may not do. The admin API verifies the token itself; nothing here is trusted by it.
 * - admin: the admin app role; reader: the reader app role;
 * - approver: neither role: a person named as approver on base URLs.
 */
export type PortalRole = 'admin' | 'reader' | 'approver';

export interface Session {
  token: string;
  tenantId: string;
  upn: string;
  role: PortalRole;
  /** Seconds since the epoch. */
  expiresAt: number;
}

const claims = z.object({
  tid: z.string(),
  preferred_username: z.string().optional(),
  upn: z.string().optional(),
  roles: z.array(z.string()).optional(),
  exp: z.number(),
});

export function sessionFromToken(token: string, roles: PortalConfig['roles']): Session {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('The sign-in did not return a token.');
  let decoded: unknown;
  try {
    decoded = JSON.parse(decodeBase64Url(payload));
  } catch {
    throw new Error('The sign-in returned an unreadable token.');
  }
  const parsed = claims.safeParse(decoded);
  if (!parsed.success) throw new Error('The sign-in token lacks the tenant or expiry.');
  const c = parsed.data;
  const role: PortalRole = c.roles?.includes(roles.admin) ? 'admin' : c.roles?.includes(roles.reader) ? 'reader' : 'approver';
  return { token, tenantId: c.tid.toLowerCase(), upn: (c.preferred_username ?? c.upn ?? '').toLowerCase(), role, expiresAt: c.exp };
}

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export const isExpired = (session: Session, nowMs: number): boolean => session.expiresAt * 1000 <= nowMs + 30_000;

export const ROLE_LABEL: Record<PortalRole, string> = { admin: 'Admin', reader: 'Reader', approver: 'Approver' };

/** Pages of the setup flow, in order, and who may open each. */
export const PAGES = [
  { path: 'configuration', title: 'Configuration', step: '1', roles: ['admin', 'reader'] },
  { path: 'sms', title: 'SMS notifications', step: '2', note: 'optional', roles: ['admin', 'reader'] },
  { path: 'approve', title: 'Approve or view', step: '3', roles: ['admin', 'reader', 'approver'] },
  { path: 'review', title: 'Review and finish', step: '4', roles: ['admin', 'reader', 'approver'] },
  { path: 'audit', title: 'Audit', step: '', roles: ['admin', 'reader'] },
] as const satisfies readonly { path: string; title: string; step: string; note?: string; roles: readonly PortalRole[] }[];

export type PagePath = (typeof PAGES)[number]['path'];

export function pagesFor(role: PortalRole): (typeof PAGES)[number][] {
  return PAGES.filter((p) => (p.roles as readonly PortalRole[]).includes(role));
}

/** The page a hash names (`#/sms`), or the role's first page. */
export function pageFromHash(hash: string, role: PortalRole): PagePath {
  const wanted = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  const allowed = pagesFor(role);
  return allowed.find((p) => p.path === wanted)?.path ?? allowed[0]?.path ?? 'review';
}
