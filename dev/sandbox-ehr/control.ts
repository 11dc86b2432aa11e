/**
 * Test-only controls of the sandbox EHR, for negative tests of the connector. Nothing here is
 * reachable over HTTP: tests hold the `SandboxEhr` object and call these methods, or pass the
 * same settings as `startSandboxEhr({ faults })`. `reset()` puts everything back.
 */
export type FhirFaultKind = 'not_found' | 'server_error' | 'timeout';

export interface FhirFault {
  /** Which requests fail: a type (all its reads and searches) and/or one id (reads of it). Omit both for every FHIR request. */
  resourceType?: string;
  id?: string;
  kind: FhirFaultKind;
}

export interface IdTokenTampering {
  /** Signs the id_token for this audience instead of the client id. */
  aud?: string;
  /** Uses this issuer instead of the FHIR base URL. */
  iss?: string;
  /** Makes the id_token already expired by this many seconds. */
  expiredBySeconds?: number;
  /** Signs with a key that is not in the sandbox's JWKS. */
  unknownKey?: boolean;
  /** Puts this nonce in the id_token instead of the one the client sent; `null` leaves the nonce out. */
  nonce?: string | null;
}

export type AuthorizationMode = 'approve' | 'deny' | 'ask';

export interface SandboxFaults {
  fhir?: FhirFault[];
  /** The token endpoint answers 401 invalid_client whatever the client assertion. */
  rejectClientAssertions?: boolean;
  idToken?: IdTokenTampering;
  /** The token endpoint answers 503 (EHR down). */
  tokenEndpointUnavailable?: boolean;
  /** `.well-known/smart-configuration` and `metadata` answer 503. */
  discoveryUnavailable?: boolean;
  /** Discovery advertises `plain` only (a non-compliant EHR). */
  withoutS256?: boolean;
}

export class SandboxControl {
  private faults: SandboxFaults;
  /** approve: redirect back with a code at once; deny: error=access_denied; ask: show the consent page. */
  authorization: AuthorizationMode;

  constructor(
    private readonly initialFaults: SandboxFaults,
    private readonly initialAuthorization: AuthorizationMode,
  ) {
    this.faults = structuredClone(initialFaults);
    this.authorization = initialAuthorization;
  }

  get current(): Readonly<SandboxFaults> {
    return this.faults;
  }

  failFhir(fault: FhirFault): void {
    this.faults.fhir = [...(this.faults.fhir ?? []), fault];
  }

  rejectClientAssertions(on = true): void {
    this.faults.rejectClientAssertions = on;
  }

  tamperIdToken(tampering: IdTokenTampering | undefined): void {
    this.faults.idToken = tampering;
  }

  set(faults: SandboxFaults): void {
    this.faults = { ...this.faults, ...structuredClone(faults) };
  }

  reset(): void {
    this.faults = structuredClone(this.initialFaults);
    this.authorization = this.initialAuthorization;
  }

  /** The fault for this FHIR request, if any: for a read `id` is set, for a search it is not. */
  fhirFaultFor(resourceType: string, id: string | undefined): FhirFault | undefined {
    return (this.faults.fhir ?? []).find(
      (f) => (f.resourceType === undefined || f.resourceType === resourceType) && (f.id === undefined || f.id === id),
    );
  }
}
