import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startSandboxEhr, type SandboxEhr } from '../../dev/sandbox-ehr';
import { seedDevelopmentTenant } from '../../dev/seed/development-tenant';
import { TableConfigStore } from '../../shared/adapters/tables/config-table-store';
import { startTestHost, type TestHost } from '../support/test-host';
import { launchChromium } from './chromium';

/**
 * The launch as people do it, in headless Chromium: the clinician clicks "Start virtual visit" on
 * the EHR home page and lands in the visit as organiser; the patient clicks "Virtual visit" and
 * waits in the lobby; the clinician admits them; the patient is in the visit.
 * Local host + sandbox EHR + Azurite, all real, on free ports.
 */
describe('virtual visit launch in a browser', () => {
  let host: TestHost;
  let sandbox: SandboxEhr;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandboxEhr({ port: 0, authorization: 'approve' });
    host = await startTestHost();
    sandbox.registerConnector({ baseUrl: host.url, clientId: host.settings.launch.clientId });
    await seedDevelopmentTenant(TableConfigStore.fromConnection(host.settings.storage.connection), {
      tenantId: `00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`,
      hl7SenderId: `E2E-${randomBytes(4).toString('hex')}`,
      fhirBaseUrl: sandbox.fhirBaseUrl,
      environment: host.settings.core.environment,
      now: new Date(),
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await sandbox?.stop();
  });

  it('takes the clinician and the patient from the EHR home page into the same visit', async () => {
    const visit = sandbox.visits[0]!;
    const row = `tr[data-appointment="${visit.appointmentId}"]`;

    const clinician = await (await browser.newContext()).newPage();
    await clinician.goto(sandbox.url);
    await clinician.click(`${row} button.provider-launch`);
    await clinician.waitForURL(/\/api\/visits\/[^/]+\/host\?/);
    const meeting = /\/visits\/([^/]+)\/host/.exec(clinician.url())?.[1];
    await clinician.getByTestId('lobby-list').waitFor();

    const patient = await (await browser.newContext()).newPage();
    await patient.goto(sandbox.url);
    await patient.click(`${row} button.patient-launch`);
    await patient.waitForURL(/\/api\/visits\/[^/]+\/lobby/);
    expect(/\/visits\/([^/]+)\/lobby/.exec(patient.url())?.[1]).toBe(meeting);
    await patient.locator('[data-testid="lobby-status"][data-state="waiting"]').waitFor();

    await clinician.getByTestId('admit').click();
    await patient.locator('[data-testid="lobby-status"][data-state="admitted"]').waitFor();
    expect(await patient.getByTestId('lobby-status').textContent()).toBe('You are in the visit.');
    expect(sandbox.requests.some((r) => r.method === 'POST' && r.path === '/oauth2/token')).toBe(true);
  });
});
