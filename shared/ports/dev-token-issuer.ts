/** Development only: signs admin-API tokens as the dev issuer for the portal's dev sign-in page. */
export type DevSignInRole = 'admin' | 'approver' | 'reader';

export interface DevTokenIssuer {
  issue(request: { tenantId: string; user: string; role: DevSignInRole }): Promise<{ accessToken: string; expiresInSeconds: number }>;
}
