import { requireApprover, type AdminPrincipal } from '../../domain/config/access';
import { approve } from '../../domain/config/approval-rules';
import type { BaseUrl } from '../../domain/config/base-url';
import { DomainError, isDomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import type { ApprovalSignInSession, ApproverSignIn } from '../../ports/approver-sign-in';
import type { ConfigUseCaseDeps } from './config-deps';
import { requireBaseUrl } from './base-url-inputs';
import { approvalInput } from './inputs';
import { parseInput, requireIfMatch } from './parse-input';
import { auditEntry } from './record-audit';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock' | 'approverSignIn' | 'approvalSessions' | 'publicBaseUrl'>;
export const SIGN_IN_MINUTES = 15;
export const approvalCallbackUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/api/approval-callback`;

function signInClient(deps: Deps): ApproverSignIn {
  if (!deps.approverSignIn) throw new DomainError('upstream_unavailable', 'EHR sign-in is not configured on this connector yet.', { reason: 'EHR_SIGN_IN_NOT_CONFIGURED' });
  return deps.approverSignIn;
}

/** Step 1 (the approver, bearer token): where to send the browser to sign in to the EHR. */
export async function startApprovalSignIn(deps: Deps, input: { principal: AdminPrincipal; tenantId: string; baseUrlId: string }): Promise<{ authorizeUrl: string; signInState: string; expiresAt: string }> {
  const { value: baseUrl } = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  requireApprover(input.principal, baseUrl);
  if (baseUrl.approval.state !== 'pending_approval') throw new DomainError('conflict', `This base URL is ${baseUrl.approval.state.replace('_', ' ')}, not pending approval.`, { reason: 'NOT_PENDING_APPROVAL' });
  let begun;
  try {
    begun = await signInClient(deps).begin({ iss: baseUrl.url, redirectUri: approvalCallbackUrl(deps.publicBaseUrl) });
  } catch (error) {
    throw ehrError(error);
  }
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_MINUTES * 60_000).toISOString();
  const session: ApprovalSignInSession = {
    state: begun.pending.state, tenantId: baseUrl.tenantId, baseUrlId: baseUrl.id, userId: input.principal.userId, upn: input.principal.upn,
    url: baseUrl.url, pending: begun.pending, startedAt: now.toISOString(), expiresAt,
  };
  await deps.approvalSessions.create(session);
  return { authorizeUrl: begun.authorizeUrl, signInState: session.state, expiresAt };
}

/** Step 2 (the EHR redirects the browser back): exchange the code, keep only the EHR user id. */
export async function finishApprovalSignIn(deps: Deps, input: { state: string | null; code: string | null; error: string | null }): Promise<{ baseUrlId: string }> {
  const found = input.state ? await liveSession(deps, input.state) : undefined;
  if (!found) throw new DomainError('not_found', 'This sign-in is unknown or already used; start the approval again from the admin portal.', { reason: 'SIGN_IN_UNKNOWN' });
  const { session, etag } = found;
  if (session.completed || session.used) throw new DomainError('conflict', 'This sign-in was already completed; return to the admin portal.', { reason: 'SIGN_IN_ALREADY_USED' });
  if (input.error || !input.code) throw new DomainError('upstream_rejected', 'The EHR did not complete the sign-in; start the approval again.', { reason: 'EHR_SIGN_IN_REFUSED' });
  let ehrUserId: string;
  try {
    ({ ehrUserId } = await signInClient(deps).complete(session.pending, input.code));
  } catch (error) {
    throw ehrError(error);
  }
  await deps.approvalSessions.replace({ ...session, completed: { ehrUserId, at: deps.clock.now().toISOString() } }, etag);
  return { baseUrlId: session.baseUrlId };
}

/** Step 3 (the approver, bearer token, If-Match of the base URL): approve with the finished sign-in. */
export async function confirmApproval(deps: Deps, input: { principal: AdminPrincipal; tenantId: string; baseUrlId: string; body: unknown; ifMatch: string | undefined }): Promise<Versioned<BaseUrl>> {
  const { signInState } = parseInput(approvalInput, input.body);
  const etag = requireIfMatch(input.ifMatch);
  const current = await requireBaseUrl(deps.configStore, input.tenantId, input.baseUrlId);
  requireApprover(input.principal, current.value);
  const found = await liveSession(deps, signInState);
  const session = found?.session;
  const usable = session && session.tenantId === input.tenantId && session.baseUrlId === input.baseUrlId && session.userId === input.principal.userId;
  if (!found || !session || !usable) throw new DomainError('forbidden', 'Sign in to the EHR for this base URL yourself before approving it.', { reason: 'EHR_SIGN_IN_REQUIRED' });
  if (!session.completed) throw new DomainError('conflict', 'The EHR sign-in has not finished yet.', { reason: 'EHR_SIGN_IN_NOT_FINISHED' });
  if (session.used) throw new DomainError('conflict', 'This EHR sign-in was already used for an approval; sign in again.', { reason: 'SIGN_IN_ALREADY_USED' });
  if (session.url !== current.value.url) throw new DomainError('conflict', 'The base URL changed after your EHR sign-in; sign in again.', { reason: 'BASE_URL_CHANGED' });
  const approved = approve(current.value, { ehrUserId: session.completed.ehrUserId, approverUpn: input.principal.upn, now: deps.clock.now() });
  await consume(deps, found);
  const saved = await deps.configStore.updateBaseUrl(approved, etag, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'baseUrl.approve', target: `baseUrl:${approved.id}`, before: current.value, after: approved }));
  await lockGeography(deps, input.tenantId);
  return saved;
}

/**
 * A sign-in that has not expired. An expired one is deleted as it is read (the purge timer
 * removes those nobody reads again) and answered as expired.
 */
async function liveSession(deps: Deps, state: string): Promise<{ session: ApprovalSignInSession; etag: string } | undefined> {
  const found = await deps.approvalSessions.get(state);
  if (!found || Date.parse(found.session.expiresAt) > deps.clock.now().getTime()) return found;
  await deps.approvalSessions.delete(state, found.etag).catch((error: unknown) => {
    if (!isDomainError(error) || (error.code !== 'precondition_failed' && error.code !== 'not_found')) throw error;
  });
  throw new DomainError('conflict', 'This EHR sign-in took too long and has expired; start the approval again.', { reason: 'SIGN_IN_EXPIRED' });
}

/** A sign-in approves once: it is deleted (conditionally, so two confirmations cannot both use it). */
async function consume(deps: Deps, found: { session: ApprovalSignInSession; etag: string }): Promise<void> {
  try {
    await deps.approvalSessions.delete(found.session.state, found.etag);
  } catch (error) {
    if (isDomainError(error) && (error.code === 'precondition_failed' || error.code === 'not_found')) {
      throw new DomainError('conflict', 'This EHR sign-in was already used for an approval; sign in again.', { reason: 'SIGN_IN_ALREADY_USED' });
    }
    throw error;
  }
}

/** From the first approval on, the organisation's geography is fixed. */
async function lockGeography(deps: Deps, tenantId: string): Promise<void> {
  const organisation = await deps.configStore.getOrganisation(tenantId);
  if (!organisation || organisation.value.geographyLockedAt) return;
  await deps.configStore.updateOrganisation({ ...organisation.value, geographyLockedAt: deps.clock.now().toISOString() }, organisation.etag);
}

function ehrError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  return new DomainError('upstream_unavailable', 'The EHR could not be reached for the sign-in; try again shortly.', { reason: 'EHR_UNREACHABLE', cause: error });
}

