import { requireReaderOrApprover, type AdminPrincipal } from '../../domain/config/access';
import type { BaseUrl } from '../../domain/config/base-url';
import { integrationRecordsFor, type IntegrationRecords } from '../../domain/config/integration-records';
import { DomainError } from '../../domain/errors';
import type { ConfigUseCaseDeps } from './config-deps';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'publicBaseUrl'>;

/**
 * The values an EHR analyst enters in the EHR, per approved base URL. Admins and readers
 * see every approved base URL's records; an approver sees those of the base URLs they approve.
 */
export async function readIntegrationRecords(deps: Deps, input: { principal: AdminPrincipal; tenantId: string }): Promise<{ baseUrls: IntegrationRecords[]; pendingBaseUrlIds: string[] }> {
  const all = (await deps.configStore.listBaseUrls(input.tenantId)).map((b) => b.value);
  const visible = all.filter((b) => canSee(input.principal, b));
  if (visible.length === 0 && all.length > 0) throw new DomainError('forbidden', 'You are neither an admin, a reader nor the approver of any base URL here.', { reason: 'READER_ROLE_REQUIRED' });
  if (all.length === 0) canSee(input.principal, { tenantId: input.tenantId, approverUpn: undefined }, true);
  return {
    baseUrls: visible.filter((b) => b.approval.state === 'approved').map((b) => integrationRecordsFor(b, deps.publicBaseUrl)),
    pendingBaseUrlIds: visible.filter((b) => b.approval.state !== 'approved').map((b) => b.id),
  };
}

function canSee(principal: AdminPrincipal, baseUrl: Pick<BaseUrl, 'tenantId' | 'approverUpn'>, rethrow = false): boolean {
  try {
    requireReaderOrApprover(principal, baseUrl);
    return true;
  } catch (error) {
    if (rethrow || (error instanceof DomainError && error.reason === 'TENANT_MISMATCH')) throw error;
    return false;
  }
}
