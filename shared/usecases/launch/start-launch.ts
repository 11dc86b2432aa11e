import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { LaunchContextTokens, LaunchRole } from '../../domain/launch/visit-context';
import { approvedBaseUrl } from './approved-base-url';
import { LAUNCH_STATE_TTL_MS, type LaunchDeps } from './launch-deps';

/**
 * Step 1 of an EHR launch: the EHR opened `/api/launch/{provider|patient}?iss=...&launch=...`.
 * Check `iss` (before any outbound request), discover the EHR's SMART endpoints, keep
 * state + PKCE verifier server side, and send the browser to the EHR's authorize endpoint.
 */
const contextToken = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9._\-:|^]+$/, 'may only contain letters, digits and . _ - : | ^');
export const launchQuerySchema = z.object({
  iss: z.string({ error: 'is required' }).min(1, 'is required').max(2000),
  launch: z.string({ error: 'is required (the EHR launch context)' }).min(1, 'is required (the EHR launch context)').max(4096),
  sessionId: contextToken.optional(),
  departmentId: contextToken.optional(),
});

export interface StartLaunchResult {
  redirectTo: string;
}

export async function startLaunch(deps: LaunchDeps, input: { role: LaunchRole; query: Record<string, string | undefined> }): Promise<StartLaunchResult> {
  const parsed = launchQuerySchema.safeParse(input.query);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.message }));
    throw new DomainError('validation', `The launch request is missing or has invalid parameters: ${fields.map((f) => f.field).join(', ')}.`, { reason: 'LAUNCH_REQUEST_INVALID', fields });
  }
  const query = parsed.data;
  const baseUrl = await approvedBaseUrl(deps, query.iss);
  const { redirectUri, scopes } = deps.launchConfig;
  const start = await deps.smart.startAuthorization({ iss: baseUrl.url, redirectUri, scope: scopes[input.role], launch: query.launch });
  const now = deps.clock.now();
  const context: LaunchContextTokens = { ...(query.sessionId ? { sessionId: query.sessionId } : {}), ...(query.departmentId ? { departmentId: query.departmentId } : {}) };
  await deps.launchStates.save({
    state: start.state,
    role: input.role,
    tenantId: baseUrl.tenantId,
    baseUrlId: baseUrl.id,
    iss: baseUrl.url,
    codeVerifier: start.codeVerifier,
    redirectUri,
    context,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LAUNCH_STATE_TTL_MS).toISOString(),
  });
  return { redirectTo: start.authorizeUrl };
}
