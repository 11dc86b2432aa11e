import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from './app';
import type { Authenticator } from './auth/auth';
import { DevAuthenticator } from './auth/dev';
import { EntraAuthenticator } from './auth/entra';
import { loadPortalConfig, type PortalConfig } from './lib/config';
import type { Session } from './lib/session';
import { DevSignInPage, EntraSignInPage } from './pages/sign-in';
import './styles.css';

/** Reads the runtime configuration, restores the sign-in, then shows the sign-in page or the portal. */
function Root({ config }: { config: PortalConfig }) {
  const [auth] = useState<DevAuthenticator | EntraAuthenticator>(() =>
    config.signIn.mode === 'entra' ? new EntraAuthenticator(config, config.signIn) : new DevAuthenticator(config));
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [restoring, setRestoring] = useState(true);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  useEffect(() => {
    auth.restore().then(setSession, (e: unknown) => setNotice(e instanceof Error ? e.message : 'The sign-in could not be restored.')).finally(() => setRestoring(false));
  }, [auth]);
  const signedOut = (why?: string) => {
    void (auth as Authenticator).signOut();
    setSession(undefined);
    setNotice(why);
  };
  if (restoring) return <p class="status" role="status">Loading…</p>;
  if (session) return <App config={config} auth={auth} session={session} onSignedOut={signedOut} />;
  if (auth instanceof DevAuthenticator && config.signIn.mode === 'dev') {
    return <DevSignInPage auth={auth} suggestedTenantId={config.signIn.suggestedTenantId} notice={notice} onSignedIn={(s) => { setNotice(undefined); location.hash = ''; setSession(s); }} />;
  }
  return <EntraSignInPage auth={auth as EntraAuthenticator} notice={notice} />;
}

const root = document.getElementById('app');
if (root) {
  loadPortalConfig(fetch, new URL('config.json', document.baseURI).toString()).then(
    (config) => render(<Root config={config} />, root),
    (error: unknown) => render(<p class="notice notice-error" role="alert">{error instanceof Error ? error.message : 'The portal could not start.'}</p>, root),
  );
}
