import { z } from 'zod';
import { int, nonEmpty, url } from './schema-helpers';

/**
 * SMART launch, signing keys and meetings. Defaults run locally with nothing set:
 * local keys in `.local/keys/` (git-ignored) and local visit rooms.
 */
export const launchSettings = z
  .object({
    /** The client id the EHR registered for this connector (App Orchard / the sandbox). */
    SMART_CLIENT_ID: nonEmpty().default('virtual-visit-connector'),
    SMART_CLIENT_ASSERTION_ALG: z.enum(['RS384', 'ES384']).default('RS384'),
    SMART_PROVIDER_SCOPE: nonEmpty().default('launch openid fhirUser user/Appointment.read user/Encounter.read'),
    SMART_PATIENT_SCOPE: nonEmpty().default('launch openid fhirUser patient/Appointment.read patient/Encounter.read'),
    SMART_DISCOVERY_TTL_SECONDS: int(3600, 0, 86400),
    EHR_TIMEOUT_MS: int(8000, 100, 60000),
    KEY_SOURCE: z.enum(['local', 'keyvault']).default('local'),
    LOCAL_KEYS_DIR: nonEmpty().default('.local/keys'),
    KEY_VAULT_URL: url().optional(),
    KEY_VAULT_KEY_NAME: nonEmpty().optional(),
    MEETING_PROVIDER: z.enum(['local', 'graph']).default('local'),
    GRAPH_BASE_URL: url().default('https://graph.microsoft.com/v1.0'),
    GRAPH_ORGANIZER_USER_ID: nonEmpty().optional(),
  })
  .refine((e) => e.KEY_SOURCE !== 'keyvault' || (e.KEY_VAULT_URL !== undefined && e.KEY_VAULT_KEY_NAME !== undefined), {
    path: ['KEY_VAULT_URL'],
    message: 'KEY_VAULT_URL and KEY_VAULT_KEY_NAME are required when KEY_SOURCE=keyvault',
  })
  .refine((e) => e.MEETING_PROVIDER !== 'graph' || e.GRAPH_ORGANIZER_USER_ID !== undefined, {
    path: ['GRAPH_ORGANIZER_USER_ID'],
    message: 'is required when MEETING_PROVIDER=graph (the object id of the meetings organiser account)',
  })
  .transform((e) => ({
    clientId: e.SMART_CLIENT_ID,
    assertionAlg: e.SMART_CLIENT_ASSERTION_ALG,
    scopes: { provider: e.SMART_PROVIDER_SCOPE, patient: e.SMART_PATIENT_SCOPE },
    discoveryTtlMs: e.SMART_DISCOVERY_TTL_SECONDS * 1000,
    ehrTimeoutMs: e.EHR_TIMEOUT_MS,
    keySource: e.KEY_SOURCE,
    localKeysDir: e.LOCAL_KEYS_DIR,
    keyVault: e.KEY_VAULT_URL && e.KEY_VAULT_KEY_NAME ? { url: e.KEY_VAULT_URL, keyName: e.KEY_VAULT_KEY_NAME } : undefined,
    meetingProvider: e.MEETING_PROVIDER,
    graph: { baseUrl: e.GRAPH_BASE_URL, organizerUserId: e.GRAPH_ORGANIZER_USER_ID },
  }));

/** Where the EHR sends the browser back; registered with the EHR as the redirect URI. */
export const LAUNCH_CALLBACK_PATH = '/api/launch/callback';
