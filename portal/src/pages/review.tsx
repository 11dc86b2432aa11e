import type { AdminApi } from '../lib/api';
import { missingItems, type ChecklistInput, type ChecklistItem } from '../lib/checklist';
import { minutesBefore } from '../lib/format';
import { ApiProblem } from '../lib/problem';
import type { IntegrationRecords } from '../lib/schemas';
import type { PortalRole } from '../lib/session';
import { CopyButton } from '../ui/copy-button';
import { ProblemNotice } from '../ui/notices';
import { useLoad } from '../ui/use-load';
import { visibleBaseUrls } from './approval-data';
import { readCertificateOrNull } from './certificates';
import type { PageProps } from './page-props';

/** Step 4: what is still missing, and the records to enter in the EHR for each approved base URL. */
export function ReviewPage({ api, session }: PageProps) {
  const loaded = useLoad(() => loadReview(api, session.role), [api]);
  const data = loaded.data;
  return (
    <>
      <p class="lead">Enter these records in the EHR for each approved base URL. The checklist shows what still stands between you and go-live.</p>
      <ProblemNotice problem={loaded.problem} />
      {data ? <Checklist items={data.missing} role={session.role} /> : null}
      {data?.records.map((r) => <RecordCard key={r.baseUrlId} record={r} />)}
      {data && data.records.length === 0 ? <p>No base URL is approved yet, so there are no integration records to show.</p> : null}
    </>
  );
}

async function loadReview(api: AdminApi, role: PortalRole): Promise<{ missing: ChecklistItem[]; records: IntegrationRecords[] }> {
  const [records, baseUrls] = await Promise.all([api.readIntegrationRecords().catch(noneWhenForbidden), visibleBaseUrls(api, role).catch(noneWhenForbidden)]);
  const input: ChecklistInput = { organisation: undefined, baseUrls: (baseUrls ?? []).map((b) => b.value), consents: undefined, phoneNumbers: undefined, certificates: {} };
  if (role !== 'approver') {
    const [organisation, consents, numbers, test, production] = await Promise.all([
      api.readOrganisation().then((o) => o.value, (e: unknown) => (e instanceof ApiProblem && e.status === 404 ? null : Promise.reject(e))),
      api.readConsents(), api.listPhoneNumbers(), readCertificateOrNull(api, 'test'), readCertificateOrNull(api, 'production'),
    ]);
    Object.assign(input, { organisation, consents: consents.value, phoneNumbers: numbers.value.phoneNumbers, certificates: { test: test.value, production: production.value } });
  }
  return { missing: missingItems(input), records: records?.value.baseUrls ?? [] };
}

/** An approver of nothing gets 403 from the records: that is "nothing to show", not a failure. */
function noneWhenForbidden(error: unknown): undefined {
  if (error instanceof ApiProblem && error.status === 403) return undefined;
  throw error;
}

function Checklist({ items, role }: { items: ChecklistItem[]; role: PortalRole }) {
  return (
    <section class="card" aria-labelledby="checklist-heading" data-testid="checklist">
      <h2 id="checklist-heading">Still missing</h2>
      {items.length === 0 ? <p class="ok" data-testid="checklist-complete">{role === 'approver' ? 'Nothing is missing for the base URLs you approve.' : 'Nothing is missing: the setup is complete.'}</p> : (
        <ul class="checklist">
          {items.map((i) => <li key={i.id} data-item={i.id}>{i.text} <a href={`#/${i.page}`}>Go to {PAGE_NAMES[i.page]}</a></li>)}
        </ul>
      )}
    </section>
  );
}

const PAGE_NAMES: Record<ChecklistItem['page'], string> = { configuration: 'Configuration', sms: 'SMS notifications', approve: 'Approve or view' };

function Value({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd><span class="mono break">{value}</span> <CopyButton value={value} label={label} /></dd>
    </>
  );
}

function RecordCard({ record: r }: { record: IntegrationRecords }) {
  const launch = (title: string, l: IntegrationRecords['providerLaunch']) => (
    <div class="sub-card">
      <h3>{title}</h3>
      <dl class="facts">
        <Value label={`${title} URL`} value={l.launchUrl} />
        <dt>Launch type</dt><dd>{l.launchType}</dd>
        {l.contextTokens.map((t) => <Value key={t.name} label={`${title} parameter ${t.name}`} value={`${t.name}=${t.value}`} />)}
      </dl>
    </div>
  );
  const sms = r.smsConfiguration;
  return (
    <section class="card" aria-labelledby={`records-${r.baseUrlId}`} data-testid="integration-records" data-base-url={r.baseUrl}>
      <h2 id={`records-${r.baseUrlId}`} class="break">Integration records: {r.baseUrl} <span class="muted">({r.environment})</span></h2>
      {launch('Provider launch', r.providerLaunch)}
      {launch('Patient launch', r.patientLaunch)}
      <div class="sub-card">
        <h3>SMS direct (HL7 outgoing interface)</h3>
        <dl class="facts">
          <Value label="HL7 endpoint URL" value={r.smsDirect.endpointUrl} />
          <Value label="Sending application (MSH-3)" value={r.smsDirect.sendingApplication} />
          <dt>Method and content type</dt><dd>{r.smsDirect.method}, {r.smsDirect.contentType}</dd>
          <dt>Events</dt><dd>{r.smsDirect.events.join(', ')}</dd>
          <dt>Signing</dt><dd>{r.smsDirect.signing}</dd>
        </dl>
      </div>
      <div class="sub-card">
        <h3>SMS configuration</h3>
        <dl class="facts">
          <dt>Confirmation</dt><dd>{sms.confirmation ? 'On' : 'Off'}</dd>
          <dt>Reminders</dt><dd>{sms.reminders ? sms.reminderMinutesBefore.map(minutesBefore).join(', ') : 'Off'}</dd>
          <dt>Sending number</dt><dd class="mono">{sms.sendingNumber ?? 'none'}</dd>
        </dl>
      </div>
      <div class="sub-card">
        <h3>Device test</h3>
        <dl class="facts"><Value label="Device test URL" value={r.deviceTest.url} /></dl>
      </div>
    </section>
  );
}
