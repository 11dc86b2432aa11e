import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminApi } from '../lib/api';
import { dateTime } from '../lib/format';
import { ApiProblem } from '../lib/problem';
import { forgetPurchase, rememberPurchase, runningPurchases } from '../lib/purchases';
import type { Operation } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

const POLL_MS = 1000;

/**
 * The organisation's sending numbers and "Create new phone number". A purchase runs on the
 * connector (minutes with Azure Communication Services): the page shows its progress, and
 * remembers it, so leaving and coming back picks the progress up again.
 */
export function PhoneNumbers({ api, session, version, onChange }: PageProps & { version: number; onChange: () => void }) {
  const list = useLoad(() => api.listPhoneNumbers(), [api, version]);
  const [country, setCountry] = useState('US');
  const [areaCode, setAreaCode] = useState('');
  const [purchases, setPurchases] = useState<Operation[]>([]);
  const [finished, setFinished] = useState<Operation[]>([]);
  const start = useAction();
  const admin = session.role === 'admin';
  const follow = usePurchases(api, (done) => {
    setFinished((f) => [...f, done]);
    setPurchases((p) => p.filter((o) => o.id !== done.id));
    void list.reload();
    onChange();
  }, setPurchases);

  const submit = async (e: Event) => {
    e.preventDefault();
    const operation = await start.run(() => api.startPurchase({ country: country.trim().toUpperCase(), ...(areaCode.trim() ? { areaCode: areaCode.trim() } : {}) }));
    if (operation) follow(operation.value);
  };
  const numbers = list.data?.value.phoneNumbers ?? [];

  return (
    <section aria-labelledby="numbers-heading" class="card">
      <h2 id="numbers-heading">Phone numbers</h2>
      <ProblemNotice problem={list.problem} />
      {numbers.length === 0 && !list.loading ? <p>The organisation has no phone number yet.</p> : null}
      {numbers.length > 0 ? <ul data-testid="phone-number-list">{numbers.map((n) => <li key={n.e164}><span class="mono">{n.e164}</span> ({n.country}), since {dateTime(n.purchasedAt)}</li>)}</ul> : null}
      {purchases.map((o) => (
        <div key={o.id} class="progress" role="status" data-testid="purchase-progress">
          <p>Creating a phone number in {o.request.country}{o.request.areaCode ? ` (area code ${o.request.areaCode})` : ''}, started {dateTime(o.createdAt)}. This can take a few minutes; you may leave this page and come back.</p>
          <progress aria-label="Phone number purchase in progress" />
        </div>
      ))}
      {finished.map((o) => o.status === 'succeeded'
        ? <Status key={o.id} testId="purchase-done">Phone number {o.result?.phoneNumber} is ready. Link it to a base URL below.</Status>
        : <div key={o.id} class="notice notice-error" role="alert" data-testid="purchase-failed">The purchase failed: {o.error?.message ?? 'no reason given'}</div>)}
      {admin ? (
        <form onSubmit={(e) => void submit(e)} data-testid="purchase-form" noValidate>
          <fieldset disabled={start.busy}>
            <legend>Create new phone number</legend>
            <div class="row">
              <Field id="purchase-country" label="Country" hint="ISO code, e.g. US." error={start.problem?.fieldMessage('country')}>
                {(a) => <input {...a} value={country} onInput={(e) => setCountry((e.currentTarget as HTMLInputElement).value)} maxLength={2} size={4} />}
              </Field>
              <Field id="purchase-area-code" label="Area code (optional)" hint="Digits only, e.g. 608." error={start.problem?.fieldMessage('areaCode')}>
                {(a) => <input {...a} value={areaCode} onInput={(e) => setAreaCode((e.currentTarget as HTMLInputElement).value)} inputMode="numeric" maxLength={4} size={6} />}
              </Field>
            </div>
            <button type="submit">Create new phone number</button>
          </fieldset>
          <ProblemNotice problem={start.problem} fields={['country', 'areaCode']} />
        </form>
      ) : null}
    </section>
  );
}

/** Polls running purchases (remembered in local storage) until each succeeds or fails. */
function usePurchases(api: AdminApi, onDone: (operation: Operation) => void, setRunning: (update: (running: Operation[]) => Operation[]) => void): (operation: Operation) => void {
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const poll = (id: string) => {
    timers.current.set(id, setTimeout(() => {
      api.readOperation(id).then(({ value }) => {
        if (value.status === 'running') {
          setRunning((r) => [...r.filter((o) => o.id !== id), value]);
          return poll(id);
        }
        forgetPurchase(localStorage, api.tenantId, id);
        onDone(value);
      }, (error: unknown) => {
        // Gone or not ours (another tenant's sign-in): stop following it; anything else is retried.
        if (error instanceof ApiProblem && (error.status === 404 || error.status === 403)) forgetPurchase(localStorage, api.tenantId, id);
        else poll(id);
      });
    }, POLL_MS));
  };
  const follow = (operation: Operation) => {
    rememberPurchase(localStorage, api.tenantId, operation.id);
    setRunning((r) => [...r.filter((o) => o.id !== operation.id), operation]);
    poll(operation.id);
  };
  useEffect(() => {
    for (const id of runningPurchases(localStorage, api.tenantId)) {
      api.readOperation(id).then(({ value }) => (value.status === 'running' ? follow(value) : (forgetPurchase(localStorage, api.tenantId, id), onDone(value))), () => forgetPurchase(localStorage, api.tenantId, id));
    }
    const all = timers.current;
    return () => all.forEach((t) => clearTimeout(t));
  }, [api]);
  return follow;
}
