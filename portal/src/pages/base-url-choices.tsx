import { Field } from '../ui/field';

/** The fields of a base URL the API names in its per-field reasons (add and edit forms alike). */
export const BASE_URL_FIELDS = ['url', 'environment', 'vendor', 'approverUpn'] as const;

/**
 * A base URL's environment and EHR vendor, as the add and the edit form both offer them:
 * one list of environments and vendors for both. Ids are `{idPrefix}-environment` / `-vendor`.
 */
export function EnvironmentAndVendor({ idPrefix, environment, vendor, onEnvironment, onVendor, error }: {
  idPrefix: string;
  environment: string;
  vendor: string;
  onEnvironment: (e: Event) => void;
  onVendor: (e: Event) => void;
  error: (field: string) => string | undefined;
}) {
  return (
    <div class="row">
      <Field id={`${idPrefix}-environment`} label="Environment" error={error('environment')}>
        {(a) => <select {...a} name="environment" value={environment} onChange={onEnvironment}><option value="test">Test</option><option value="production">Production</option></select>}
      </Field>
      <Field id={`${idPrefix}-vendor`} label="EHR vendor" error={error('vendor')}>
        {(a) => <select {...a} name="vendor" value={vendor} onChange={onVendor}><option value="epic">Epic</option><option value="oracle">Oracle Health</option><option value="other">Other SMART-on-FHIR EHR</option></select>}
      </Field>
    </div>
  );
}
