import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Authenticator } from './auth/auth';
import { AdminApi } from './lib/api';
import type { PortalConfig } from './lib/config';
import { pageFromHash, pagesFor, PAGES, ROLE_LABEL, type PagePath, type Session } from './lib/session';
import { ApprovePage } from './pages/approve';
import { AuditPage } from './pages/audit';
import { ConfigurationPage } from './pages/configuration';
import type { PageProps } from './pages/page-props';
import { ReviewPage } from './pages/review';
import { SmsPage } from './pages/sms';

const PAGE_VIEWS: Record<PagePath, (props: PageProps) => preact.JSX.Element> = {
  configuration: ConfigurationPage,
  sms: SmsPage,
  approve: ApprovePage,
  review: ReviewPage,
  audit: AuditPage,
};

/** The signed-in portal: who you are, the setup steps your role may open, and the current page. */
export function App({ config, auth, session, onSignedOut }: { config: PortalConfig; auth: Authenticator; session: Session; onSignedOut: (notice?: string) => void }) {
  const [page, setPage] = useState<PagePath>(() => pageFromHash(location.hash, session.role));
  const heading = useRef<HTMLHeadingElement>(null);
  const api = useMemo(
    () => new AdminApi(config.apiBase, session.tenantId, () => auth.token(), undefined, () => onSignedOut('Your sign-in has expired or is no longer valid: sign in again.')),
    [config, auth, session],
  );
  useEffect(() => {
    const onHash = () => setPage(pageFromHash(location.hash, session.role));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [session]);
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.path === page)?.title ?? ''} · Connector admin`;
    heading.current?.focus();
  }, [page]);
  const signOut = async () => {
    await auth.signOut();
    onSignedOut();
  };
  const View = PAGE_VIEWS[page];
  const current = PAGES.find((p) => p.path === page);

  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); heading.current?.focus(); }}>Skip to content</a>
      <header class="top">
        <p class="brand">Virtual visits · Connector admin</p>
        <div class="who" data-testid="signed-in-as">
          <span>Signed in as <b>{session.upn}</b></span>
          <span class="badge badge-role" data-testid="signed-in-role">{ROLE_LABEL[session.role]}</span>
          <span class="muted mono small">tenant {session.tenantId}</span>
          <button type="button" class="secondary small-button" onClick={() => void signOut()}>Sign out</button>
        </div>
      </header>
      <nav aria-label="Setup steps" class="steps-nav">
        <ol>
          {pagesFor(session.role).map((p) => (
            <li key={p.path}>
              <a href={`#/${p.path}`} aria-current={p.path === page ? 'page' : undefined}>
                {p.step ? <span class="step-number" aria-hidden="true">{p.step}</span> : null}
                {p.title}{'note' in p ? <span class="muted"> ({p.note})</span> : null}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>{current?.title}</h1>
        <View api={api} session={session} key={page} />
      </main>
    </>
  );
}
