import { z } from 'zod';
import type { PortalConfig } from '../lib/config';
import { ApiProblem, networkProblem, problemFrom } from '../lib/problem';
import { isExpired, sessionFromToken, type PortalRole, type Session } from '../lib/session';
import type { Authenticator } from './auth';

/**
 * Local sign-in (ADMIN_AUTH_MODE=dev): the dev sign-in page asks the local host's dev issuer
 * (`POST /api/dev-issuer/token`) for a token as admin, approver or reader. The token is kept
 * in this tab's session storage, so a reload stays signed in and closing the tab signs out.
 */
const STORAGE_KEY = 'portal.devToken';
const tokenAnswer = z.object({ accessToken: z.string() });

export class DevAuthenticator implements Authenticator {
  private session: Session | undefined;

  constructor(private readonly config: PortalConfig, private readonly storage: Storage = sessionStorage) {}

  async restore(): Promise<Session | undefined> {
    const token = this.storage.getItem(STORAGE_KEY);
    if (!token) return undefined;
    try {
      const session = sessionFromToken(token, this.config.roles);
      if (isExpired(session, Date.now())) throw new Error('expired');
      this.session = session;
      return session;
    } catch {
      this.storage.removeItem(STORAGE_KEY);
      return undefined;
    }
  }

  async signIn(request: { tenantId: string; user: string; role: PortalRole }): Promise<Session> {
    let response: Response;
    try {
      response = await fetch(`${this.config.apiBase}/dev-issuer/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
    } catch {
      throw networkProblem();
    }
    const text = await response.text();
    if (!response.ok) throw problemFrom(response.status, text, response.headers.get('content-type') ?? '');
    const parsed = tokenAnswer.safeParse(JSON.parse(text));
    if (!parsed.success) throw new ApiProblem(response.status, 'unexpected_response', 'The dev issuer answered without a token.');
    const session = sessionFromToken(parsed.data.accessToken, this.config.roles);
    this.storage.setItem(STORAGE_KEY, session.token);
    this.session = session;
    return session;
  }

  async token(): Promise<string> {
    if (!this.session) throw new ApiProblem(401, 'unauthorized', 'Sign in first.');
    return this.session.token;
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.storage.removeItem(STORAGE_KEY);
  }
}
