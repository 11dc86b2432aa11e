import { useEffect, useState } from 'preact/hooks';
import { SMS_CONSENT_TEXT } from '../../../shared/domain/config/sms';
import { dateTime } from '../lib/format';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

const KINDS = ['sendOnBehalf', 'patientPhoneProcessing'] as const;

/** The two SMS consents, in the product's exact words, with who gave each and when. */
export function Consents({ api, session, onChange }: PageProps & { onChange: () => void }) {
  const loaded = useLoad(() => api.readConsents(), [api]);
  const [wanted, setWanted] = useState({ sendOnBehalf: false, patientPhoneProcessing: false });
  const [status, setStatus] = useState('');
  const save = useAction();
  const current = loaded.data?.value;
  useEffect(() => {
    if (current) setWanted({ sendOnBehalf: current.sendOnBehalf !== undefined, patientPhoneProcessing: current.patientPhoneProcessing !== undefined });
  }, [current]);
  const admin = session.role === 'admin';

  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus('');
    if (await save.run(() => api.saveConsents(wanted, loaded.data?.etag))) {
      setStatus('Consents saved.');
      await loaded.reload();
      onChange();
    }
  };

  return (
    <section aria-labelledby="consents-heading" class="card">
      <h2 id="consents-heading">Consents</h2>
      <p>SMS can be switched on only when an admin has given both consents.</p>
      <ProblemNotice problem={loaded.problem} />
      <form onSubmit={(e) => void submit(e)} data-testid="consents-form">
        <fieldset disabled={!admin || save.busy}>
          <legend class="visually-hidden">SMS consents</legend>
          {KINDS.map((kind) => {
            const given = current?.[kind];
            return (
              <div class="check" key={kind}>
                <input type="checkbox" id={`consent-${kind}`} name={kind} checked={wanted[kind]} onChange={(e) => setWanted({ ...wanted, [kind]: (e.currentTarget as HTMLInputElement).checked })} aria-describedby={given ? `consent-${kind}-given` : undefined} />
                <label for={`consent-${kind}`}>{SMS_CONSENT_TEXT[kind]}</label>
                {given ? <p class="hint" id={`consent-${kind}-given`}>Given by {given.givenBy} on {dateTime(given.givenAt)}.</p> : null}
              </div>
            );
          })}
          {admin ? <button type="submit">{save.busy ? 'Saving…' : 'Save consents'}</button> : null}
        </fieldset>
      </form>
      <StaleNotice problem={save.problem} onReload={() => { save.clear(); void loaded.reload(); }} />
      <ProblemNotice problem={save.problem} />
      {status ? <Status testId="consents-status">{status}</Status> : null}
    </section>
  );
}
