import { z } from 'zod';
import type { Clock } from '../ports/clock';
import { isLoopbackOrPrivateHost } from '../domain/config/base-url-rules';
import { launchError } from '../domain/launch/launch-errors';
import { EhrUnreachableError, fetchFromEhr, jsonBody } from './ehr-http';

/**
 * SMART App Launch discovery: `{iss}/.well-known/smart-configuration`, falling back to the
 * CapabilityStatement's OAuth URIs extension (`{iss}/metadata`). Cached per `iss` for a TTL;
 * concurrent launches of one EHR share one request. An EHR that does not offer PKCE S256 in
 * its SMART configuration is refused. (A CapabilityStatement cannot say whether it offers
 * S256; an EHR found only that way is accepted and still gets S256, with state and the
 * `private_key_jwt` client authentication protecting the code exchange.)
 */
export interface SmartConfiguration {
  iss: string;
  /** The OpenID issuer for id_token validation (smart-configuration `issuer`, else `iss`). */
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri?: string;
  codeChallengeMethods: string[];
  capabilities: string[];
  source: 'smart-configuration' | 'capability-statement';
}

export interface DiscoveryOptions {
  clock: Clock;
  ttlMs: number;
  timeoutMs: number;
  /** Development only: endpoints may be http on loopback / private hosts. */
  allowPrivateNetwork: boolean;
}

const wellKnownSchema = z.object({
  issuer: z.string().url().optional(),
  jwks_uri: z.string().url().optional(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  code_challenge_methods_supported: z.array(z.string()).default([]),
  capabilities: z.array(z.string()).default([]),
});

const extensionSchema: z.ZodType<{ url: string; valueUri?: string; extension?: unknown[] }> = z.object({
  url: z.string(),
  valueUri: z.string().optional(),
  extension: z.array(z.unknown()).optional(),
});

const capabilitySchema = z.object({
  resourceType: z.literal('CapabilityStatement'),
  rest: z.array(z.object({ security: z.object({ extension: z.array(extensionSchema).default([]) }).optional() })).default([]),
});

const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';

export class SmartDiscovery {
  private readonly cache = new Map<string, { config: SmartConfiguration; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<SmartConfiguration>>();

  constructor(private readonly options: DiscoveryOptions) {}

  async discover(iss: string): Promise<SmartConfiguration> {
    const now = this.options.clock.now().getTime();
    const hit = this.cache.get(iss);
    if (hit && hit.expiresAt > now) return hit.config;
    const running = this.inFlight.get(iss);
    if (running) return running;
    const fetching = this.fetchConfiguration(iss)
      .then((config) => {
        this.cache.set(iss, { config, expiresAt: this.options.clock.now().getTime() + this.options.ttlMs });
        return config;
      })
      .finally(() => this.inFlight.delete(iss));
    this.inFlight.set(iss, fetching);
    return fetching;
  }

  /** Forget a cached configuration (for example after the EHR rejected its own endpoints). */
  forget(iss: string): void {
    this.cache.delete(iss);
  }

  private async fetchConfiguration(iss: string): Promise<SmartConfiguration> {
    const config = (await this.fromWellKnown(iss)) ?? (await this.fromCapabilityStatement(iss));
    if (!config) throw launchError('EHR_METADATA_UNREACHABLE', 'The EHR publishes no usable SMART configuration (neither .well-known/smart-configuration nor OAuth URIs in its CapabilityStatement).');
    for (const endpoint of [config.authorizationEndpoint, config.tokenEndpoint, config.jwksUri]) {
      if (endpoint !== undefined && !this.acceptableEndpoint(endpoint)) {
        throw launchError('EHR_METADATA_UNREACHABLE', 'The EHR\'s SMART configuration names an endpoint that is not https.');
      }
    }
    if (config.source === 'smart-configuration' && !config.codeChallengeMethods.includes('S256')) {
      throw launchError('EHR_PKCE_UNSUPPORTED', 'The EHR does not offer PKCE with S256 (code_challenge_methods_supported), which the connector requires.');
    }
    return config;
  }

  private async fromWellKnown(iss: string): Promise<SmartConfiguration | undefined> {
    const body = await this.getJson(`${iss}/.well-known/smart-configuration`);
    const parsed = wellKnownSchema.safeParse(body);
    if (!parsed.success) return undefined;
    const c = parsed.data;
    return {
      iss,
      issuer: c.issuer ?? iss,
      authorizationEndpoint: c.authorization_endpoint,
      tokenEndpoint: c.token_endpoint,
      ...(c.jwks_uri ? { jwksUri: c.jwks_uri } : {}),
      codeChallengeMethods: c.code_challenge_methods_supported,
      capabilities: c.capabilities,
      source: 'smart-configuration',
    };
  }

  private async fromCapabilityStatement(iss: string): Promise<SmartConfiguration | undefined> {
    const parsed = capabilitySchema.safeParse(await this.getJson(`${iss}/metadata`));
    if (!parsed.success) return undefined;
    const oauth = parsed.data.rest.flatMap((r) => r.security?.extension ?? []).find((e) => e.url === OAUTH_URIS);
    const uris = z.array(extensionSchema).safeParse(oauth?.extension ?? []);
    if (!uris.success) return undefined;
    const uri = (name: string) => uris.data.find((e) => e.url === name)?.valueUri;
    const authorize = uri('authorize');
    const token = uri('token');
    if (!authorize || !token || !URL.canParse(authorize) || !URL.canParse(token)) return undefined;
    return { iss, issuer: iss, authorizationEndpoint: authorize, tokenEndpoint: token, codeChallengeMethods: [], capabilities: [], source: 'capability-statement' };
  }

  /** `undefined` for a 404 / non-JSON answer (try the next document); unreachable or 5xx is a named failure. */
  private async getJson(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetchFromEhr(url, { headers: { Accept: 'application/json, application/fhir+json' } }, this.options.timeoutMs);
    } catch (error) {
      if (error instanceof EhrUnreachableError) throw launchError('EHR_METADATA_UNREACHABLE', `The EHR did not answer its SMART configuration request (${error.message}).`, error);
      throw error;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw launchError('EHR_METADATA_UNREACHABLE', `The EHR answered HTTP ${response.status} to its SMART configuration request.`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    return jsonBody(response);
  }

  private acceptableEndpoint(endpoint: string): boolean {
    const url = new URL(endpoint);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && this.options.allowPrivateNetwork && isLoopbackOrPrivateHost(url.hostname);
  }
}
