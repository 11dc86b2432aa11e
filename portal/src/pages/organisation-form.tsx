import { useEffect, useState } from 'preact/hooks';
import { ApiProblem } from '../lib/problem';
import type { Organisation } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

const FIELDS = ['displayName', 'geography', 'timeZone', 'defaultPhoneCountry'] as const;
type Form = Record<(typeof FIELDS)[number], string>;
const EMPTY: Form = { displayName: '', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' };
const zones = (): string[] => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);

/** The organisation: created on first save, then changed with the ETag it was read with. */
export function OrganisationForm({ api, session, onSaved }: PageProps & { onSaved: () => void }) {
  const loaded = useLoad(async () => {
    try {
      return await api.readOrganisation();
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return { value: undefined, etag: undefined };
      throw error;
    }
  }, [api]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [saved, setSaved] = useState('');
  const save = useAction();
  const current: Organisation | undefined = loaded.data?.value;
  useEffect(() => {
    if (current) setForm({ displayName: current.displayName, geography: current.geography, timeZone: current.timeZone, defaultPhoneCountry: current.defaultPhoneCountry });
  }, [current]);
  const readOnly = session.role !== 'admin';
  const set = (name: keyof Form) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved('');
    const result = await save.run(() => api.saveOrganisation({ ...form, displayName: form.displayName.trim(), defaultPhoneCountry: form.defaultPhoneCountry.trim().toUpperCase() }, loaded.data?.etag));
    if (result) {
      setSaved(current ? 'Organisation saved.' : 'Organisation created.');
      await loaded.reload();
      onSaved();
    }
  };
  const reload = async () => {
    save.clear();
    await loaded.reload();
  };
  const error = (name: string) => save.problem?.fieldMessage(name);

  return (
    <section aria-labelledby="organisation-heading" class="card">
      <h2 id="organisation-heading">Organisation</h2>
      {loaded.problem ? <ProblemNotice problem={loaded.problem} /> : null}
      {!current && !loaded.loading ? <p>Not set up yet{readOnly ? '.' : ': fill in and save.'}</p> : null}
      <form onSubmit={(e) => void submit(e)} data-testid="organisation-form" noValidate>
        <fieldset disabled={readOnly || save.busy}>
          <legend class="visually-hidden">Organisation details</legend>
          <Field id="org-name" label="Organisation name" error={error('displayName')}>
            {(a) => <input {...a} name="displayName" value={form.displayName} onInput={set('displayName')} autoComplete="organization" required />}
          </Field>
          <Field id="org-geography" label="Geography" hint={current?.geographyLockedAt ? 'Fixed: a base URL has been approved, so appointment data may be stored there.' : 'Where appointment phone numbers are stored.'} error={error('geography')}>
            {(a) => (
              <select {...a} name="geography" value={form.geography} onChange={set('geography')} disabled={Boolean(current?.geographyLockedAt)}>
                <option value="US">United States (US)</option>
                <option value="EU">European Union (EU)</option>
                <option value="APAC">Asia Pacific (APAC)</option>
              </select>
            )}
          </Field>
          <Field id="org-time-zone" label="Time zone" hint="IANA name, e.g. America/Chicago: reminder texts show visit times in it." error={error('timeZone')}>
            {(a) => <input {...a} name="timeZone" value={form.timeZone} onInput={set('timeZone')} list="time-zones" autoComplete="off" />}
          </Field>
          <datalist id="time-zones">{zones().map((z) => <option key={z} value={z} />)}</datalist>
          <Field id="org-country" label="Default phone country" hint="ISO code used when a patient's number has no country code, e.g. US." error={error('defaultPhoneCountry')}>
            {(a) => <input {...a} name="defaultPhoneCountry" value={form.defaultPhoneCountry} onInput={set('defaultPhoneCountry')} maxLength={2} size={4} />}
          </Field>
          {readOnly ? null : <button type="submit">{save.busy ? 'Saving…' : current ? 'Save organisation' : 'Create organisation'}</button>}
        </fieldset>
      </form>
      <StaleNotice problem={save.problem} onReload={() => void reload()} testId="organisation-stale" />
      <ProblemNotice problem={save.problem} fields={FIELDS} testId="organisation-problem" />
      {saved ? <Status testId="organisation-status">{saved}</Status> : null}
    </section>
  );
}
