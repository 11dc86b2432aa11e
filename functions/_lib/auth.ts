import type { HttpRequest } from '@azure/functions';
import type { AdminPrincipal } from '../../shared/domain/config/access';
import { DomainError } from '../../shared/domain/errors';
import { deps } from './app-context';

/** The admin API caller, from `Authorization: Bearer <jwt>`; 401 for anything missing or invalid. */
export async function adminPrincipal(request: HttpRequest): Promise<AdminPrincipal> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(header.trim());
  if (!match?.[1] || match[1].length > 16_000) {
    throw new DomainError('unauthorized', 'Sign in: send an Authorization: Bearer token for the admin API.', { reason: 'TOKEN_MISSING' });
  }
  return deps().adminTokenVerifier.verify(match[1]);
}
