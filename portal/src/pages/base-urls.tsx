import { useRef, useState } from 'preact/hooks';
import type { BaseUrl } from '../lib/schemas';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import { BaseUrlAdd } from './base-url-add';
import { BaseUrlEdit } from './base-url-edit';
import { BaseUrlRow } from './base-url-row';
import type { PageProps } from './page-props';

type Row = BaseUrl & { etag: string };

/**
 * FHIR base URLs: the list with, per URL, Edit (in place), Check connection and Remove (after
 * an in-page confirmation); and adding one.
 */
export function BaseUrls({ api, session, version }: PageProps & { version: number }) {
  const list = useLoad(() => api.listBaseUrls(), [api, version]);
  const [status, setStatus] = useState('');
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [notices, setNotices] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<Row | undefined>(undefined);
  const remove = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  const admin = session.role === 'admin';
  const rows = list.data?.value.baseUrls ?? [];

  const notice = (id: string, text: string | undefined) => setNotices(({ [id]: _old, ...rest }) => (text ? { ...rest, [id]: text } : rest));
  const closeEditor = (id: string) => {
    setEditing(undefined);
    requestAnimationFrame(() => document.getElementById(`edit-${id}`)?.focus());
  };
  const saved = async (b: BaseUrl) => {
    await list.reload();
    closeEditor(b.id);
    notice(b.id, b.notice ?? `Saved the changes to ${b.url}.`);
  };
  const confirmRemoval = async (b: Row) => {
    // The list is read again before the confirmation closes, so focus lands on what is left.
    const done = await remove.run(async () => {
      await api.removeBaseUrl(b.id, b.etag);
      await list.reload();
      return true;
    });
    if (done) setStatus(`Removed ${b.url}.`);
    setRemoving(undefined);
  };

  return (
    <section aria-labelledby="base-urls-heading" class="card">
      <h2 id="base-urls-heading" ref={heading} tabIndex={-1}>FHIR base URLs</h2>
      <ProblemNotice problem={list.problem} />
      {rows.length === 0 && !list.loading ? <p>No base URL yet.</p> : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="base-url-table">
            <caption class="visually-hidden">FHIR base URLs</caption>
            <thead><tr><th scope="col">URL</th><th scope="col">Environment</th><th scope="col">Vendor</th><th scope="col">Approver</th><th scope="col">State</th>{admin ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}</tr></thead>
            <tbody>
              {rows.map((b) => (
                <BaseUrlRow
                  key={b.id} api={api} baseUrl={b} admin={admin} notice={notices[b.id]}
                  onEdit={() => { notice(b.id, undefined); setStatus(''); setEditing(editing === b.id ? undefined : b.id); }}
                  onRemove={() => { setStatus(''); remove.clear(); setRemoving(b); }}
                  editor={admin && editing === b.id ? <BaseUrlEdit api={api} baseUrl={b} onSaved={(s) => void saved(s)} onCancel={() => closeEditor(b.id)} onReload={() => void list.reload()} /> : null}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <StaleNotice problem={remove.problem} onReload={() => { remove.clear(); void list.reload(); }} testId="base-url-remove-stale" />
      <ProblemNotice problem={remove.problem} testId="base-url-remove-problem" />
      {status ? <Status testId="base-url-status">{status}</Status> : null}
      {removing ? (
        <ConfirmDialog
          title="Remove this base URL?" confirmLabel="Remove base URL" busyLabel="Removing…" busy={remove.busy} testId="remove-confirmation"
          onConfirm={() => void confirmRemoval(removing)} onCancel={() => setRemoving(undefined)} fallback={() => heading.current}
        >
          <p class="break"><b>{removing.url}</b> ({removing.environment})</p>
          <p>Launches from it, its scheduling feed and its SMS stop, and its integration records no longer work. This cannot be undone: adding it again needs a new approval.</p>
        </ConfirmDialog>
      ) : null}
      {admin ? <BaseUrlAdd api={api} onAdded={async (b) => { setStatus(`Added ${b.url}: the EHR answered as a SMART-on-FHIR R4 server.`); await list.reload(); }} /> : null}
    </section>
  );
}
