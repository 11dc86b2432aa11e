import { useEffect, useState } from 'preact/hooks';
import { minutesBefore, parseIntervals } from '../lib/format';
import type { BaseUrl, PhoneNumber } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, StaleNotice, Status } from '../ui/notices';
import { useAction } from '../ui/use-load';
import type { PageProps } from './page-props';

const FIELDS = ['phoneNumber', 'confirmation', 'reminders', 'reminderMinutesBefore'];

/** One base URL's texts: which number sends them, the confirmation, and up to three reminders. */
export function BaseUrlSms({ api, session, baseUrl, etag, numbers, onSaved }: PageProps & { baseUrl: BaseUrl; etag: string; numbers: PhoneNumber[]; onSaved: () => Promise<void> }) {
  const [phoneNumber, setPhoneNumber] = useState(baseUrl.sms.phoneNumber ?? '');
  const [confirmation, setConfirmation] = useState(baseUrl.sms.confirmation);
  const [reminders, setReminders] = useState(baseUrl.sms.reminders);
  const [intervals, setIntervals] = useState(baseUrl.sms.reminderMinutesBefore.join(', '));
  const [status, setStatus] = useState('');
  const [localError, setLocalError] = useState('');
  const save = useAction();
  const admin = session.role === 'admin';
  const id = `sms-${baseUrl.id}`;
  useEffect(() => {
    setPhoneNumber(baseUrl.sms.phoneNumber ?? '');
    setConfirmation(baseUrl.sms.confirmation);
    setReminders(baseUrl.sms.reminders);
    setIntervals(baseUrl.sms.reminderMinutesBefore.join(', '));
  }, [etag]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setStatus('');
    const minutes = parseIntervals(intervals);
    if (minutes.some((m) => Number.isNaN(m))) return setLocalError('must be whole numbers of minutes, separated by commas (e.g. 1440, 60)');
    setLocalError('');
    const saved = await save.run(() => api.saveBaseUrlSms(baseUrl.id, { confirmation, reminders, reminderMinutesBefore: minutes, phoneNumber: phoneNumber || null }, etag));
    if (saved) {
      setStatus('SMS settings saved.');
      await onSaved();
    }
  };
  const error = (name: string) => save.problem?.fieldMessage(name);
  const current = baseUrl.sms;

  return (
    <form class="sub-card" onSubmit={(e) => void submit(e)} data-testid="base-url-sms-form" data-base-url={baseUrl.url} noValidate>
      <h3 class="break">{baseUrl.url} <span class="muted">({baseUrl.environment})</span></h3>
      <p class="hint">Now: {current.phoneNumber ? <>sent from <span class="mono">{current.phoneNumber}</span></> : 'no number linked'}; confirmation {current.confirmation ? 'on' : 'off'}; reminders {current.reminders ? current.reminderMinutesBefore.map(minutesBefore).join(', ') : 'off'}.</p>
      <fieldset disabled={!admin || save.busy}>
        <legend class="visually-hidden">SMS for {baseUrl.url}</legend>
        <Field id={`${id}-number`} label="Send from" error={error('phoneNumber')}>
          {(a) => (
            <select {...a} value={phoneNumber} onChange={(e) => setPhoneNumber((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">No number (SMS off)</option>
              {numbers.map((n) => <option key={n.e164} value={n.e164}>{n.e164}</option>)}
            </select>
          )}
        </Field>
        <div class="check">
          <input type="checkbox" id={`${id}-confirmation`} checked={confirmation} onChange={(e) => setConfirmation((e.currentTarget as HTMLInputElement).checked)} aria-invalid={error('confirmation') ? 'true' : undefined} aria-describedby={error('confirmation') ? `${id}-confirmation-error` : undefined} />
          <label for={`${id}-confirmation`}>Send a confirmation text when a visit is booked</label>
          {error('confirmation') ? <p class="field-error" id={`${id}-confirmation-error`}>{error('confirmation')}</p> : null}
        </div>
        <div class="check">
          <input type="checkbox" id={`${id}-reminders`} checked={reminders} onChange={(e) => setReminders((e.currentTarget as HTMLInputElement).checked)} aria-invalid={error('reminders') ? 'true' : undefined} aria-describedby={error('reminders') ? `${id}-reminders-error` : undefined} />
          <label for={`${id}-reminders`}>Send reminder texts before the visit</label>
          {error('reminders') ? <p class="field-error" id={`${id}-reminders-error`}>{error('reminders')}</p> : null}
        </div>
        <Field id={`${id}-intervals`} label="Reminder times (minutes before the visit)" hint="One to three, separated by commas: 1440 is a day, 60 an hour." error={localError || error('reminderMinutesBefore')}>
          {(a) => <input {...a} value={intervals} onInput={(e) => setIntervals((e.currentTarget as HTMLInputElement).value)} inputMode="numeric" />}
        </Field>
        {admin ? <button type="submit">{save.busy ? 'Saving…' : 'Save SMS settings'}</button> : null}
      </fieldset>
      <StaleNotice problem={save.problem} onReload={() => { save.clear(); void onSaved(); }} />
      <ProblemNotice problem={save.problem} fields={FIELDS} />
      {status ? <Status testId="base-url-sms-status">{status}</Status> : null}
    </form>
  );
}
