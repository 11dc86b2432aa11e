import { useEffect, useRef, useState } from 'preact/hooks';
import type { AdminApi } from '../lib/api';
import { dateTime } from '../lib/format';
import { ApiProblem, asProblem } from '../lib/problem';
import { purchasesInProgress, purchaseText } from '../lib/purchases';
import type { Operation } from '../lib/schemas';
import { Field } from '../ui/field';
import { ProblemNotice, Status } from '../ui/notices';
import { useAction, useLoad } from '../ui/use-load';
import type { PageProps } from './page-props';

const POLL_MS = 1000;

/**
 * The organisation's sending numbers and "Create new phone number". A purchase runs on the
 * connector (minutes with Azure Communication Services): the page shows its progress, read
 * from the API, so leaving and coming back (or another admin's browser) shows it too.
 */
export function PhoneNumbers({ api, session, version, onChange }: PageProps & { version: number; onChange: () => void }) {
  const list = useLoad(() => api.listPhoneNumbers(), [api, version]);
  const [country, setCountry] = useState('US');
  const [areaCode, setAreaCode] = useState('');
  const [finished, setFinished] = useState<Operation[]>([]);
  const start = useAction();
  const admin = session.role === 'admin';
  const purchases = usePurchases(api, (done) => {
    setFinished((f) => [...f, done]);
    void list.reload();
    onChange();
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    const operation = await start.run(() => api.startPurchase({ country: country.trim().toUpperCase(), ...(areaCode.trim() ? { areaCode: areaCode.trim() } : {}) }));
    if (operation) purchases.follow(operation.value);
  };
  const numbers = list.data?.value.phoneNumbers ?? [];

  return (
    <section aria-labelledby="numbers-heading" class="card">
      <h2 id="numbers-heading">Phone numbers</h2>
      <ProblemNotice problem={list.problem} />
      {numbers.length === 0 && !list.loading ? <p>The organisation has no phone number yet.</p> : null}
      {numbers.length > 0 ? <ul data-testid="phone-number-list">{numbers.map((n) => <li key={n.e164}><span class="mono">{n.e164}</span> ({n.country}), since {dateTime(n.purchasedAt)}</li>)}</ul> : null}
      <ProblemNotice problem={purchases.problem} testId="purchase-list-problem" />
      {purchases.running.map((o) => (
        <div key={o.id} class="progress" role="status" data-testid="purchase-progress" data-operation={o.id}>
          <p>{purchaseText(o, dateTime(o.createdAt))}</p>
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

/**
 * The purchases in progress: read from the API when the page opens (whoever started them,
 * in whichever browser), plus the ones started here; each is polled until it succeeds or fails.
 */
function usePurchases(api: AdminApi, onDone: (operation: Operation) => void): { running: Operation[]; follow: (operation: Operation) => void; problem: ApiProblem | undefined } {
  const [running, setRunning] = useState<Operation[]>([]);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const active = useRef(true);
  const done = useRef(onDone);
  done.current = onDone;
  const upsert = (o: Operation) => setRunning((r) => (r.some((x) => x.id === o.id) ? r.map((x) => (x.id === o.id ? o : x)) : [...r, o]));
  const stop = (id: string) => {
    timers.current.delete(id);
    setRunning((r) => r.filter((o) => o.id !== id));
  };
  const poll = (id: string) => {
    if (!active.current) return;
    timers.current.set(id, setTimeout(() => {
      api.readOperation(id).then(({ value }) => {
        if (!active.current) return;
        if (value.status === 'running') {
          upsert(value);
          return poll(id);
        }
        stop(id);
        done.current(value);
      }, (error: unknown) => {
        // Gone, or not this sign-in's to read: stop following it; anything else is retried.
        if (error instanceof ApiProblem && (error.status === 404 || error.status === 403)) stop(id);
        else poll(id);
      });
    }, POLL_MS));
  };
  const follow = (operation: Operation) => {
    upsert(operation);
    if (!timers.current.has(operation.id)) poll(operation.id);
  };
  useEffect(() => {
    active.current = true;
    api.listRunningOperations().then(({ value }) => {
      setProblem(undefined);
      if (active.current) purchasesInProgress(value.operations).forEach(follow);
    }, (error: unknown) => setProblem(asProblem(error)));
    const all = timers.current;
    return () => {
      active.current = false;
      all.forEach((t) => clearTimeout(t));
      all.clear();
    };
  }, [api]);
  return { running, follow, problem };
}
