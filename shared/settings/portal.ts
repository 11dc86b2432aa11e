import { z } from 'zod';
import { nonEmpty } from './schema-helpers';

/**
 * The admin portal (the `portal` function serves it at `/api/portal/`).
 *
 * Sign-in follows ADMIN_AUTH_MODE (read here too): `entra` signs in with Entra ID through
 * @azure/msal-browser as the SPA app registration PORTAL_ENTRA_CLIENT_ID and asks for
 * PORTAL_API_SCOPE (default `{ADMIN_AUTH_AUDIENCE}/.default`); `dev` shows the dev sign-in
 * page, which gets dev-issuer tokens from `/api/dev-issuer/token`.
 */
export const DEFAULT_PORTAL_DEV_TENANT_ID = '00000000-0000-4000-8000-00000000d3e0';

export const portalSettings = z
  .object({
    ADMIN_AUTH_MODE: z.enum(['entra', 'dev']).default('dev'),
    ADMIN_AUTH_AUDIENCE: nonEmpty().default('api://ehr-virtual-visit-connector'),
    ADMIN_AUTH_ADMIN_ROLE: nonEmpty().default('Connector.Admin'),
    ADMIN_AUTH_READER_ROLE: nonEmpty().default('Connector.Reader'),
    /** The portal's SPA app registration in Entra ID (its redirect URI: `{PUBLIC_BASE_URL}/api/portal/`). */
    PORTAL_ENTRA_CLIENT_ID: z.string().trim().regex(/^[0-9a-fA-F-]{36}$/, 'must be the application (client) id GUID of the portal app registration').optional(),
    PORTAL_ENTRA_AUTHORITY: z.string().url('must be an absolute URL such as https://login.microsoftonline.com/organizations').default('https://login.microsoftonline.com/organizations'),
    PORTAL_API_SCOPE: nonEmpty().optional(),
    /** The built portal (Vite output), relative to the function app root. */
    PORTAL_STATIC_DIR: nonEmpty().default('portal/dist'),
    /** Dev sign-in only: the tenant the sign-in page suggests (npm start's development tenant). */
    PORTAL_DEV_TENANT_ID: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case tenant GUID').default(DEFAULT_PORTAL_DEV_TENANT_ID),
  })
  .refine((e) => e.ADMIN_AUTH_MODE !== 'entra' || e.PORTAL_ENTRA_CLIENT_ID !== undefined, {
    path: ['PORTAL_ENTRA_CLIENT_ID'],
    message: 'is required when ADMIN_AUTH_MODE=entra (the admin portal signs in with it)',
  })
  .transform((e) => ({
    staticDir: e.PORTAL_STATIC_DIR,
    signIn:
      e.ADMIN_AUTH_MODE === 'entra'
        ? {
          mode: 'entra' as const,
          clientId: e.PORTAL_ENTRA_CLIENT_ID ?? '',
          authority: e.PORTAL_ENTRA_AUTHORITY.replace(/\/+$/, ''),
          scopes: [e.PORTAL_API_SCOPE ?? `${e.ADMIN_AUTH_AUDIENCE.replace(/\/+$/, '')}/.default`],
        }
        : { mode: 'dev' as const, suggestedTenantId: e.PORTAL_DEV_TENANT_ID },
    roles: { admin: e.ADMIN_AUTH_ADMIN_ROLE, reader: e.ADMIN_AUTH_READER_ROLE },
  }));

export type PortalSettings = z.output<typeof portalSettings>;
