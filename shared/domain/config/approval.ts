/**
 * Approval state of one base URL: draft (no approver named yet) -> pending approval
 * (approver named, waiting for their EHR sign-in and confirmation) -> approved.
 * Changing the URL, environment or approver of an approved base URL sends it back to
 * pending approval, and visits on it stop until it is approved again.
 */
export type ApprovalState =
  | { state: 'draft' }
  | { state: 'pending_approval'; since: string; /** Why it went back, when it had been approved before. */ reason?: string }
  | {
      state: 'approved';
      approvedAt: string;
      /** The approver's EHR user id (the `fhirUser` / `sub` of their EHR sign-in). Nothing else of the sign-in is kept. */
      approvedBy: string;
      /** The UPN of the admin-API user who confirmed, for the audit trail. */
      approverUpn: string;
    };
