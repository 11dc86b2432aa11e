import { requireAdmin, requireReader, type AdminPrincipal } from '../../domain/config/access';
import type { Organisation } from '../../domain/config/organisation';
import { DomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import type { ConfigUseCaseDeps } from './config-deps';
import { organisationInput } from './inputs';
import { invalid, parseInput, requireIfMatch } from './parse-input';
import { auditEntry } from './record-audit';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock'>;

export async function readOrganisation(deps: Deps, input: { principal: AdminPrincipal; tenantId: string }): Promise<Versioned<Organisation>> {
  requireReader(input.principal, input.tenantId);
  const found = await deps.configStore.getOrganisation(input.tenantId);
  if (!found) throw new DomainError('not_found', 'This organisation is not set up yet: create it first.', { reason: 'TENANT_CONFIG_NOT_FOUND' });
  return found;
}

/**
 * Creates the organisation (no If-Match) or changes it (If-Match required). The geography
 * cannot change once a base URL has been approved: appointment data may exist there.
 */
export async function saveOrganisation(
  deps: Deps,
  input: { principal: AdminPrincipal; tenantId: string; body: unknown; ifMatch: string | undefined },
): Promise<{ organisation: Versioned<Organisation>; created: boolean }> {
  requireAdmin(input.principal, input.tenantId);
  const fields = parseInput(organisationInput, input.body);
  const now = deps.clock.now().toISOString();
  const existing = await deps.configStore.getOrganisation(input.tenantId);
  if (!existing) {
    if (input.ifMatch) throw new DomainError('precondition_failed', 'The organisation does not exist yet; create it without If-Match.', { reason: 'ETAG_MISMATCH' });
    const organisation: Organisation = { tenantId: input.tenantId, ...fields, createdAt: now, updatedAt: now };
    const created = await deps.configStore.createOrganisation(organisation, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'organisation.create', target: 'organisation', after: fields }));
    return { organisation: created, created: true };
  }
  const etag = requireIfMatch(input.ifMatch);
  const before = existing.value;
  if (before.geographyLockedAt && fields.geography !== before.geography) {
    throw invalid([{ field: 'geography', message: `cannot change from ${before.geography}: a base URL has been approved, so appointment data may already be stored there` }]);
  }
  const after: Organisation = { ...before, ...fields, updatedAt: now };
  const saved = await deps.configStore.updateOrganisation(after, etag, auditEntry(deps, input.principal, { tenantId: input.tenantId, action: 'organisation.update', target: 'organisation', before, after }));
  return { organisation: saved, created: false };
}
