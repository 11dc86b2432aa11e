import type { Clock } from '../../ports/clock';
import type { DevTokenIssuer } from '../../ports/dev-token-issuer';
import { signDevToken, type DevIssuerKey } from '../devauth/dev-issuer';

/** The dev issuer's tokens for the portal's dev sign-in page: the same claims `npm run dev:token` signs. */
export const DEV_SIGN_IN_LIFETIME_SECONDS = 3600;

export class KeyFileDevTokenIssuer implements DevTokenIssuer {
  constructor(
    private readonly key: () => DevIssuerKey,
    private readonly options: { issuer: string; audience: string; adminRole: string; readerRole: string; clock: Clock },
  ) {}

  async issue(request: { tenantId: string; user: string; role: 'admin' | 'approver' | 'reader' }): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const o = this.options;
    const accessToken = await signDevToken(this.key(), {
      issuer: o.issuer, audience: o.audience, tenantId: request.tenantId, user: request.user, role: request.role,
      adminRoleName: o.adminRole, readerRoleName: o.readerRole, now: o.clock.now(), lifetimeSeconds: DEV_SIGN_IN_LIFETIME_SECONDS,
    });
    return { accessToken, expiresInSeconds: DEV_SIGN_IN_LIFETIME_SECONDS };
  }
}
