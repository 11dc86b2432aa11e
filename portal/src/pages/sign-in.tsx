import { useState } from 'preact/hooks';
import type { DevAuthenticator } from '../auth/dev';
import type { EntraAuthenticator } from '../auth/entra';
import { asProblem, type ApiProblem } from '../lib/problem';
import type { PortalRole, Session } from '../lib/session';
import { Field } from '../ui/field';
import { ProblemNotice } from '../ui/notices';

const DEFAULT_USER: Record<PortalRole, string> = { admin: 'admin@contoso.example', approver: 'analyst@contoso.example', reader: 'reader@contoso.example' };
const ROLE_HINT: Record<PortalRole, string> = {
  admin: 'changes the configuration (the admin app role)',
  approver: 'the EHR analyst named on base URLs: signs in to the EHR and approves (no app role)',
  reader: 'sees everything, changes nothing (the reader app role)',
};

/** Local only: sign in as admin, approver or reader with a token from the dev issuer. */
export function DevSignInPage({ auth, suggestedTenantId, onSignedIn, notice }: { auth: DevAuthenticator; suggestedTenantId: string; onSignedIn: (s: Session) => void; notice?: string | undefined }) {
  const [tenantId, setTenantId] = useState(suggestedTenantId);
  const [role, setRole] = useState<PortalRole>('admin');
  const [user, setUser] = useState(DEFAULT_USER.admin);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const pickRole = (next: PortalRole) => {
    if (user === DEFAULT_USER[role]) setUser(DEFAULT_USER[next]);
    setRole(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      onSignedIn(await auth.signIn({ tenantId: tenantId.trim(), user: user.trim(), role }));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to the connector admin portal</h1>
      <p class="notice notice-info">Development sign-in: tokens come from the local dev issuer. In Azure this page is Microsoft Entra ID's sign-in.</p>
      {notice ? <p class="notice notice-warning" role="alert">{notice}</p> : null}
      <form onSubmit={(e) => void submit(e)} data-testid="dev-sign-in" noValidate>
        <Field id="sign-in-tenant" label="Tenant ID" hint="The organisation's Entra ID tenant (a GUID)." error={problem?.fieldMessage('tenantId')}>
          {(a) => (
            <div class="inline">
              <input {...a} value={tenantId} onInput={(e) => setTenantId((e.currentTarget as HTMLInputElement).value)} spellcheck={false} autoComplete="off" class="mono" />
              <button type="button" class="secondary" onClick={() => setTenantId(crypto.randomUUID())}>New tenant</button>
            </div>
          )}
        </Field>
        <fieldset class="roles">
          <legend>Role</legend>
          {(['admin', 'approver', 'reader'] as const).map((r) => (
            <div class="check" key={r}>
              <input type="radio" name="role" id={`sign-in-role-${r}`} value={r} checked={role === r} onChange={() => pickRole(r)} aria-describedby={`sign-in-role-${r}-hint`} />
              <label for={`sign-in-role-${r}`}>{r[0]?.toUpperCase()}{r.slice(1)}</label>
              <p class="hint" id={`sign-in-role-${r}-hint`}>{ROLE_HINT[r]}</p>
            </div>
          ))}
        </fieldset>
        <Field id="sign-in-user" label="User (user principal name)" error={problem?.fieldMessage('user')}>
          {(a) => <input {...a} type="email" value={user} onInput={(e) => setUser((e.currentTarget as HTMLInputElement).value)} autoComplete="username" />}
        </Field>
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <ProblemNotice problem={problem} fields={['tenantId', 'user']} testId="sign-in-problem" />
      </form>
    </main>
  );
}

/** Azure: one button to Microsoft's sign-in page. */
export function EntraSignInPage({ auth, notice }: { auth: EntraAuthenticator; notice?: string | undefined }) {
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to the connector admin portal</h1>
      {notice ? <p class="notice notice-warning" role="alert">{notice}</p> : null}
      <p>Sign in with your organisation's Microsoft account. Admins need the connector admin role, readers the reader role; approvers sign in as themselves.</p>
      <button type="button" onClick={() => auth.startSignIn().catch((e: unknown) => setProblem(asProblem(e)))}>Sign in with Microsoft</button>
      <ProblemNotice problem={problem} />
    </main>
  );
}
