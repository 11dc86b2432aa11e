import { z } from 'zod';

/** The runtime configuration the portal reads first (`config.json`, served by the `portal` function). */
export const portalConfigSchema = z.object({
  apiBase: z.literal('/api'),
  signIn: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('dev'), suggestedTenantId: z.string() }),
    z.object({ mode: z.literal('entra'), clientId: z.string().min(1), authority: z.string().url(), scopes: z.array(z.string()).min(1) }),
  ]),
  roles: z.object({ admin: z.string(), reader: z.string() }),
});

export type PortalConfig = z.infer<typeof portalConfigSchema>;

export async function loadPortalConfig(fetchImpl: typeof fetch, url: string): Promise<PortalConfig> {
  const response = await fetchImpl(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`The portal's configuration could not be read (HTTP ${response.status}).`);
  const parsed = portalConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`The portal's configuration is not valid: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.`);
  return parsed.data;
}
