import { useState } from 'preact/hooks';
import { ProblemNotice, ReadOnlyNote } from '../ui/notices';
import { useLoad } from '../ui/use-load';
import { BaseUrlSms } from './base-url-sms';
import { Certificates } from './certificates';
import { Consents } from './consents';
import type { PageProps } from './page-props';
import { PhoneNumbers } from './phone-numbers';

/** Step 2 (optional): consents, numbers, which base URL texts from which number, and the feed's certificates. */
export function SmsPage(props: PageProps) {
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const baseUrls = useLoad(() => props.api.listBaseUrls(), [props.api, version]);
  const numbers = useLoad(() => props.api.listPhoneNumbers(), [props.api, version]);
  const rows = baseUrls.data?.value.baseUrls ?? [];
  return (
    <>
      <p class="lead">Patients get a confirmation and reminders with their join link by SMS. Skip this step to leave SMS off; the certificates below are needed either way for the scheduling feed.</p>
      {props.session.role !== 'admin' ? <ReadOnlyNote what="the SMS settings" /> : null}
      <Consents {...props} onChange={bump} />
      <PhoneNumbers {...props} version={version} onChange={bump} />
      <section aria-labelledby="link-heading" class="card">
        <h2 id="link-heading">Texts per base URL</h2>
        <ProblemNotice problem={baseUrls.problem ?? numbers.problem} />
        {rows.length === 0 && !baseUrls.loading ? <p>Add a base URL on the Configuration page first.</p> : null}
        {rows.map((b) => <BaseUrlSms key={b.id} {...props} baseUrl={b} etag={b.etag} numbers={numbers.data?.value.phoneNumbers ?? []} onSaved={async () => bump()} />)}
      </section>
      <Certificates {...props} onChange={bump} />
    </>
  );
}
