import type { BaseUrl, EhrEnvironment } from '../../domain/config/base-url';
import { DEFAULT_SMS_SETTINGS } from '../../domain/config/base-url';
import { normaliseBaseUrl } from '../../domain/config/base-url-rules';
import type { ConfigStore } from '../../ports/config-store';

/**
 * Development and tests only: an organisation with one approved base URL, so an EHR
 * (the sandbox) can launch without the admin API and the approver's sign-in. Idempotent:
 * what exists is left as it is. `npm start`'s dev seed calls it with the sandbox's FHIR
 * base URL and the deployment's environment.
 */
export interface ApprovedBaseUrlSeed {
  tenantId: string;
  baseUrlId: string;
  url: string;
  environment: EhrEnvironment;
  now: Date;
  displayName?: string;
  hl7SenderId?: string;
}

export async function seedApprovedBaseUrl(configStore: Pick<ConfigStore, 'getOrganisation' | 'createOrganisation' | 'getBaseUrl' | 'createBaseUrl'>, seed: ApprovedBaseUrlSeed): Promise<BaseUrl> {
  const at = seed.now.toISOString();
  if (!(await configStore.getOrganisation(seed.tenantId))) {
    await configStore.createOrganisation({
      tenantId: seed.tenantId,
      displayName: seed.displayName ?? 'Development organisation',
      geography: 'US',
      timeZone: 'America/Chicago',
      defaultPhoneCountry: 'US',
      geographyLockedAt: at,
      createdAt: at,
      updatedAt: at,
    });
  }
  const existing = await configStore.getBaseUrl(seed.tenantId, seed.baseUrlId);
  if (existing) return existing.value;
  const normalised = normaliseBaseUrl(seed.url, { allowPrivateNetwork: true });
  if (!normalised.ok) throw new Error(`seed base URL ${normalised.message}`);
  const baseUrl: BaseUrl = {
    tenantId: seed.tenantId,
    id: seed.baseUrlId,
    url: normalised.url,
    environment: seed.environment,
    vendor: 'epic',
    approverUpn: 'approver@dev.example',
    approval: { state: 'approved', approvedAt: at, approvedBy: 'Practitioner/dev-approver', approverUpn: 'approver@dev.example' },
    sms: DEFAULT_SMS_SETTINGS,
    hl7SenderId: seed.hl7SenderId ?? `DEV-${seed.baseUrlId}`.slice(0, 40),
    createdAt: at,
    updatedAt: at,
  };
  return (await configStore.createBaseUrl(baseUrl)).value;
}
