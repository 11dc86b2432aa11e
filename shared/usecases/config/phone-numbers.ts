import { randomUUID } from 'node:crypto';
import { requireAdmin, requireReader, type AdminPrincipal } from '../../domain/config/access';
import type { Operation } from '../../domain/config/operation';
import type { PhoneNumber } from '../../domain/config/sms';
import { DomainError, isDomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import type { PurchaseProgress } from '../../ports/phone-number-provider';
import type { ConfigUseCaseDeps } from './config-deps';
import { purchaseInput } from './inputs';
import { parseInput } from './parse-input';
import { auditEntry } from './record-audit';
import type { OperationView } from './running-operations';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock' | 'phoneNumberProvider'>;
type Caller = { principal: AdminPrincipal; tenantId: string };

export async function listPhoneNumbers(deps: Pick<Deps, 'configStore'>, input: Caller): Promise<Versioned<PhoneNumber>[]> {
  requireReader(input.principal, input.tenantId);
  return deps.configStore.listPhoneNumbers(input.tenantId);
}

/** Starts buying a number; answers at once with the operation to poll (202), without the provider's handle. */
export async function startPhoneNumberPurchase(deps: Deps, input: Caller & { body: unknown }): Promise<OperationView> {
  requireAdmin(input.principal, input.tenantId);
  const request = parseInput(purchaseInput, input.body);
  if (!(await deps.configStore.getOrganisation(input.tenantId))) {
    throw new DomainError('conflict', 'Set up the organisation before buying phone numbers.', { reason: 'TENANT_CONFIG_NOT_FOUND' });
  }
  const now = deps.clock.now().toISOString();
  const operation: Operation = {
    tenantId: input.tenantId,
    id: randomUUID(),
    kind: 'phone_number_purchase',
    status: 'running',
    createdAt: now,
    updatedAt: now,
    createdBy: input.principal.upn,
    request: { country: request.country, ...(request.areaCode ? { areaCode: request.areaCode } : {}) },
  };
  const progress = await deps.phoneNumberProvider.startPurchase(request);
  const audit = auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'phoneNumber.purchase.start', target: `operation:${operation.id}`, after: operation.request });
  const created = await deps.configStore.createOperation(withProgress(operation, progress, now), audit);
  return view(await finish(deps, input.principal, created, progress));
}

/** Reads an operation, advancing a running purchase by one provider poll. */
export async function pollOperation(deps: Deps, input: Caller & { operationId: string }): Promise<OperationView> {
  requireReader(input.principal, input.tenantId);
  const found = /^[0-9a-f-]{36}$/.test(input.operationId) ? await deps.configStore.getOperation(input.tenantId, input.operationId) : undefined;
  if (!found) throw new DomainError('not_found', 'There is no such operation.', { reason: 'OPERATION_NOT_FOUND' });
  if (found.value.status !== 'running' || !found.value.providerState) return view(found.value);
  const progress = await deps.phoneNumberProvider.poll(found.value.providerState);
  return view(await finish(deps, input.principal, found, progress));
}

/** The provider's handle (e.g. the serialised ACS poller) is the connector's to poll, not the admin's to see. */
const view = ({ providerState: _handle, ...rest }: Operation): OperationView => rest;

async function finish(deps: Deps, principal: AdminPrincipal, operation: Versioned<Operation>, progress: PurchaseProgress): Promise<Operation> {
  if (progress.status === 'running' && operation.value.providerState && sameState(operation.value.providerState, progress.state)) return operation.value;
  const now = deps.clock.now().toISOString();
  if (progress.status === 'succeeded') {
    const number: PhoneNumber = { tenantId: operation.value.tenantId, e164: progress.e164, country: operation.value.request.country ?? '', providerId: progress.providerId, purchasedAt: now, operationId: operation.value.id };
    try {
      await deps.configStore.createPhoneNumber(number, auditEntry(deps, principal, { tenantId: number.tenantId, action: 'phoneNumber.purchase.done', target: `phoneNumber:${number.e164}`, after: { e164: number.e164, country: number.country } }));
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'conflict')) throw error;
    }
  }
  const next = withProgress(operation.value, progress, now);
  try {
    return (await deps.configStore.updateOperation(next, operation.etag)).value;
  } catch (error) {
    // Another poll finished it first: theirs is the truth.
    if (isDomainError(error) && error.code === 'precondition_failed') return (await deps.configStore.getOperation(next.tenantId, next.id))?.value ?? next;
    throw error;
  }
}

function withProgress(operation: Operation, progress: PurchaseProgress, now: string): Operation {
  if (progress.status === 'running') return { ...operation, providerState: progress.state, updatedAt: now };
  const { providerState: _done, ...rest } = operation;
  if (progress.status === 'succeeded') return { ...rest, status: 'succeeded', result: { phoneNumber: progress.e164 }, updatedAt: now };
  return { ...rest, status: 'failed', error: { code: progress.code, message: progress.message }, updatedAt: now };
}

const sameState = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(a) === JSON.stringify(b);
