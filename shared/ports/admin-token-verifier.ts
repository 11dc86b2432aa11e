import type { AdminPrincipal } from '../domain/config/access';

/**
 * Checks an admin API bearer token (signature against the issuer's JWKS, issuer, audience,
 * expiry, tenant) and says who it belongs to. Throws `DomainError('unauthorized')` for any
 * token that is not valid; it never says which check failed in a way that helps forging.
 */
export interface AdminTokenVerifier {
  verify(token: string): Promise<AdminPrincipal>;
}
