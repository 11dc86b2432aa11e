import type { Session } from '../lib/session';

/** How the portal signs people in: the dev issuer locally, Entra ID (MSAL) in Azure. */
export interface Authenticator {
  /** The session kept from before (a reload, or the return from Entra ID's sign-in page). */
  restore(): Promise<Session | undefined>;
  /** A valid access token for the admin API (renewed silently where the sign-in allows). */
  token(): Promise<string>;
  signOut(): Promise<void>;
}
