import type { HttpRequest } from '@azure/functions';
import type { AdminPrincipal } from '../../shared/domain/config/access';
import { DomainError } from '../../shared/domain/errors';
import { deps } from './app-context';

/** The signed-in admin of a dead-letter request: the configuration area's verifier (Entra ID, or the dev issuer locally). */
export async function feedAdmin(request: HttpRequest): Promise<AdminPrincipal> {
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token) throw new DomainError('unauthorized', 'Sign in: this API needs an admin bearer token.', { reason: 'ADMIN_TOKEN_MISSING' });
  return deps().adminTokenVerifier.verify(token);
}
