import { DomainError, type ErrorCode } from '../errors';

/**
 * Every way a launch can fail, by name. The name is shown to the clinician or patient
 * on the error page together with what to do next; the `code` picks the HTTP status.
 */
export const LAUNCH_FAILURES = {
  LAUNCH_REQUEST_INVALID: { code: 'validation', next: 'Start the visit again from the EHR. If it keeps happening, ask your EHR analyst to check the launch record.' },
  TENANT_CONFIG_NOT_FOUND: { code: 'not_found', next: 'This EHR is not set up for virtual visits. Ask your administrator to add its FHIR base URL in the connector.' },
  BASE_URL_NOT_APPROVED: { code: 'forbidden', next: 'This EHR connection has not been approved yet. Ask the named approver to sign in and approve it.' },
  BASE_URL_AMBIGUOUS: { code: 'conflict', next: 'More than one organisation has approved this EHR address. Ask your administrator to use a distinct FHIR base URL.' },
  BASE_URL_WRONG_ENVIRONMENT: { code: 'forbidden', next: 'This EHR environment (test or production) does not match this connector. Use the launch record of the matching environment.' },
  EHR_METADATA_UNREACHABLE: { code: 'upstream_unavailable', next: 'The EHR did not answer. Try again in a few minutes; if it persists, tell your EHR analyst.' },
  EHR_PKCE_UNSUPPORTED: { code: 'upstream_rejected', next: 'The EHR does not offer the required security (PKCE S256). Ask your EHR analyst to enable it.' },
  EHR_AUTHORIZATION_DENIED: { code: 'forbidden', next: 'The EHR did not allow the visit to start. Check that you have access to this appointment, then try again.' },
  EHR_TOKEN_REJECTED: { code: 'upstream_rejected', next: 'The EHR refused the connector\'s credentials. Tell your EHR analyst: the connector\'s public key may not be synchronised yet.' },
  EHR_IDENTITY_INVALID: { code: 'upstream_rejected', next: 'The EHR\'s sign-in could not be verified. Start the visit again; if it persists, tell your EHR analyst.' },
  LAUNCH_EXPIRED: { code: 'precondition_failed', next: 'This launch link has expired or was already used. Start the visit again from the EHR.' },
  APPOINTMENT_NOT_FOUND: { code: 'not_found', next: 'The appointment for this visit could not be found. Check the appointment in the EHR and start again.' },
  APPOINTMENT_CANCELLED: { code: 'conflict', next: 'This appointment is cancelled in the EHR. Check the schedule and start the visit from the current appointment.' },
  FHIR_UNAVAILABLE: { code: 'upstream_unavailable', next: 'The EHR did not return the appointment in time. Try again in a minute.' },
  MEETING_UNAVAILABLE: { code: 'upstream_unavailable', next: 'The meeting service did not answer. Try again in a minute.' },
} as const satisfies Record<string, { code: ErrorCode; next: string }>;

export type LaunchFailure = keyof typeof LAUNCH_FAILURES;

export function launchError(reason: LaunchFailure, message: string, cause?: unknown): DomainError {
  return new DomainError(LAUNCH_FAILURES[reason].code, message, { reason, cause });
}

export function isLaunchFailure(reason: string | undefined): reason is LaunchFailure {
  return reason !== undefined && Object.prototype.hasOwnProperty.call(LAUNCH_FAILURES, reason);
}

export function nextStepFor(reason: string | undefined): string {
  return isLaunchFailure(reason) ? LAUNCH_FAILURES[reason].next : 'Start the visit again from the EHR. If it keeps happening, give the reference below to your administrator.';
}
