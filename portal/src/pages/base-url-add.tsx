import { useState } from 'preact/hooks';
import type { AdminApi } from '../lib/api';
import type { BaseUrl } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, Status } from '../ui/notices';
import { useAction } from '../ui/use-load';
import { BASE_URL_FIELDS, EnvironmentAndVendor } from './base-url-choices';

type Form = Record<(typeof BASE_URL_FIELDS)[number], string>;
const EMPTY: Form = { url: '', environment: 'test', vendor: 'epic', approverUpn: '' };

/** Adding a FHIR base URL (the API checks the EHR answers before storing it); its reasons appear under the fields. */
export function BaseUrlAdd({ api, onAdded }: { api: AdminApi; onAdded: (added: BaseUrl) => Promise<void> }) {
  const [form, setForm] = useState<Form>(EMPTY);
  const add = useAction();
  const set = (name: keyof Form) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    const approverUpn = form.approverUpn.trim();
    const created = await add.run(() => api.addBaseUrl({ url: form.url.trim(), environment: form.environment, vendor: form.vendor, ...(approverUpn ? { approverUpn } : {}) }));
    if (created) {
      setForm(EMPTY);
      await onAdded(created.value);
    }
  };
  const error = (name: string) => add.problem?.fieldMessage(name);

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="base-url-form" class="add" noValidate>
      <h3>Add a FHIR base URL</h3>
      <fieldset disabled={add.busy}>
        <legend class="visually-hidden">New base URL</legend>
        <Field id="base-url-url" label="FHIR base URL" hint="For example https://ehr.example.org/api/FHIR/R4. The connector checks it answers before saving." error={error('url')}>
          {(a) => <input {...a} name="url" type="url" inputMode="url" value={form.url} onInput={set('url')} autoComplete="off" spellcheck={false} />}
        </Field>
        <EnvironmentAndVendor idPrefix="base-url" environment={form.environment} vendor={form.vendor} onEnvironment={set('environment')} onVendor={set('vendor')} error={error} />
        <Field id="base-url-approver" label="Approver (user principal name)" hint="The EHR analyst who signs in to the EHR and approves this URL, e.g. analyst@example.org." error={error('approverUpn')}>
          {(a) => <input {...a} name="approverUpn" type="email" value={form.approverUpn} onInput={set('approverUpn')} autoComplete="off" />}
        </Field>
        <button type="submit">{add.busy ? 'Checking the EHR…' : 'Add base URL'}</button>
      </fieldset>
      {add.busy ? <Status>Checking that the EHR answers at this URL…</Status> : null}
      <ProblemNotice problem={add.problem} fields={BASE_URL_FIELDS} testId="base-url-problem" />
    </form>
  );
}
