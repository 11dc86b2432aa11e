import { useState } from 'preact/hooks';
import { ReadOnlyNote } from '../ui/notices';
import { BaseUrls } from './base-urls';
import { OrganisationForm } from './organisation-form';
import type { PageProps } from './page-props';

/** Step 1: the organisation, then its FHIR base URLs with environment, vendor and approver. */
export function ConfigurationPage(props: PageProps) {
  const [version, setVersion] = useState(0);
  return (
    <>
      <p class="lead">Describe the organisation, then add the FHIR base URL of each EHR environment and name who approves it.</p>
      {props.session.role !== 'admin' ? <ReadOnlyNote what="the configuration" /> : null}
      <OrganisationForm {...props} onSaved={() => setVersion(version + 1)} />
      <BaseUrls {...props} version={version} />
    </>
  );
}
