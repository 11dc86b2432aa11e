/**
 * Checks that a FHIR base URL is a reachable SMART-on-FHIR R4 server, without becoming a
 * way to probe internal networks: private, loopback and link-local addresses (after DNS)
 * are refused unless the dev setting allows them.
 */
export type ReachabilityResult =
  | { ok: true; fhirVersion: string; smart: { authorizationEndpoint: string; tokenEndpoint: string } }
  | { ok: false; reason: ReachabilityFailure; message: string };

export type ReachabilityFailure =
  | 'ADDRESS_NOT_ALLOWED'
  | 'UNREACHABLE'
  | 'TIMEOUT'
  | 'NO_SMART_CONFIGURATION'
  | 'NO_PKCE_S256'
  | 'NO_METADATA'
  | 'NOT_R4';

export interface EhrReachability {
  check(baseUrl: string): Promise<ReachabilityResult>;
}
