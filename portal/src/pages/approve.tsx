import { useState } from 'preact/hooks';
import type { Versioned } from '../lib/api';
import { APPROVAL_LABEL, dateTime } from '../lib/format';
import type { BaseUrl } from '../lib/schemas';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import { visibleBaseUrls } from './approval-data';
import type { PageProps } from './page-props';

/**
 * Step 3. The named approver signs in to the EHR through the base URL's own OAuth server
 * (proving the URL and their access; nothing of the sign-in is kept but their EHR user id),
 * then approves. Everyone else sees each URL's state and who approved it when.
 */
export function ApprovePage(props: PageProps) {
  const loaded = useLoad(() => visibleBaseUrls(props.api, props.session.role), [props.api]);
  const rows = loaded.data ?? [];
  return (
    <>
      <p class="lead">Each FHIR base URL is approved by its named approver: sign in to the EHR with it, then approve. Launches and the scheduling feed work only for approved base URLs.</p>
      <ProblemNotice problem={loaded.problem} />
      {rows.length === 0 && !loaded.loading && !loaded.problem ? <p>There is no base URL to approve.</p> : null}
      {rows.map((b) => <ApprovalCard key={b.value.id} {...props} baseUrl={b} onChange={loaded.reload} />)}
    </>
  );
}

const signInKey = (id: string) => `portal.signIn.${id}`;

function ApprovalCard({ api, session, baseUrl, onChange }: PageProps & { baseUrl: Versioned<BaseUrl>; onChange: () => Promise<void> }) {
  const b = baseUrl.value;
  const [signInState, setSignInState] = useState(() => sessionStorage.getItem(signInKey(b.id)) ?? '');
  const [status, setStatus] = useState('');
  const signIn = useAction();
  const approve = useAction();
  const mine = b.approverUpn !== undefined && b.approverUpn === session.upn;
  const pending = b.approval.state === 'pending_approval';

  const startSignIn = async () => {
    setStatus('');
    // Opened first, from the click itself, so the browser does not block it as a pop-up.
    const ehrWindow = window.open('about:blank', '_blank');
    const started = await signIn.run(() => api.startApprovalSignIn(b.id));
    if (!started) return ehrWindow?.close();
    sessionStorage.setItem(signInKey(b.id), started.value.signInState);
    setSignInState(started.value.signInState);
    if (ehrWindow) {
      ehrWindow.opener = null;
      ehrWindow.location.href = started.value.authorizeUrl;
    } else window.location.assign(started.value.authorizeUrl);
    setStatus('The EHR sign-in opened in a new tab. Sign in there, then come back and approve.');
  };
  const confirm = async () => {
    setStatus('');
    const done = await approve.run(() => api.approve(b.id, signInState, baseUrl.etag));
    if (done) {
      sessionStorage.removeItem(signInKey(b.id));
      setStatus(`${b.url} is approved.`);
      await onChange();
    }
  };

  return (
    <section class="card" aria-labelledby={`approve-${b.id}`} data-testid="approval-card" data-base-url={b.url}>
      <h2 id={`approve-${b.id}`} class="break">{b.url}</h2>
      <dl class="facts">
        <dt>Environment</dt><dd>{b.environment}</dd>
        <dt>Vendor</dt><dd>{b.vendor}</dd>
        <dt>Approver</dt><dd>{b.approverUpn ?? 'not named yet'}</dd>
        <dt>State</dt><dd><span class={`badge badge-${b.approval.state}`} data-testid="approval-state">{APPROVAL_LABEL[b.approval.state]}</span></dd>
        {b.approval.state === 'approved' ? <><dt>Approved</dt><dd data-testid="approved-by">{dateTime(b.approval.approvedAt)} by {b.approval.approverUpn} (EHR user {b.approval.approvedBy})</dd></> : null}
        {b.approval.state === 'pending_approval' && b.approval.reason ? <><dt>Why pending</dt><dd>{b.approval.reason}</dd></> : null}
      </dl>
      {pending && mine ? (
        <div class="steps">
          <ol>
            <li>
              <button type="button" onClick={() => void startSignIn()} disabled={signIn.busy}>Sign in to the EHR</button>
              <ProblemNotice problem={signIn.problem} testId="sign-in-problem" />
            </li>
            <li>
              <button type="button" onClick={() => void confirm()} disabled={!signInState || approve.busy} aria-describedby={signInState ? undefined : `approve-hint-${b.id}`}>Approve</button>
              {signInState ? null : <p class="hint" id={`approve-hint-${b.id}`}>Sign in to the EHR first.</p>}
              <StaleNotice problem={approve.problem} onReload={() => { approve.clear(); void onChange(); }} />
              <ProblemNotice problem={approve.problem} testId="approve-problem" />
            </li>
          </ol>
        </div>
      ) : null}
      {pending && !mine ? <p class="hint">Waiting for {b.approverUpn} to sign in to the EHR and approve.</p> : null}
      {status ? <Status testId="approval-status">{status}</Status> : null}
    </section>
  );
}
