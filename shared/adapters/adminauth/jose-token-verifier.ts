import { z } from 'zod';
import type { AdminPrincipal, AdminRole } from '../../domain/config/access';
import { isTenantId } from '../../domain/config/organisation';
import { DomainError } from '../../domain/errors';
import type { AdminTokenVerifier } from '../../ports/admin-token-verifier';
import type { Clock } from '../../ports/clock';
import { loadJose } from '../../smart/esm';

/**
 * Admin API bearer tokens, verified with `jose` against the issuer's JWKS: Entra ID in
 * Azure, the dev issuer locally. `issuer` may hold `{tenantid}` (Entra's multi-tenant
 * issuer); it is replaced by the token's own `tid` before comparing.
 */
export interface JoseVerifierOptions {
  issuer: string;
  jwksUrl: string;
  audience: string;
  adminRole: string;
  readerRole: string;
  clock: Clock;
}

const claims = z.object({
  tid: z.string(),
  oid: z.string().optional(),
  sub: z.string(),
  preferred_username: z.string().optional(),
  upn: z.string().optional(),
  roles: z.array(z.string()).optional(),
  exp: z.number(),
});

type KeySet = Parameters<Awaited<ReturnType<typeof loadJose>>['jwtVerify']>[1];

export class JoseAdminTokenVerifier implements AdminTokenVerifier {
  private keys: Promise<KeySet> | undefined;

  constructor(private readonly options: JoseVerifierOptions, keySet?: KeySet) {
    if (keySet) this.keys = Promise.resolve(keySet);
  }

  async verify(token: string): Promise<AdminPrincipal> {
    const jose = await loadJose();
    this.keys ??= Promise.resolve(jose.createRemoteJWKSet(new URL(this.options.jwksUrl), { timeoutDuration: 5000 }));
    let payload: unknown;
    try {
      const result = await jose.jwtVerify(token, await this.keys, {
        audience: this.options.audience,
        algorithms: ['RS256', 'RS384', 'ES256', 'ES384'],
        currentDate: this.options.clock.now(),
        requiredClaims: ['exp', 'tid', 'iss'],
        clockTolerance: 60,
      });
      payload = result.payload;
    } catch (error) {
      throw unauthorized(error);
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) throw unauthorized();
    const c = parsed.data;
    const tenantId = c.tid.toLowerCase();
    if (!isTenantId(tenantId)) throw unauthorized();
    const expectedIssuer = this.options.issuer.replace('{tenantid}', tenantId);
    const iss = z.object({ iss: z.string() }).safeParse(payload);
    if (!iss.success || iss.data.iss !== expectedIssuer) throw unauthorized();
    const upn = (c.preferred_username ?? c.upn ?? '').toLowerCase();
    const roles: AdminRole[] = [];
    if (c.roles?.includes(this.options.adminRole)) roles.push('admin');
    if (c.roles?.includes(this.options.readerRole)) roles.push('reader');
    return { tenantId, userId: c.oid ?? c.sub, upn, roles };
  }
}

function unauthorized(cause?: unknown): DomainError {
  const expired = typeof cause === 'object' && cause !== null && 'code' in cause && cause.code === 'ERR_JWT_EXPIRED';
  return new DomainError('unauthorized', expired ? 'Your sign-in has expired; sign in again.' : 'A valid sign-in token is required.', {
    reason: expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
    cause,
  });
}
