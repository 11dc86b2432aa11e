import type { AccountInfo, IPublicClientApplication } from '@azure/msal-browser';
import type { PortalConfig } from '../lib/config';
import { sessionFromToken, type Session } from '../lib/session';
import type { Authenticator } from './auth';

type EntraConfig = Extract<PortalConfig['signIn'], { mode: 'entra' }>;

/**
 * Production sign-in with Entra ID through @azure/msal-browser (loaded only in this mode):
 * redirect to Microsoft's sign-in page and back to `/api/portal/`, then access tokens for
 * the admin API's scope from MSAL's cache, renewed silently, by redirect when consent or a
 * new sign-in is needed. The admin API checks issuer, audience, tenant and role itself.
 */
export class EntraAuthenticator implements Authenticator {
  private app: IPublicClientApplication | undefined;
  private account: AccountInfo | undefined;

  constructor(private readonly config: PortalConfig, private readonly signIn: EntraConfig) {}

  private async client(): Promise<IPublicClientApplication> {
    if (this.app) return this.app;
    const msal = await import('@azure/msal-browser');
    const redirectUri = `${location.origin}${location.pathname}`;
    const app = await msal.createStandardPublicClientApplication({
      auth: { clientId: this.signIn.clientId, authority: this.signIn.authority, redirectUri, postLogoutRedirectUri: redirectUri },
      cache: { cacheLocation: 'sessionStorage' },
    });
    this.app = app;
    return app;
  }

  async restore(): Promise<Session | undefined> {
    const app = await this.client();
    const returned = await app.handleRedirectPromise();
    this.account = returned?.account ?? app.getActiveAccount() ?? app.getAllAccounts()[0];
    if (!this.account) return undefined;
    app.setActiveAccount(this.account);
    return sessionFromToken(await this.token(), this.config.roles);
  }

  /** Sends the browser to Entra ID; it comes back to the portal, where `restore` finishes. */
  async startSignIn(): Promise<void> {
    const app = await this.client();
    await app.loginRedirect({ scopes: this.signIn.scopes });
  }

  async token(): Promise<string> {
    const app = await this.client();
    if (!this.account) throw new Error('Sign in first.');
    try {
      return (await app.acquireTokenSilent({ scopes: this.signIn.scopes, account: this.account })).accessToken;
    } catch (error) {
      const msal = await import('@azure/msal-browser');
      if (error instanceof msal.InteractionRequiredAuthError) await app.acquireTokenRedirect({ scopes: this.signIn.scopes, account: this.account });
      throw error;
    }
  }

  async signOut(): Promise<void> {
    const app = await this.client();
    const account = this.account;
    this.account = undefined;
    await app.logoutRedirect(account ? { account } : {});
  }
}
