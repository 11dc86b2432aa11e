import { useState } from 'preact/hooks';
import { auditValue, dateTime } from '../lib/format';
import type { AuditEntry } from '../lib/schemas';
import { ProblemNotice } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

/** The change history: who changed what and when, old and new values, newest first. */
export function AuditPage({ api }: PageProps) {
  const first = useLoad(() => api.readAudit(), [api]);
  const [older, setOlder] = useState<{ entries: AuditEntry[]; next: string | undefined }>({ entries: [], next: undefined });
  const more = useAction();
  const entries = [...(first.data?.value.entries ?? []), ...older.entries];
  const next = older.entries.length > 0 ? older.next : first.data?.value.next;

  const loadOlder = async () => {
    if (!next) return;
    const page = await more.run(() => api.readAudit(next));
    if (page) setOlder({ entries: [...older.entries, ...page.value.entries], next: page.value.next });
  };

  return (
    <>
      <p class="lead">Every change to the configuration, newest first. Certificates appear by thumbprint, never by content.</p>
      <ProblemNotice problem={first.problem} />
      {entries.length === 0 && !first.loading && !first.problem ? <p>No change recorded yet.</p> : null}
      {entries.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="audit-table">
            <caption class="visually-hidden">Configuration changes</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Changes</th></tr></thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`} data-action={e.action}>
                  <td>{dateTime(e.at)}</td>
                  <td class="break">{e.actor.upn}</td>
                  <td><code>{e.action}</code><br /><span class="muted break">{e.target}</span></td>
                  <td>
                    {e.changes.length === 0 ? '—' : (
                      <ul class="changes">{e.changes.map((c) => <li key={c.field}><b>{c.field}</b>: <span class="break">{auditValue(c.old)}</span> → <span class="break">{auditValue(c.new)}</span></li>)}</ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {next ? <button type="button" class="secondary" onClick={() => void loadOlder()} disabled={more.busy}>Load older changes</button> : null}
      <ProblemNotice problem={more.problem} />
    </>
  );
}
