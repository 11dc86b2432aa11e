/**
 * The approver's EHR sign-in (SMART standalone launch with `openid fhirUser`) against the
 * base URL being approved. It proves the URL is that EHR's and the approver has access;
 * only the EHR user id comes back (no token or credential is kept).
 */
export interface PendingApproverSignIn {
  iss: string;
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface ApproverSignIn {
  begin(input: { iss: string; redirectUri: string }): Promise<{ authorizeUrl: string; pending: PendingApproverSignIn }>;
  /** Exchanges the code and checks the id_token; returns the EHR user id (`fhirUser`, else `sub`). */
  complete(pending: PendingApproverSignIn, code: string): Promise<{ ehrUserId: string }>;
}

/** A sign-in in progress or done, waiting for the approver's confirmation. */
export interface ApprovalSignInSession {
  /** Also the OAuth `state`: at least 128 random bits, single use. */
  state: string;
  tenantId: string;
  baseUrlId: string;
  /** The admin-API user who started it: only they may confirm with it. */
  userId: string;
  upn: string;
  /** The base URL as it was when the sign-in started; a change in between voids it. */
  url: string;
  pending: PendingApproverSignIn;
  startedAt: string;
  expiresAt: string;
  completed?: { ehrUserId: string; at: string };
  /** Written by earlier versions; a used sign-in is now deleted instead. */
  used?: boolean;
}

export interface ApprovalSessionStore {
  create(session: ApprovalSignInSession): Promise<void>;
  get(state: string): Promise<{ session: ApprovalSignInSession; etag: string } | undefined>;
  /** Conditional on the ETag read; fails with `precondition_failed` when it changed. */
  replace(session: ApprovalSignInSession, etag: string): Promise<void>;
  /** Removes a used or expired sign-in, conditional on the ETag read (`precondition_failed` / `not_found` otherwise). */
  delete(state: string, etag: string): Promise<void>;
  /** Removes every sign-in that expired before `before` (abandoned ones too); returns how many. */
  forgetExpired(before: Date): Promise<number>;
}
