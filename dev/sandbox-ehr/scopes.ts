/**
 * SMART scopes as the sandbox understands them (v1 `.read` and v2 `.rs` forms). A scope that is
 * not well formed is refused (invalid_scope); a well-formed resource scope for a type the sandbox
 * does not serve is simply not granted, as Epic grants only what the client is registered for.
 */
const CONTEXT_SCOPES = new Set(['openid', 'fhirUser', 'profile', 'launch', 'launch/patient', 'launch/encounter', 'online_access', 'offline_access']);
const RESOURCE_SCOPE = /^(patient|user|system)\/([A-Z][A-Za-z]+|\*)\.(read|write|\*|c?r?u?d?s?)(\?[^\s]*)?$/;

export type ScopeCheck = { ok: true; scopes: string[] } | { ok: false; message: string };

export function parseScopes(raw: string, servedTypes: readonly string[]): ScopeCheck {
  const requested = raw.split(' ').filter((s) => s.length > 0);
  if (requested.length === 0) return { ok: false, message: 'scope is empty' };
  const granted: string[] = [];
  for (const scope of requested) {
    if (CONTEXT_SCOPES.has(scope)) {
      granted.push(scope);
      continue;
    }
    const m = RESOURCE_SCOPE.exec(scope);
    if (!m || m[3] === '') return { ok: false, message: `scope "${scope.slice(0, 80)}" is not a SMART scope` };
    if (m[1] === 'system') return { ok: false, message: `scope "${scope}" is for backend services, not a user launch` };
    if (m[2] === '*' || servedTypes.includes(m[2] ?? '')) granted.push(scope);
  }
  return { ok: true, scopes: [...new Set(granted)] };
}

/** How a token may read this type: `user` (anything), `patient` (the launch patient's compartment only), or not at all. */
export function readAccess(scopes: readonly string[], resourceType: string): 'user' | 'patient' | undefined {
  let best: 'user' | 'patient' | undefined;
  for (const scope of scopes) {
    const m = RESOURCE_SCOPE.exec(scope);
    if (!m) continue;
    const [, level, type, permissions = ''] = m;
    if (type !== '*' && type !== resourceType) continue;
    const reads = permissions === 'read' || permissions === '*' || permissions.includes('r') || permissions.includes('s');
    if (!reads) continue;
    if (level === 'user') return 'user';
    if (level === 'patient') best = 'patient';
  }
  return best;
}
