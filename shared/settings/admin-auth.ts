import { z } from 'zod';
import { int, nonEmpty } from './schema-helpers';

/**
 * Who may call the admin API and how the configuration area reaches outside.
 *
 * ADMIN_AUTH_MODE=entra (Azure): bearer tokens from Entra ID. The issuer of a token must be
 * ADMIN_AUTH_ISSUER with `{tenantid}` replaced by the token's own `tid`, keys come from
 * ADMIN_AUTH_JWKS_URL. ADMIN_AUTH_MODE=dev (laptops, tests): the dev issuer served by the
 * local host at `{PUBLIC_BASE_URL}/api/dev-issuer`, tokens from `npm run dev:token`. Both
 * run the same verification code.
 */
const ENTRA_ISSUER = 'https://login.microsoftonline.com/{tenantid}/v2.0';
const ENTRA_JWKS = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

export const adminAuthSettings = z
  .object({
    /** Validated by the core section; read here for the dev issuer's URL. */
    PUBLIC_BASE_URL: z.string().optional().transform((v) => (v ?? 'http://127.0.0.1:7071').replace(/\/+$/, '')),
    ADMIN_AUTH_MODE: z.enum(['entra', 'dev']).default('dev'),
    ADMIN_AUTH_ISSUER: nonEmpty().optional(),
    ADMIN_AUTH_JWKS_URL: z.string().url().optional(),
    ADMIN_AUTH_AUDIENCE: nonEmpty().default('api://ehr-virtual-visit-connector'),
    ADMIN_AUTH_ADMIN_ROLE: nonEmpty().default('Connector.Admin'),
    ADMIN_AUTH_READER_ROLE: nonEmpty().default('Connector.Reader'),
    /** Where the dev issuer keeps its signing key, shared by `npm start` and `npm run dev:token`. */
    DEV_ISSUER_KEY_FILE: nonEmpty().default('.local/dev-issuer-key.json'),
    /** Reachability check of an EHR's SMART configuration / metadata. */
    EHR_CHECK_TIMEOUT_MS: int(5000, 100, 30000),
    /** Phone numbers: `local` hands out fictional numbers; `acs` buys them through Communication Services. */
    PHONE_NUMBER_PROVIDER: z.enum(['local', 'acs']).default('local'),
    LOCAL_PHONE_PURCHASE_DELAY_MS: int(1500, 0, 600000),
    ACS_CONNECTION: nonEmpty().optional(),
  })
  .refine((e) => e.ADMIN_AUTH_MODE !== 'entra' || e.ADMIN_AUTH_AUDIENCE !== 'api://ehr-virtual-visit-connector', {
    path: ['ADMIN_AUTH_AUDIENCE'],
    message: 'must be set to the admin API app registration (Application ID URI or client id) when ADMIN_AUTH_MODE=entra',
  })
  .refine((e) => e.PHONE_NUMBER_PROVIDER !== 'acs' || e.ACS_CONNECTION !== undefined, {
    path: ['ACS_CONNECTION'],
    message: 'is required when PHONE_NUMBER_PROVIDER=acs (endpoint=https://...;accesskey=...)',
  })
  .transform((e) => {
    const devIssuer = `${e.PUBLIC_BASE_URL}/api/dev-issuer`;
    const dev = e.ADMIN_AUTH_MODE === 'dev';
    return {
      mode: e.ADMIN_AUTH_MODE,
      /** May contain `{tenantid}`, replaced by the token's `tid` before comparing. */
      issuer: e.ADMIN_AUTH_ISSUER ?? (dev ? devIssuer : ENTRA_ISSUER),
      jwksUrl: e.ADMIN_AUTH_JWKS_URL ?? (dev ? `${devIssuer}/jwks` : ENTRA_JWKS),
      audience: e.ADMIN_AUTH_AUDIENCE,
      adminRole: e.ADMIN_AUTH_ADMIN_ROLE,
      readerRole: e.ADMIN_AUTH_READER_ROLE,
      devIssuerKeyFile: e.DEV_ISSUER_KEY_FILE,
      ehrCheckTimeoutMs: e.EHR_CHECK_TIMEOUT_MS,
      phoneNumbers: { provider: e.PHONE_NUMBER_PROVIDER, localDelayMs: e.LOCAL_PHONE_PURCHASE_DELAY_MS, acsConnection: e.ACS_CONNECTION },
    };
  });
