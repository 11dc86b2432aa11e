import path from 'node:path';
import { z } from 'zod';
import type { Environment, Settings } from '../../shared/settings';
import { TableConfigStore } from '../../shared/adapters/tables/config-table-store';
import { systemClock } from '../../shared/adapters/system/system-clock';
import type { Clock } from '../../shared/ports/clock';
import { DEFAULT_SANDBOX_EHR_PORT, startSandboxEhr, type SandboxEhr } from '../sandbox-ehr';
import { projectRoot } from '../paths';
import { seedDevelopmentTenant, type SeededTenant } from './development-tenant';

/**
 * What `npm start` calls after the local host is listening: the sandbox EHR on SANDBOX_EHR_PORT
 * (default 7080), registered with the connector at PUBLIC_BASE_URL under SMART_CLIENT_ID, its keys
 * kept in `.local/sandbox-ehr/` (git-ignored), and the development tenant seeded so the home page's
 * buttons launch on a fresh machine.
 */
const sandboxEnvironment = z.object({
  SANDBOX_EHR_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SANDBOX_EHR_PORT),
});

export interface DevelopmentSandbox {
  sandbox: SandboxEhr;
  tenant: SeededTenant;
}

export async function startDevelopmentSandbox(input: { settings: Settings; environment: Environment; clock?: Clock; print?: (line: string) => void }): Promise<DevelopmentSandbox> {
  const parsed = sandboxEnvironment.safeParse(Object.fromEntries(Object.entries(input.environment).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) throw new Error(`SANDBOX_EHR_PORT: ${parsed.error.issues[0]?.message ?? 'is invalid'} (a port number, 0 for any free port)`);
  const clock = input.clock ?? systemClock;
  const sandbox = await startSandboxEhr({
    port: parsed.data.SANDBOX_EHR_PORT,
    clock,
    authorization: 'ask',
    keyDirectory: path.join(projectRoot(), '.local', 'sandbox-ehr'),
    connector: { baseUrl: input.settings.core.publicBaseUrl, clientId: input.settings.launch.clientId },
  });
  try {
    const tenant = await seedDevelopmentTenant(TableConfigStore.fromConnection(input.settings.storage.connection), {
      fhirBaseUrl: sandbox.fhirBaseUrl,
      environment: input.settings.core.environment,
      now: clock.now(),
      hl7CertificatePem: sandbox.hl7.certificatePem,
    });
    input.print?.(`Sandbox EHR: ${sandbox.url} (FHIR base URL ${sandbox.fhirBaseUrl}), approved for development tenant ${tenant.tenantId}`);
    return { sandbox, tenant };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}
