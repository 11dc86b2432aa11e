import { z } from 'zod';
import type { EhrReachability, ReachabilityResult } from '../../ports/ehr-reachability';
import { guardedGet, type GuardedResponse } from './guarded-get';

/**
 * The base URL check: `{base}/.well-known/smart-configuration` must name the authorize
 * and token endpoints and offer PKCE S256 (launches refuse an EHR without it, so approving
 * such a URL would only move the failure to the first clinician), and `{base}/metadata` must
 * be an R4 CapabilityStatement.
 */
const smartConfiguration = z.object({
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
});
const capabilityStatement = z.object({ resourceType: z.string(), fhirVersion: z.string() });

const DSTU2 = /^(1\.0\.|0\.)/;
const STU3 = /^(3\.0\.|1\.[1-8]\.)/;

export class HttpEhrReachability implements EhrReachability {
  constructor(private readonly options: { allowPrivateNetwork: boolean; timeoutMs: number }) {}

  async check(baseUrl: string): Promise<ReachabilityResult> {
    const smartUrl = `${baseUrl}/.well-known/smart-configuration`;
    const smart = await this.get(smartUrl);
    if (smart.kind !== 'response') return failed(smart, smartUrl);
    const config = smart.status === 200 ? smartConfiguration.safeParse(parseJson(smart.body)) : undefined;
    if (!config?.success) {
      return { ok: false, reason: 'NO_SMART_CONFIGURATION', message: `FHIR URL isn't valid: no SMART configuration at ${smartUrl} (HTTP ${smart.status}).` };
    }
    if (!config.data.code_challenge_methods_supported?.includes('S256')) {
      return { ok: false, reason: 'NO_PKCE_S256', message: `FHIR URL isn't usable: the SMART configuration at ${smartUrl} does not offer PKCE with S256 (code_challenge_methods_supported), which virtual visit launches require.` };
    }
    const metadataUrl = `${baseUrl}/metadata`;
    const metadata = await this.get(metadataUrl);
    if (metadata.kind !== 'response') return failed(metadata, metadataUrl);
    const capability = metadata.status === 200 ? capabilityStatement.safeParse(parseJson(metadata.body)) : undefined;
    if (!capability?.success || capability.data.resourceType !== 'CapabilityStatement' && capability.data.resourceType !== 'Conformance') {
      return { ok: false, reason: 'NO_METADATA', message: `FHIR URL isn't valid: no FHIR CapabilityStatement at ${metadataUrl} (HTTP ${metadata.status}).` };
    }
    const version = capability.data.fhirVersion;
    if (DSTU2.test(version)) return { ok: false, reason: 'NOT_R4', message: `${baseUrl} is a DSTU2 endpoint (FHIR ${version}); an R4 endpoint is required.` };
    if (STU3.test(version)) return { ok: false, reason: 'NOT_R4', message: `${baseUrl} is an STU3 endpoint (FHIR ${version}); an R4 endpoint is required.` };
    if (!version.startsWith('4.0')) return { ok: false, reason: 'NOT_R4', message: `${baseUrl} speaks FHIR ${version}; an R4 (4.0.x) endpoint is required.` };
    return { ok: true, fhirVersion: version, smart: { authorizationEndpoint: config.data.authorization_endpoint, tokenEndpoint: config.data.token_endpoint } };
  }

  private get(url: string): Promise<GuardedResponse> {
    return guardedGet(new URL(url), { Accept: 'application/json, application/fhir+json' }, this.options);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function failed(result: Exclude<GuardedResponse, { kind: 'response' }>, url: string): ReachabilityResult {
  if (result.kind === 'blocked') return { ok: false, reason: 'ADDRESS_NOT_ALLOWED', message: `FHIR URL isn't allowed: ${new URL(url).hostname} resolves to a private, loopback or link-local address.` };
  if (result.kind === 'timeout') return { ok: false, reason: 'TIMEOUT', message: `FHIR URL isn't reachable: ${url} did not answer in time.` };
  return { ok: false, reason: 'UNREACHABLE', message: `FHIR URL isn't reachable: ${url} could not be fetched (${result.code}).` };
}
