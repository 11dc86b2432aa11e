import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminApi } from '../lib/api';
import { changeNeedsApproval, changeOf, formOf, type BaseUrlForm } from '../lib/base-url-change';
import type { BaseUrl } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction } from '../ui/use-load';
import { BASE_URL_FIELDS, EnvironmentAndVendor } from './base-url-choices';

/**
 * Changing one base URL in place: PATCH with only the changed fields and the row's ETag as
 * If-Match. The API's per-field reasons appear under the fields; a 412 is explained with a
 * Reload that brings the current values into the form. `onSaved` gets the API's answer,
 * including its `notice` when an approved URL went back to pending approval.
 */
export function BaseUrlEdit({ api, baseUrl, onSaved, onCancel, onReload }: {
  api: AdminApi;
  baseUrl: BaseUrl & { etag: string };
  onSaved: (saved: BaseUrl) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [form, setForm] = useState<BaseUrlForm>(() => formOf(baseUrl));
  const [status, setStatus] = useState('');
  const save = useAction();
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  // A reload (after a 412) brings someone else's values: start again from them.
  useEffect(() => setForm(formOf(baseUrl)), [baseUrl.etag]);

  const set = (name: keyof BaseUrlForm) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });
  const change = changeOf(baseUrl, form);
  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus('');
    if (!change) {
      setStatus('Nothing to save: no field differs from the stored values.');
      return;
    }
    const saved = await save.run(() => api.changeBaseUrl(baseUrl.id, change, baseUrl.etag));
    if (saved) onSaved(saved.value);
  };
  const error = (name: string) => save.problem?.fieldMessage(name);

  return (
    <form onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.key === 'Escape' && !save.busy && onCancel()} data-testid="base-url-edit" noValidate aria-label={`Change ${baseUrl.url}`} class="edit">
      <fieldset disabled={save.busy}>
        <legend>Change this base URL</legend>
        <Field id="base-url-edit-url" label="FHIR base URL" hint="A new URL is checked against the EHR before it is saved." error={error('url')}>
          {(a) => <input {...a} ref={first} name="url" type="url" inputMode="url" value={form.url} onInput={set('url')} autoComplete="off" spellcheck={false} />}
        </Field>
        <EnvironmentAndVendor idPrefix="base-url-edit" environment={form.environment} vendor={form.vendor} onEnvironment={set('environment')} onVendor={set('vendor')} error={error} />
        <Field id="base-url-edit-approver" label="Approver (user principal name)" hint="Leave empty to remove the approver: the URL then stays a draft until one is named." error={error('approverUpn')}>
          {(a) => <input {...a} name="approverUpn" type="email" value={form.approverUpn} onInput={set('approverUpn')} autoComplete="off" />}
        </Field>
        {changeNeedsApproval(baseUrl, change) ? (
          <p class="notice notice-warning" data-testid="base-url-edit-warning">
            This base URL is approved. Saving this change sends it back to pending approval: launches, the scheduling feed and SMS for it stop until the approver approves it again.
          </p>
        ) : null}
        <div class="actions">
          <button type="submit">{save.busy ? 'Saving…' : 'Save changes'}</button>
          <button type="button" class="secondary" onClick={onCancel}>Cancel</button>
        </div>
      </fieldset>
      {save.busy && change?.url !== undefined ? <Status>Checking that the EHR answers at the new URL…</Status> : null}
      {status ? <Status testId="base-url-edit-status">{status}</Status> : null}
      <StaleNotice problem={save.problem} onReload={() => { save.clear(); onReload(); }} testId="base-url-edit-stale" />
      <ProblemNotice problem={save.problem} fields={BASE_URL_FIELDS} testId="base-url-edit-problem" />
    </form>
  );
}
