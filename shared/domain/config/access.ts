import { DomainError } from '../errors';
import type { BaseUrl } from './base-url';

/**
 * Who is calling the admin API, as proven by a verified bearer token, and what they may do.
 * - admin: the tenant's admin app role; changes everything except approvals.
 * - reader: read-only (reports, troubleshooting).
 * - approver: not a role but a person: the user whose UPN is named on a base URL; only
 *   they may sign in to the EHR for it and approve it.
 */
export type AdminRole = 'admin' | 'reader';

export interface AdminPrincipal {
  tenantId: string;
  /** The user's object id (`oid`), stable across renames. */
  userId: string;
  /** User principal name, lower case (`preferred_username` / `upn`). */
  upn: string;
  roles: readonly AdminRole[];
}

export function requireTenant(principal: AdminPrincipal, tenantId: string): void {
  if (principal.tenantId !== tenantId.toLowerCase()) {
    throw new DomainError('forbidden', "Your sign-in belongs to another organisation's tenant.", { reason: 'TENANT_MISMATCH' });
  }
}

export function requireAdmin(principal: AdminPrincipal, tenantId: string): void {
  requireTenant(principal, tenantId);
  if (!principal.roles.includes('admin')) {
    throw new DomainError('forbidden', 'Changing the configuration needs the connector admin role.', { reason: 'ADMIN_ROLE_REQUIRED' });
  }
}

/** Admins and readers may read the whole configuration. */
export function requireReader(principal: AdminPrincipal, tenantId: string): void {
  requireTenant(principal, tenantId);
  if (!principal.roles.includes('admin') && !principal.roles.includes('reader')) {
    throw new DomainError('forbidden', 'Reading the configuration needs the connector admin or reader role.', { reason: 'READER_ROLE_REQUIRED' });
  }
}

export const isApproverOf = (principal: AdminPrincipal, baseUrl: Pick<BaseUrl, 'approverUpn'>): boolean =>
  baseUrl.approverUpn !== undefined && baseUrl.approverUpn === principal.upn;

/** Only the named approver may sign in to the EHR for a base URL and approve it. */
export function requireApprover(principal: AdminPrincipal, baseUrl: Pick<BaseUrl, 'tenantId' | 'approverUpn'>): void {
  requireTenant(principal, baseUrl.tenantId);
  if (!isApproverOf(principal, baseUrl)) {
    throw new DomainError('forbidden', 'Only the approver named on this base URL may approve it.', { reason: 'NOT_THE_APPROVER' });
  }
}

/** Reading one base URL (and its integration records): admins, readers and its approver. */
export function requireReaderOrApprover(principal: AdminPrincipal, baseUrl: Pick<BaseUrl, 'tenantId' | 'approverUpn'>): void {
  requireTenant(principal, baseUrl.tenantId);
  if (isApproverOf(principal, baseUrl)) return;
  requireReader(principal, baseUrl.tenantId);
}
