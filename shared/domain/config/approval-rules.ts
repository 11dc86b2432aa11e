import { DomainError } from '../errors';
import type { ApprovalState } from './approval';
import type { BaseUrl } from './base-url';

/** The approval state a new base URL starts in: draft until an approver is named. */
export function initialApproval(approverUpn: string | undefined, now: Date): ApprovalState {
  return approverUpn ? { state: 'pending_approval', since: now.toISOString() } : { state: 'draft' };
}

/** The fields whose change invalidates an approval: what the approver vouched for. */
export const APPROVAL_BOUND_FIELDS = ['url', 'environment', 'approverUpn'] as const;

export interface ApprovalAfterChange {
  approval: ApprovalState;
  /** True when an approved base URL went back to pending approval (visits on it stop). */
  approvalWithdrawn: boolean;
}

/** What a change of URL, environment or approver does to the approval state. */
export function approvalAfterChange(before: BaseUrl, after: Pick<BaseUrl, 'url' | 'environment' | 'approverUpn'>, now: Date): ApprovalAfterChange {
  const bound = APPROVAL_BOUND_FIELDS.filter((f) => before[f] !== after[f]);
  if (bound.length === 0) return { approval: before.approval, approvalWithdrawn: false };
  if (!after.approverUpn) return { approval: { state: 'draft' }, approvalWithdrawn: before.approval.state === 'approved' };
  const withdrawn = before.approval.state === 'approved';
  return {
    approval: { state: 'pending_approval', since: now.toISOString(), ...(withdrawn ? { reason: `changed after approval: ${bound.join(', ')}` } : {}) },
    approvalWithdrawn: withdrawn,
  };
}

/**
 * Approving: only from pending approval, only by the named approver (checked by the
 * caller against the verified token), and only with the EHR user id of their sign-in.
 */
export function approve(baseUrl: BaseUrl, input: { ehrUserId: string; approverUpn: string; now: Date }): BaseUrl {
  if (baseUrl.approval.state === 'approved') {
    throw new DomainError('conflict', 'This base URL is already approved.', { reason: 'ALREADY_APPROVED' });
  }
  if (baseUrl.approval.state === 'draft' || !baseUrl.approverUpn) {
    throw new DomainError('conflict', 'Name an approver for this base URL before approving it.', { reason: 'APPROVER_NOT_NAMED' });
  }
  if (baseUrl.approverUpn !== input.approverUpn) {
    throw new DomainError('forbidden', 'Only the approver named on this base URL may approve it.', { reason: 'NOT_THE_APPROVER' });
  }
  const at = input.now.toISOString();
  return { ...baseUrl, approval: { state: 'approved', approvedAt: at, approvedBy: input.ehrUserId, approverUpn: input.approverUpn }, updatedAt: at };
}
