import { requireAdmin, requireReader, requireReaderOrApprover, type AdminPrincipal } from '../../domain/config/access';
import { approvalAfterChange, initialApproval } from '../../domain/config/approval-rules';
import { DEFAULT_SMS_SETTINGS, type BaseUrl } from '../../domain/config/base-url';
import { DomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import type { ConfigUseCaseDeps } from './config-deps';
import { baseUrlInput, baseUrlPatch } from './inputs';
import { newBaseUrlId, newHl7SenderId, normalisedOrInvalid, requireBaseUrl, requireOrganisation, requireReachable } from './base-url-inputs';
import { parseInput, requireIfMatch } from './parse-input';
import { auditEntry } from './record-audit';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock' | 'ehrReachability' | 'allowPrivateNetworkUrls'>;
type Caller = { principal: AdminPrincipal; tenantId: string };

export interface BaseUrlChange {
  baseUrl: Versioned<BaseUrl>;
  /** Set when an approved base URL went back to pending approval: visits on it stop until re-approved. */
  notice?: string;
}

export async function listBaseUrls(deps: Pick<Deps, 'configStore'>, input: Caller): Promise<Versioned<BaseUrl>[]> {
  requireReader(input.principal, input.tenantId);
  return deps.configStore.listBaseUrls(input.tenantId);
}

export async function readBaseUrl(deps: Pick<Deps, 'configStore'>, input: Caller & { baseUrlId: string }): Promise<Versioned<BaseUrl>> {
  const found = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  requireReaderOrApprover(input.principal, found.value);
  return found;
}

export async function addBaseUrl(deps: Deps, input: Caller & { body: unknown }): Promise<Versioned<BaseUrl>> {
  requireAdmin(input.principal, input.tenantId);
  const fields = parseInput(baseUrlInput, input.body);
  const url = normalisedOrInvalid(fields.url, deps.allowPrivateNetworkUrls);
  await requireOrganisation(deps.configStore, input.tenantId);
  await requireReachable(deps.ehrReachability, url);
  const now = deps.clock.now();
  const baseUrl: BaseUrl = {
    tenantId: input.tenantId,
    id: newBaseUrlId(),
    url,
    environment: fields.environment,
    vendor: fields.vendor,
    ...(fields.approverUpn ? { approverUpn: fields.approverUpn } : {}),
    approval: initialApproval(fields.approverUpn, now),
    sms: DEFAULT_SMS_SETTINGS,
    hl7SenderId: newHl7SenderId(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const created = await deps.configStore.createBaseUrl(baseUrl, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'baseUrl.create', target: `baseUrl:${baseUrl.id}`, after: baseUrl }));
  return created;
}

export async function changeBaseUrl(deps: Deps, input: Caller & { baseUrlId: string; body: unknown; ifMatch: string | undefined }): Promise<BaseUrlChange> {
  requireAdmin(input.principal, input.tenantId);
  const patch = parseInput(baseUrlPatch, input.body);
  const etag = requireIfMatch(input.ifMatch);
  const url = patch.url === undefined ? undefined : normalisedOrInvalid(patch.url, deps.allowPrivateNetworkUrls);
  const current = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  const before = current.value;
  if (url !== undefined && url !== before.url) await requireReachable(deps.ehrReachability, url);
  const now = deps.clock.now();
  const approverUpn = patch.approverUpn === null ? undefined : (patch.approverUpn ?? before.approverUpn);
  const next = { url: url ?? before.url, environment: patch.environment ?? before.environment, approverUpn };
  const { approval, approvalWithdrawn } = approvalAfterChange(before, next, now);
  const after: BaseUrl = { ...before, url: next.url, environment: next.environment, vendor: patch.vendor ?? before.vendor, approval, updatedAt: now.toISOString() };
  if (approverUpn) after.approverUpn = approverUpn;
  else delete after.approverUpn;
  const saved = await deps.configStore.updateBaseUrl(after, etag, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'baseUrl.update', target: `baseUrl:${before.id}`, before, after }));
  return approvalWithdrawn
    ? { baseUrl: saved, notice: 'This base URL was approved; the change sent it back to pending approval. Launches, the scheduling feed and SMS for it stop until the approver approves it again.' }
    : { baseUrl: saved };
}

export async function removeBaseUrl(deps: Deps, input: Caller & { baseUrlId: string; ifMatch: string | undefined }): Promise<void> {
  requireAdmin(input.principal, input.tenantId);
  const etag = requireIfMatch(input.ifMatch);
  const current = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  await deps.configStore.deleteBaseUrl(input.tenantId, input.baseUrlId, etag, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'baseUrl.delete', target: `baseUrl:${input.baseUrlId}`, before: current.value }));
}

/** Runs the reachability check again on a stored base URL (admin's "test connection"). */
export async function checkBaseUrl(deps: Deps, input: Caller & { baseUrlId: string }) {
  requireAdmin(input.principal, input.tenantId);
  const current = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  const result = await deps.ehrReachability.check(current.value.url);
  if (!result.ok) throw new DomainError('upstream_unavailable', result.message, { reason: `BASE_URL_${result.reason}` });
  return result;
}
