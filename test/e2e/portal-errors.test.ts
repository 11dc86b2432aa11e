import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { PRIVATE_KEY_FIXTURE, signIn, startPortalWorld, unlabelledControls, type PortalWorld } from './portal-world';
import { startSwitchableEhr, type SwitchableEhr } from './switchable-ehr';

/**
 * The portal's error paths in headless Chromium: the API's reason shown next to the field that
 * caused it, a certificate holding a private key, a stale edit (412) explained with a reload,
 * keyboard-only use, a reader who may change nothing, and the pages on a narrow window; a stored
 * base URL whose EHR stops answering as SMART-on-FHIR R4 ("Check connection"), its edit form
 * (reasons per field, a stale edit), a purchase started elsewhere, and removal after an
 * in-page confirmation. Screenshots go to test-output/portal-errors/.
 */
const ADMIN = 'admin@lakeside.example';
let world: PortalWorld;
let page: Page;
let ehr: SwitchableEhr;
const tenantId = randomUUID();

beforeAll(async () => {
  [world, ehr] = await Promise.all([startPortalWorld('portal-errors'), startSwitchableEhr()]);
  ({ page } = await world.newPage());
  await page.goto(world.portalUrl);
  await signIn(page, { tenantId, role: 'admin', user: ADMIN });
  await page.getByLabel('Organisation name').fill('Lakeside Clinics');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await page.getByTestId('organisation-status').waitFor();
});
afterAll(async () => {
  await Promise.all([world?.stop(), ehr?.stop()]);
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

/** The id of a listed base URL, read through the API. */
async function baseUrlIdOf(url: string): Promise<string> {
  const list: unknown = await (await asColleague('GET', '/base-urls')).json();
  const rows = typeof list === 'object' && list !== null && 'baseUrls' in list && Array.isArray(list.baseUrls) ? list.baseUrls : [];
  const found: unknown = rows.find((b: unknown) => typeof b === 'object' && b !== null && 'url' in b && b.url === url);
  return typeof found === 'object' && found !== null && 'id' in found ? String(found.id) : '';
}

/** A colleague's admin-API call (someone else, in another browser). */
async function asColleague(method: string, path: string, body?: unknown, ifMatch?: string): Promise<Response> {
  const token = await world.token(tenantId, 'admin', 'colleague@lakeside.example');
  return world.host.fetch(`/api/tenants/${tenantId}${path}`, {
    method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...(ifMatch ? { 'If-Match': ifMatch } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

it('names the reason when a stored base URL stops answering as a SMART-on-FHIR R4 server (Check connection)', async () => {
  await page.goto(`${world.portalUrl}#/configuration`);
  await page.getByLabel('FHIR base URL', { exact: true }).fill(ehr.fhirBaseUrl);
  await page.getByLabel('Approver (user principal name)').fill('analyst@lakeside.example');
  await page.getByRole('button', { name: 'Add base URL' }).click();
  const row = page.locator(`tr[data-base-url="${ehr.fhirBaseUrl}"]`);
  await row.getByText('Pending approval').waitFor();
  const detail = page.locator(`tr[data-detail-for="${ehr.fhirBaseUrl}"]`);
  const check = row.getByRole('button', { name: `Check connection to ${ehr.fhirBaseUrl}` });

  ehr.serve('dstu2');
  await check.click();
  const problem = detail.getByTestId('base-url-check-problem');
  await problem.waitFor();
  expect(await problem.locator('p').allTextContents()).toEqual([
    `${ehr.fhirBaseUrl} is a DSTU2 endpoint (FHIR 1.0.2); an R4 endpoint is required.`,
    expect.stringMatching(/^Reason: BASE_URL_NOT_R4\. Invocation id: [0-9a-f-]{36}$/),
  ]);

  ehr.serve('website');
  await check.click();
  await problem.getByText('BASE_URL_NO_SMART_CONFIGURATION').waitFor();
  expect(await problem.locator('p').first().textContent()).toBe(`FHIR URL isn't valid: no SMART configuration at ${ehr.fhirBaseUrl}/.well-known/smart-configuration (HTTP 404).`);
  expect(await detail.getByTestId('base-url-check').textContent()).toBe('');
  await world.screenshot(page, '03a-check-connection-not-fhir');
});

it('edits a base URL: the API reason next to each field, and a stale edit explained with a reload', async () => {
  const row = page.locator(`tr[data-base-url="${ehr.fhirBaseUrl}"]`);
  await row.getByRole('button', { name: `Edit ${ehr.fhirBaseUrl}` }).click();
  const form = page.getByTestId('base-url-edit');
  const url = form.getByLabel('FHIR base URL');
  const approver = form.getByLabel('Approver (user principal name)');
  await page.waitForFunction(() => document.activeElement?.id === 'base-url-edit-url');
  expect(await approver.inputValue()).toBe('analyst@lakeside.example');

  await approver.fill('not an address');
  await form.getByRole('button', { name: 'Save changes' }).click();
  expect(await errorOf(approver)).toBe('must be a user principal name such as analyst@example.org');
  await approver.fill('analyst@lakeside.example');
  await url.fill('ftp://ehr.example.org/fhir');
  await form.getByRole('button', { name: 'Save changes' }).click();
  expect(await errorOf(url)).toBe('must use https');
  expect(await approver.getAttribute('aria-invalid')).toBeNull();
  await world.screenshot(page, '03b-edit-field-reason');
  await url.fill(ehr.fhirBaseUrl);

  // A colleague changes the vendor meanwhile: this edit was made on the old version.
  const id = await baseUrlIdOf(ehr.fhirBaseUrl);
  const read = await asColleague('GET', `/base-urls/${id}`);
  expect((await asColleague('PATCH', `/base-urls/${id}`, { vendor: 'other' }, read.headers.get('etag') ?? '')).status).toBe(200);
  await approver.fill('lead@lakeside.example');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const stale = form.getByTestId('base-url-edit-stale');
  await stale.waitFor();
  expect(await stale.textContent()).toContain('Someone else changed this since you opened it, so your change was not saved.');
  expect(await row.textContent()).toContain('analyst@lakeside.example');
  await world.screenshot(page, '03c-edit-stale');
  await stale.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => (document.getElementById('base-url-edit-vendor') as HTMLSelectElement | null)?.value === 'other');
  expect(await approver.inputValue()).toBe('analyst@lakeside.example');
  expect(await stale.count()).toBe(0);

  await approver.fill('lead@lakeside.example');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByTestId('base-url-notice').getByText(`Saved the changes to ${ehr.fhirBaseUrl}.`).waitFor();
  await form.waitFor({ state: 'detached' });
  expect(await row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['other', 'lead@lakeside.example', 'Pending approval']));
  await page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label, `Edit ${ehr.fhirBaseUrl}`);
});

it('shows a number purchase someone started in another browser, read from the API', async () => {
  const started = await asColleague('POST', '/phone-numbers', { country: 'US', areaCode: '414' });
  expect(started.status).toBe(202);
  await page.goto(`${world.portalUrl}#/sms`);
  const progress = page.getByTestId('purchase-progress');
  await progress.waitFor();
  expect(await progress.textContent()).toContain('Creating a phone number in US (area code 414), started');
  expect(await progress.textContent()).toContain('by colleague@lakeside.example');
  await page.getByTestId('purchase-done').getByText(/Phone number \+1414555\d{4} is ready/).waitFor();
  expect(await progress.count()).toBe(0);
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);
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
  await keys.waitForFunction(() => document.activeElement?.tagName === 'H1');
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

it('removes a base URL only after an in-page confirmation that the keyboard can cancel or confirm', async () => {
  await page.goto(`${world.portalUrl}#/configuration`);
  const remove = page.getByRole('button', { name: `Remove ${ehr.fhirBaseUrl}` });
  const dialog = page.getByRole('alertdialog', { name: 'Remove this base URL?' });
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);

  await remove.focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(ehr.fhirBaseUrl);
  expect(await focused()).toBe('Cancel');
  await world.screenshot(page, '09-remove-confirmation-narrow');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  expect(await focused()).toBe(`Remove ${ehr.fhirBaseUrl}`);
  expect(await page.locator(`tr[data-base-url="${ehr.fhirBaseUrl}"]`).count()).toBe(1);

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await page.locator(`tr[data-base-url="${ehr.fhirBaseUrl}"]`).count()).toBe(1);

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('Remove base URL');
  await page.keyboard.press('Enter');
  await page.getByTestId('base-url-status').getByText(`Removed ${ehr.fhirBaseUrl}.`).waitFor();
  expect(await dialog.count()).toBe(0);
  expect(await page.locator(`tr[data-base-url="${ehr.fhirBaseUrl}"]`).count()).toBe(0);
  await page.waitForFunction(() => document.activeElement?.id === 'base-urls-heading');
});
