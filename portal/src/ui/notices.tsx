import type { ComponentChildren } from 'preact';
import { STALE_EDIT_MESSAGE, type ApiProblem } from '../lib/problem';

/** A failed request: the API's message, its named reason and the invocation id to quote. */
export function ProblemNotice({ problem, testId, fields = [] }: { problem: ApiProblem | undefined; testId?: string; fields?: readonly string[] }) {
  if (!problem || problem.isStale) return null;
  const others = problem.otherFields(fields);
  return (
    <div class="notice notice-error" role="alert" data-testid={testId}>
      <p>{problem.message}</p>
      {others.length > 0 ? <ul>{others.map((f) => <li key={f.field}>{f.field} {f.message}</li>)}</ul> : null}
      {problem.reason || problem.invocationId ? (
        <p class="small">{problem.reason ? <>Reason: <code>{problem.reason}</code>. </> : null}{problem.invocationId ? <>Invocation id: <code>{problem.invocationId}</code></> : null}</p>
      ) : null}
    </div>
  );
}

/** 412: the change was not saved because someone else's came first; reloading shows theirs. */
export function StaleNotice({ problem, onReload, testId }: { problem: ApiProblem | undefined; onReload: () => void; testId?: string }) {
  if (!problem?.isStale) return null;
  return (
    <div class="notice notice-warning" role="alert" data-testid={testId ?? 'stale-notice'}>
      <p>{STALE_EDIT_MESSAGE}</p>
      <button type="button" onClick={onReload}>Reload</button>
    </div>
  );
}

export function Status({ children, testId }: { children: ComponentChildren; testId?: string }) {
  return <p class="status" role="status" data-testid={testId}>{children}</p>;
}

export function ReadOnlyNote({ what }: { what: string }) {
  return <p class="notice notice-info">You can view {what}; changing it needs the admin role.</p>;
}
