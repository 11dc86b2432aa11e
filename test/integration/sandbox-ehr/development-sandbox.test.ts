import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { provisionStorage } from '../../../shared/adapters/provision';
import { startDevelopmentSandbox } from '../../../dev/seed/development-sandbox';
import { DEV_TENANT_ID } from '../../../dev/seed/development-tenant';
import { testSettings } from '../../support/settings';

/** What `npm start` gets: the sandbox on its port, registered with the connector, the dev tenant seeded. */
describe('development sandbox for npm start', () => {
  it('starts the sandbox for the connector at PUBLIC_BASE_URL and approves its FHIR base URL', async () => {
    const settings = testSettings({ PUBLIC_BASE_URL: 'http://127.0.0.1:7071' });
    await provisionStorage(settings);
    const lines: string[] = [];
    const { sandbox, tenant } = await startDevelopmentSandbox({ settings, environment: { SANDBOX_EHR_PORT: '0' }, print: (l) => void lines.push(l) });
    try {
      expect(tenant.tenantId).toBe(DEV_TENANT_ID);
      const approved = await TableConfigStore.fromConnection(settings.storage.connection).findApprovedBaseUrls(sandbox.fhirBaseUrl, settings.core.environment);
      expect(approved.map((b) => b.tenantId)).toContain(DEV_TENANT_ID);
      const launch = sandbox.createLaunch({ appointmentId: sandbox.visits[0]!.appointmentId, role: 'provider' });
      expect(launch.url).toMatch(/^http:\/\/127\.0\.0\.1:7071\/api\/launch\/provider\?iss=/);
      expect(lines.join('\n')).toContain(sandbox.fhirBaseUrl);
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses a SANDBOX_EHR_PORT that is not a port, naming it', async () => {
    await expect(startDevelopmentSandbox({ settings: testSettings(), environment: { SANDBOX_EHR_PORT: 'seventy' } })).rejects.toThrow(/SANDBOX_EHR_PORT/);
  });
});
