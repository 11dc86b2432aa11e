import { requireReader, type AdminPrincipal } from '../../domain/config/access';
import type { Operation } from '../../domain/config/operation';
import type { ConfigUseCaseDeps } from './config-deps';

/** An operation as the admin API lists it: without the provider's handle (it is the connector's to poll). */
export type OperationView = Omit<Operation, 'providerState'>;

/**
 * The tenant's long-running operations that are still running (number purchases), oldest
 * first, so any browser can show the progress, not only the one that started them. Read-only:
 * polling `GET .../operations/{id}` is what advances one.
 */
export async function listRunningOperations(deps: Pick<ConfigUseCaseDeps, 'configStore'>, input: { principal: AdminPrincipal; tenantId: string }): Promise<OperationView[]> {
  requireReader(input.principal, input.tenantId);
  const running = await deps.configStore.listRunningOperations(input.tenantId);
  return running.map(({ value: { providerState: _handle, ...view } }) => view);
}
