import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PRIVATE_KEY_FIXTURE, signIn, startPortalWorld, unlabelledControls, type PortalWorld } from './portal-world';

/**
 * The portal's error paths in headless Chromium: the API's reason shown next to the field that
 * caused it, a certificate holding a private key, a stale edit (412) explained with a reload,
 * keyboard-only use, a reader who may change nothing, and the pages on a narrow window.
 * Screenshots go to test-output/portal-errors/.
 */
const ADMIN = 'admin@lakeside.example';
let world: PortalWorld;
let page: Page;
const tenantId = randomUUID();

beforeAll(async () => {
  world = await startPortalWorld('portal-errors');
  ({ page } = await world.newPage());
  await page.goto(world.portalUrl);
  await signIn(page, { tenantId, role: 'admin', user: ADMIN });
  await page.getByLabel('Organisation name').fill('Lakeside Clinics');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await page.getByTestId('organisation-status').waitFor();
});
afterAll(async () => {
  await world?.stop();
});

/** The error text shown under a control, and that the control points at it and is marked invalid. */
async function errorOf(control: ReturnType<Page['getByLabel']>): Promise<string> {
  await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await control.elementHandle());
  const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error')) ?? '';
  return (await page.locator(`[id="${errorId}"]`).textContent()) ?? '';
}

it('shows the API reason for a refused base URL next to the URL field', async () => {
  await page.goto(`${world.portalUrl}#/configuration`);
  const url = page.getByLabel('FHIR base URL', { exact: true });
  await url.fill('ftp://ehr.example.org/fhir');
  await page.getByRole('button', { name: 'Add base URL' }).click();
  expect(await errorOf(url)).toBe('must use https');

  const notFhir = `${world.sandbox.url}/not-a-fhir-server`;
  await url.fill(notFhir);
  await page.getByRole('button', { name: 'Add base URL' }).click();
  await page.getByText(`no SMART configuration at ${notFhir}/.well-known/smart-configuration`).first().waitFor();
  expect(await errorOf(url)).toBe(`FHIR URL isn't valid: no SMART configuration at ${notFhir}/.well-known/smart-configuration (HTTP 404).`);
  expect(await page.getByTestId('base-url-problem').textContent()).toContain('BASE_URL_NO_SMART_CONFIGURATION');
  expect(await page.locator('[data-testid="base-url-table"]').count()).toBe(0);
  await world.screenshot(page, '01-invalid-base-url');
});

it('refuses a certificate that contains a private key, saying why next to the certificate', async () => {
  await page.goto(`${world.portalUrl}#/sms`);
  const box = page.getByTestId('certificate-production');
  const text = box.getByLabel('Certificate (Base64 / PEM)');
  await text.fill(readFileSync(PRIVATE_KEY_FIXTURE, 'utf8'));
  await box.getByRole('button', { name: 'Upload certificate' }).click();
  expect(await errorOf(text)).toBe('contains a private key. Never upload a private key: upload only the public certificate. Treat this key as exposed and have a new key pair issued.');
  expect(await box.getByText('No certificate uploaded.').count()).toBe(1);
  await world.screenshot(page, '02-private-key');
});

it('explains a stale edit (412) and reloads the current values', async () => {
  await page.goto(`${world.portalUrl}#/configuration`);
  const name = page.getByLabel('Organisation name');
  await page.waitForFunction(() => (document.getElementById('org-name') as HTMLInputElement | null)?.value === 'Lakeside Clinics');

  // Someone else changes the organisation meanwhile, through the API.
  const token = await world.token(tenantId, 'admin', 'colleague@lakeside.example');
  const api = `/api/tenants/${tenantId}/organisation`;
  const read = await world.host.fetch(api, { headers: { Authorization: `Bearer ${token}` } });
  const changed = await world.host.fetch(api, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': read.headers.get('etag') ?? '' },
    body: JSON.stringify({ displayName: 'Lakeside Health', geography: 'US', timeZone: 'America/Chicago', defaultPhoneCountry: 'US' }),
  });
  expect(changed.status).toBe(200);

  await name.fill('Lakeside Clinics Group');
  await page.getByRole('button', { name: 'Save organisation' }).click();
  const stale = page.getByTestId('organisation-stale');
  await stale.waitFor();
  expect(await stale.textContent()).toContain('Someone else changed this since you opened it, so your change was not saved.');
  await world.screenshot(page, '03-stale-edit');
  await stale.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => (document.getElementById('org-name') as HTMLInputElement | null)?.value === 'Lakeside Health');
  expect(await stale.count()).toBe(0);
  await name.fill('Lakeside Clinics Group');
  await page.getByRole('button', { name: 'Save organisation' }).click();
  await page.getByTestId('organisation-status').getByText('Organisation saved.').waitFor();
});

it('works from the keyboard alone, with every control labelled', async () => {
  const { context, page: keys } = await world.newPage();
  await keys.goto(world.portalUrl);
  await keys.getByLabel('Tenant ID').focus();
  await keys.keyboard.press('Control+A');
  await keys.keyboard.type(tenantId);
  await keys.keyboard.press('Tab'); // "New tenant"
  await keys.keyboard.press('Tab'); // the role radio group (Admin checked)
  await keys.keyboard.press('ArrowDown'); // Approver
  await keys.keyboard.press('ArrowDown'); // Reader
  await keys.keyboard.press('Tab'); // user
  expect(await keys.evaluate(() => document.activeElement?.id)).toBe('sign-in-user');
  expect(await unlabelledControls(keys)).toEqual([]);
  await keys.keyboard.press('Enter');
  await keys.getByTestId('signed-in-role').getByText('Reader').waitFor();

  // Tab from the heading into the step links, and follow one with Enter.
  await keys.getByRole('link', { name: /SMS notifications/ }).focus();
  await keys.keyboard.press('Enter');
  await keys.getByRole('heading', { name: 'SMS notifications', level: 1 }).waitFor();
  expect(await keys.evaluate(() => document.activeElement?.tagName)).toBe('H1');
  expect(await unlabelledControls(keys)).toEqual([]);

  // A reader sees the settings and may change none of them.
  await keys.getByText('You can view the SMS settings; changing it needs the admin role.').waitFor();
  expect(await keys.getByRole('button', { name: 'Create new phone number' }).count()).toBe(0);
  expect(await keys.getByRole('button', { name: 'Save consents' }).count()).toBe(0);
  expect(await keys.getByLabel('The connector may send SMS messages to patients on behalf of the organisation.').isDisabled()).toBe(true);
  await context.close();
});

it('fits a narrow window on every page', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, shot] of [['configuration', '04-configuration-narrow'], ['sms', '05-sms-narrow'], ['approve', '06-approve-narrow'], ['review', '07-review-narrow'], ['audit', '08-audit-narrow']] as const) {
    await page.goto(`${world.portalUrl}#/${path}`);
    await page.locator('h1').waitFor();
    await page.waitForLoadState('networkidle');
    await world.screenshot(page, shot);
    expect({ path, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 390 });
  }
});
