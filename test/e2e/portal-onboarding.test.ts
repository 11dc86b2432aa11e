import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { CERTIFICATE_FIXTURE, signIn, startPortalWorld, unlabelledControls, type PortalWorld } from './portal-world';

/**
 * The whole onboarding path in headless Chromium against the local stack: the admin signs in,
 * sets up the organisation and a base URL, creates a phone number (its progress is seen),
 * links it, uploads the feed certificate and signs out; the approver signs in, signs in to the
 * sandbox EHR on its consent page, approves, sees the integration records and copies one; the
 * admin then changes the approver, and the URL is back to pending approval.
 * Screenshots of each page go to test-output/portal-onboarding/.
 */
const ADMIN = 'admin@riverside.example';
const APPROVER = 'analyst@riverside.example';
const LEAD = 'lead.analyst@riverside.example';
let world: PortalWorld;
let page: Page;

beforeAll(async () => {
  world = await startPortalWorld('portal-onboarding');
  ({ page } = await world.newPage());
});
afterAll(async () => {
  await world?.stop();
});

it('takes an empty tenant to approved integration records in the browser', async () => {
  const tenantId = randomUUID();
  const { sandbox, host } = world;

  await page.goto(world.portalUrl);
  await page.getByRole('heading', { name: 'Sign in to the connector admin portal' }).waitFor();
  await world.screenshot(page, '01-sign-in');
  await signIn(page, { tenantId, role: 'admin', user: ADMIN });
  expect(await page.getByTestId('signed-in-role').textContent()).toBe('Admin');
  expect(await page.getByRole('navigation', { name: 'Setup steps' }).getByRole('link').allTextContents()).toEqual(['1Configuration', '2SMS notifications (optional)', '3Approve or view', '4Review and finish', 'Audit']);

  // Configuration: the organisation, then a base URL the connector checks against the sandbox EHR.
  await page.getByLabel('Organisation name').fill('Riverside Health');
  await page.getByLabel('Geography').selectOption('US');
  await page.getByLabel('Time zone').fill('America/Chicago');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await page.getByTestId('organisation-status').getByText('Organisation created.').waitFor();
  await page.getByLabel('FHIR base URL', { exact: true }).fill(`${sandbox.fhirBaseUrl}/`);
  await page.getByLabel('EHR vendor').selectOption('epic');
  await page.getByLabel('Approver (user principal name)').fill(APPROVER);
  await page.getByRole('button', { name: 'Add base URL' }).click();
  const row = page.locator(`tr[data-base-url="${sandbox.fhirBaseUrl}"]`);
  await row.getByText('Pending approval').waitFor();
  expect(await row.textContent()).toContain(APPROVER);
  await row.getByRole('button', { name: `Check connection to ${sandbox.fhirBaseUrl}` }).click();
  const connection = page.locator(`tr[data-detail-for="${sandbox.fhirBaseUrl}"]`).getByTestId('base-url-check');
  await connection.getByText('Connected:').waitFor();
  expect(await connection.textContent()).toBe(`✓ Connected: the EHR answers as a SMART-on-FHIR server (FHIR 4.0.1); sign-in at ${sandbox.endpoints.authorize}.`);
  expect(await unlabelledControls(page)).toEqual([]);
  await world.screenshot(page, '02-configuration');

  // SMS notifications: consents, a number bought with visible progress, linked, and the certificate.
  await page.getByRole('link', { name: /SMS notifications/ }).click();
  await page.getByRole('heading', { name: 'SMS notifications', level: 1 }).waitFor();
  await page.getByLabel('The connector may send SMS messages to patients on behalf of the organisation.').check();
  await page.getByLabel("The connector may receive and hold patients' phone numbers from the EHR until the visit starts, to text them.").check();
  await page.getByRole('button', { name: 'Save consents' }).click();
  await page.getByTestId('consents-status').waitFor();
  await page.getByLabel('Area code (optional)').fill('608');
  await page.getByRole('button', { name: 'Create new phone number' }).click();
  const progress = page.getByTestId('purchase-progress');
  await progress.waitFor();
  expect(await progress.textContent()).toContain('Creating a phone number in US (area code 608)');
  await world.screenshot(page, '03-sms-purchase-running');
  const done = page.getByTestId('purchase-done');
  await done.waitFor({ timeout: 20_000 });
  const number = /(\+1608555\d{4})/.exec((await done.textContent()) ?? '')?.[1] ?? '';
  expect(number).toMatch(/^\+16085550\d{3}$/);
  expect(await progress.count()).toBe(0);

  const sms = page.locator(`form[data-testid="base-url-sms-form"][data-base-url="${sandbox.fhirBaseUrl}"]`);
  await sms.getByLabel('Send from').selectOption(number);
  await sms.getByLabel('Send a confirmation text when a visit is booked').check();
  await sms.getByLabel('Send reminder texts before the visit').check();
  await sms.getByLabel('Reminder times (minutes before the visit)').fill('60, 1440');
  await sms.getByRole('button', { name: 'Save SMS settings' }).click();
  await sms.getByTestId('base-url-sms-status').waitFor();
  await sms.getByText('1 day before, 1 hour before').waitFor();

  const testCertificate = page.getByTestId('certificate-test');
  await testCertificate.getByLabel('Certificate file (test)').setInputFiles(CERTIFICATE_FIXTURE);
  await page.waitForFunction(() => (document.getElementById('certificate-test-text') as HTMLTextAreaElement | null)?.value.includes('BEGIN CERTIFICATE'));
  await testCertificate.getByRole('button', { name: 'Upload certificate' }).click();
  const details = testCertificate.getByTestId('certificate-test-details');
  await details.waitFor();
  expect(await details.textContent()).toMatch(/Sandbox EHR HL7 feed[\s\S]*Thumbprint \(SHA-1\)[0-9A-F]{40}[\s\S]*Expires\d{4}-\d{2}-\d{2}[\s\S]*RSA 2048 bits/);
  expect(await unlabelledControls(page)).toEqual([]);
  await world.screenshot(page, '04-sms');

  // Review as admin: the checklist names the one thing left, the approval.
  await page.getByRole('link', { name: /Review and finish/ }).click();
  const checklist = page.getByTestId('checklist');
  await checklist.locator(`li[data-item^="approval:"]`).waitFor();
  expect(await checklist.locator('li').allTextContents()).toEqual([`${sandbox.fhirBaseUrl} is waiting for approval by ${APPROVER}. Go to Approve or view`]);
  await world.screenshot(page, '05-review-before-approval');

  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByTestId('audit-table').waitFor();
  const actions = await page.locator('[data-testid="audit-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
  expect(actions).toEqual(expect.arrayContaining(['organisation.create', 'baseUrl.create', 'smsConsents.update', 'phoneNumber.purchase.done', 'baseUrl.sms.update', 'certificate.upload']));
  expect(await page.getByTestId('audit-table').textContent()).not.toContain('BEGIN CERTIFICATE');
  await world.screenshot(page, '06-audit');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to the connector admin portal' }).waitFor();

  // The approver: only the approval and review pages; EHR sign-in on the sandbox's consent page, then approve.
  await signIn(page, { tenantId, role: 'approver', user: APPROVER });
  expect(await page.getByTestId('signed-in-role').textContent()).toBe('Approver');
  expect(await page.getByRole('navigation', { name: 'Setup steps' }).getByRole('link').allTextContents()).toEqual(['3Approve or view', '4Review and finish']);
  const card = page.locator(`[data-testid="approval-card"][data-base-url="${sandbox.fhirBaseUrl}"]`);
  await card.getByText('Pending approval').waitFor();
  await world.screenshot(page, '07-approve-pending');
  const [ehr] = await Promise.all([page.context().waitForEvent('page'), card.getByRole('button', { name: 'Sign in to the EHR' }).click()]);
  await ehr.getByRole('heading', { name: 'Allow access?' }).waitFor();
  const practitioner = await ehr.locator('select[name="user"] option[value^="Practitioner/"]').first().getAttribute('value');
  await ehr.selectOption('select[name="user"]', practitioner ?? '');
  await world.screenshot(ehr, '08-ehr-consent');
  await ehr.click('#allow');
  await ehr.waitForURL(`${host.url}/api/approval-callback?**`);
  expect(await ehr.locator('h1').textContent()).toBe('EHR sign-in complete');
  await ehr.close();

  await card.getByRole('button', { name: 'Approve' }).click();
  await card.getByTestId('approval-state').getByText('Approved').waitFor();
  expect(await card.getByTestId('approved-by').textContent()).toContain(`by ${APPROVER} (EHR user ${sandbox.fhirBaseUrl}/${practitioner})`);
  await world.screenshot(page, '09-approved');

  // The integration records, and one copied to the clipboard.
  await page.getByRole('link', { name: /Review and finish/ }).click();
  const records = page.locator(`[data-testid="integration-records"][data-base-url="${sandbox.fhirBaseUrl}"]`);
  await records.waitFor();
  expect(await records.textContent()).toContain(`${host.url}/api/launch/provider`);
  expect(await records.textContent()).toContain(number);
  await records.getByRole('button', { name: 'Copy Provider launch URL' }).click();
  await records.getByText('Copied').first().waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${host.url}/api/launch/provider`);
  await page.getByTestId('checklist-complete').waitFor();
  await world.screenshot(page, '10-review-records');

  // The admin changes the approved URL's approver: the API's answer says it is back to pending
  // approval and visits on it stop; the review lists the approval as missing again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, { tenantId, role: 'admin', user: ADMIN });
  await page.getByRole('link', { name: /Configuration/ }).click();
  await row.getByText('Approved').waitFor();
  await row.getByRole('button', { name: `Edit ${sandbox.fhirBaseUrl}` }).click();
  const edit = page.getByTestId('base-url-edit');
  await edit.getByLabel('Approver (user principal name)').fill(LEAD);
  expect(await edit.getByTestId('base-url-edit-warning').textContent()).toContain('Saving this change sends it back to pending approval');
  expect(await unlabelledControls(page)).toEqual([]);
  await world.screenshot(page, '11-edit-approved-url');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const notice = page.locator(`tr[data-detail-for="${sandbox.fhirBaseUrl}"]`).getByTestId('base-url-notice');
  await notice.waitFor();
  expect(await notice.textContent()).toBe('This base URL was approved; the change sent it back to pending approval. Launches, the scheduling feed and SMS for it stop until the approver approves it again.');
  expect(await row.getByTestId('base-url-state').textContent()).toBe('Pending approval');
  expect(await row.textContent()).toContain('changed after approval: approverUpn');
  expect(await row.textContent()).toContain(LEAD);
  await world.screenshot(page, '12-approval-withdrawn');
  await page.getByRole('link', { name: /Review and finish/ }).click();
  await checklist.getByText(`${sandbox.fhirBaseUrl} is waiting for approval by ${LEAD}.`).waitFor();

  await page.setViewportSize({ width: 390, height: 844 });
  await world.screenshot(page, '13-review-narrow');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByRole('link', { name: /Configuration/ }).click();
  await row.getByText('changed after approval: approverUpn').waitFor();
  await world.screenshot(page, '14-configuration-narrow');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
