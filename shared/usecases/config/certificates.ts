import { requireAdmin, requireReader, type AdminPrincipal } from '../../domain/config/access';
import type { EhrEnvironment } from '../../domain/config/base-url';
import type { Certificate } from '../../domain/config/certificate';
import { certificateProblems, certificateWarnings } from '../../domain/config/certificate-rules';
import { DomainError } from '../../domain/errors';
import type { Versioned } from '../../ports/config-store';
import type { ConfigUseCaseDeps } from './config-deps';
import { certificateInput, environmentParam } from './inputs';
import { invalid, parseInput, requireIfMatch } from './parse-input';
import { readCertificate } from './read-certificate';
import { auditEntry } from './record-audit';

type Deps = Pick<ConfigUseCaseDeps, 'configStore' | 'clock'>;
type Caller = { principal: AdminPrincipal; tenantId: string; environment: string };

function environmentOf(raw: string): EhrEnvironment {
  const parsed = environmentParam.safeParse(raw);
  if (!parsed.success) throw invalid([{ field: 'environment', message: 'must be test or production' }]);
  return parsed.data;
}

export async function readEnvironmentCertificate(deps: Deps, input: Caller): Promise<{ certificate: Versioned<Certificate>; warnings: string[] }> {
  requireReader(input.principal, input.tenantId);
  const found = await deps.configStore.getCertificate(input.tenantId, environmentOf(input.environment));
  if (!found) throw new DomainError('not_found', `No certificate is uploaded for the ${input.environment} environment.`, { reason: 'CERTIFICATE_NOT_FOUND' });
  return { certificate: found, warnings: certificateWarnings({ notAfter: new Date(found.value.notAfter) }, deps.clock.now()) };
}

/**
 * Upload (or replace, with If-Match) the EHR's public certificate for an environment. It
 * verifies the signature on that environment's HL7 feed. Private keys, expired
 * certificates and weak keys are refused; expiry within 30 days gives a warning.
 */
export async function uploadCertificate(deps: Deps, input: Caller & { body: unknown; ifMatch: string | undefined }): Promise<{ certificate: Versioned<Certificate>; warnings: string[]; created: boolean }> {
  requireAdmin(input.principal, input.tenantId);
  const environment = environmentOf(input.environment);
  const { certificate: upload } = parseInput(certificateInput, input.body);
  const read = readCertificate(upload);
  if (!read.ok) throw invalid([read.problem]);
  const now = deps.clock.now();
  const problems = certificateProblems(read.certificate.facts, now);
  if (problems.length > 0) throw invalid(problems);
  const existing = await deps.configStore.getCertificate(input.tenantId, environment);
  const etag = existing ? requireIfMatch(input.ifMatch) : undefined;
  const { facts, ...described } = read.certificate;
  const key = facts.key.type === 'rsa' && 'bits' in facts.key ? { type: 'rsa' as const, bits: facts.key.bits } : { type: 'ec' as const, curve: 'curve' in facts.key && facts.key.curve === 'P-384' ? ('P-384' as const) : ('P-256' as const) };
  const certificate: Certificate = {
    tenantId: input.tenantId,
    environment,
    ...described,
    notBefore: facts.notBefore.toISOString(),
    notAfter: facts.notAfter.toISOString(),
    key,
    uploadedAt: now.toISOString(),
    uploadedBy: input.principal.upn,
  };
  const saved = await deps.configStore.saveCertificate(certificate, etag, auditEntry(deps, input.principal, {
    tenantId: input.tenantId, action: existing ? 'certificate.replace' : 'certificate.upload', target: `certificate:${environment}`,
    before: existing?.value, after: certificate, omit: ['pem'],
  }));
  return { certificate: saved, warnings: certificateWarnings(facts, now), created: !existing };
}
