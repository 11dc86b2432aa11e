import { useState } from 'preact/hooks';
import { APPROVAL_LABEL } from '../lib/format';
import type { BaseUrl } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

const FIELDS = ['url', 'environment', 'vendor', 'approverUpn'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
const EMPTY: Form = { url: '', environment: 'test', vendor: 'epic', approverUpn: '' };

/** FHIR base URLs: the list, and adding one (the API checks the EHR answers before storing it). */
export function BaseUrls({ api, session, version }: PageProps & { version: number }) {
  const list = useLoad(() => api.listBaseUrls(), [api, version]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [status, setStatus] = useState('');
  const add = useAction();
  const remove = useAction();
  const admin = session.role === 'admin';
  const set = (name: keyof Form) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus('');
    const approverUpn = form.approverUpn.trim();
    const created = await add.run(() => api.addBaseUrl({ url: form.url.trim(), environment: form.environment, vendor: form.vendor, ...(approverUpn ? { approverUpn } : {}) }));
    if (created) {
      setForm(EMPTY);
      setStatus(`Added ${created.value.url}: the EHR answered as a SMART-on-FHIR R4 server.`);
      await list.reload();
    }
  };
  const removeOne = async (b: BaseUrl & { etag: string }) => {
    if (!confirm(`Remove ${b.url}? Launches and the scheduling feed from it stop.`)) return;
    const done = await remove.run(() => api.removeBaseUrl(b.id, b.etag));
    if (done) {
      setStatus(`Removed ${b.url}.`);
      await list.reload();
    }
  };
  const error = (name: string) => add.problem?.fieldMessage(name);
  const rows = list.data?.value.baseUrls ?? [];

  return (
    <section aria-labelledby="base-urls-heading" class="card">
      <h2 id="base-urls-heading">FHIR base URLs</h2>
      <ProblemNotice problem={list.problem} />
      {rows.length === 0 && !list.loading ? <p>No base URL yet.</p> : null}
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table data-testid="base-url-table">
            <caption class="visually-hidden">FHIR base URLs</caption>
            <thead><tr><th scope="col">URL</th><th scope="col">Environment</th><th scope="col">Vendor</th><th scope="col">Approver</th><th scope="col">State</th>{admin ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}</tr></thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id} data-base-url={b.url}>
                  <td class="break">{b.url}</td><td>{b.environment}</td><td>{b.vendor}</td><td class="break">{b.approverUpn ?? '—'}</td>
                  <td><span class={`badge badge-${b.approval.state}`}>{APPROVAL_LABEL[b.approval.state]}</span></td>
                  {admin ? <td><button type="button" class="secondary small-button" aria-label={`Remove ${b.url}`} onClick={() => void removeOne(b)}>Remove</button></td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <StaleNotice problem={remove.problem} onReload={() => { remove.clear(); void list.reload(); }} />
      <ProblemNotice problem={remove.problem} />
      {admin ? (
        <form onSubmit={(e) => void submit(e)} data-testid="base-url-form" noValidate>
          <h3>Add a FHIR base URL</h3>
          <fieldset disabled={add.busy}>
            <legend class="visually-hidden">New base URL</legend>
            <Field id="base-url-url" label="FHIR base URL" hint="For example https://ehr.example.org/api/FHIR/R4. The connector checks it answers before saving." error={error('url')}>
              {(a) => <input {...a} name="url" type="url" inputMode="url" value={form.url} onInput={set('url')} autoComplete="off" spellcheck={false} />}
            </Field>
            <div class="row">
              <Field id="base-url-environment" label="Environment" error={error('environment')}>
                {(a) => <select {...a} name="environment" value={form.environment} onChange={set('environment')}><option value="test">Test</option><option value="production">Production</option></select>}
              </Field>
              <Field id="base-url-vendor" label="EHR vendor" error={error('vendor')}>
                {(a) => <select {...a} name="vendor" value={form.vendor} onChange={set('vendor')}><option value="epic">Epic</option><option value="oracle">Oracle Health</option><option value="other">Other SMART-on-FHIR EHR</option></select>}
              </Field>
            </div>
            <Field id="base-url-approver" label="Approver (user principal name)" hint="The EHR analyst who signs in to the EHR and approves this URL, e.g. analyst@example.org." error={error('approverUpn')}>
              {(a) => <input {...a} name="approverUpn" type="email" value={form.approverUpn} onInput={set('approverUpn')} autoComplete="off" />}
            </Field>
            <button type="submit">{add.busy ? 'Checking the EHR…' : 'Add base URL'}</button>
          </fieldset>
          {add.busy ? <Status>Checking that the EHR answers at this URL…</Status> : null}
          <ProblemNotice problem={add.problem} fields={FIELDS} testId="base-url-problem" />
        </form>
      ) : null}
      {status ? <Status testId="base-url-status">{status}</Status> : null}
    </section>
  );
}
