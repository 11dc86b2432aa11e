import type { CapabilityStatement } from '@medplum/fhirtypes';
import { SERVED_TYPES } from './fhir-store';

/** The sandbox's addresses: the FHIR base looks like Epic's (`.../api/FHIR/R4`). */
export interface SandboxEndpoints {
  url: string;
  fhirBaseUrl: string;
  authorize: string;
  authorizeDecision: string;
  token: string;
  jwks: string;
}

export function endpointsOf(url: string): SandboxEndpoints {
  return {
    url,
    fhirBaseUrl: `${url}/api/FHIR/R4`,
    authorize: `${url}/oauth2/authorize`,
    authorizeDecision: `${url}/oauth2/authorize/decision`,
    token: `${url}/oauth2/token`,
    jwks: `${url}/oauth2/jwks`,
  };
}

export const SUPPORTED_CLIENT_ASSERTION_ALGS = ['RS384', 'ES384'] as const;

/** `{fhirBase}/.well-known/smart-configuration` (SMART App Launch 2.x). */
export function smartConfiguration(e: SandboxEndpoints, options: { withoutS256?: boolean } = {}): Record<string, unknown> {
  return {
    issuer: e.fhirBaseUrl,
    jwks_uri: e.jwks,
    authorization_endpoint: e.authorize,
    token_endpoint: e.token,
    grant_types_supported: ['authorization_code'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...SUPPORTED_CLIENT_ASSERTION_ALGS],
    response_types_supported: ['code'],
    code_challenge_methods_supported: options.withoutS256 ? ['plain'] : ['S256'],
    scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'launch/encounter', 'online_access', 'patient/*.read', 'user/*.read', 'patient/*.rs', 'user/*.rs'],
    capabilities: [
      'launch-ehr', 'launch-standalone', 'client-confidential-asymmetric', 'sso-openid-connect',
      'context-ehr-patient', 'context-ehr-encounter', 'context-standalone-patient',
      'permission-patient', 'permission-user', 'permission-v1', 'permission-v2',
    ],
  };
}

/** `{fhirBase}/metadata`: a CapabilityStatement whose security names the OAuth endpoints (the discovery fallback). */
export function capabilityStatement(e: SandboxEndpoints, date: string): CapabilityStatement {
  const search = (names: string[]) => names.map((name) => ({ name, type: name === 'date' ? ('date' as const) : name === 'identifier' || name === '_id' ? ('token' as const) : ('reference' as const) }));
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    kind: 'instance',
    software: { name: 'Sandbox EHR (development only)' },
    implementation: { description: 'Sandbox EHR', url: e.fhirBaseUrl },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: e.authorize },
                { url: 'token', valueUri: e.token },
              ],
            },
          ],
        },
        resource: SERVED_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'read' as const }, { code: 'search-type' as const }],
          searchParam: search(type === 'Appointment' ? ['_id', 'identifier', 'patient', 'practitioner', 'date'] : type === 'Encounter' ? ['_id', 'identifier', 'patient', 'appointment', 'date'] : ['_id', 'identifier']),
        })),
      },
    ],
  };
}
