import { z } from 'zod';
import { TENANT_ID } from '../../domain/config/organisation';
import { DomainError } from '../../domain/errors';
import type { DevTokenIssuer } from '../../ports/dev-token-issuer';
import { parseInput } from '../config/parse-input';

/**
 * The portal's dev sign-in (ADMIN_AUTH_MODE=dev only): a token from the dev issuer for the
 * chosen tenant, user and role, verified by the admin API exactly like an Entra ID token.
 * In Entra mode there is no issuer here and the endpoint does not exist (404).
 */
export const devSignInInput = z.strictObject({
  tenantId: z.string().trim().toLowerCase().regex(TENANT_ID, 'must be a tenant GUID such as 00000000-0000-4000-8000-00000000d3e0'),
  user: z.string().trim().toLowerCase().max(254, 'must be at most 254 characters').regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be a user principal name such as admin@contoso.example'),
  role: z.enum(['admin', 'approver', 'reader'], { message: 'must be admin, approver or reader' }),
});

export async function devSignIn(deps: { devTokens: DevTokenIssuer | undefined }, input: { readBody: () => Promise<unknown> }): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  if (!deps.devTokens) throw new DomainError('not_found', 'The dev sign-in exists only when ADMIN_AUTH_MODE=dev.', { reason: 'DEV_SIGN_IN_DISABLED' });
  const request = parseInput(devSignInInput, await input.readBody());
  const issued = await deps.devTokens.issue(request);
  return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: issued.expiresInSeconds };
}
