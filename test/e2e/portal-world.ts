import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSandboxEhr, type SandboxEhr } from '../../dev/sandbox-ehr';
import { startTestHost, type TestHost } from '../support/test-host';
import { launchChromium } from './chromium';

/**
 * The portal's browser tests run against the real stack on free ports: the portal built by
 * Vite (into a folder of this test file's own, so parallel files never share a build), the
 * local host serving every function, Azurite, the dev issuer and the sandbox EHR showing its
 * consent page like a person would see it. One browser per file; pages are reused.
 */
export const ROOT = path.resolve(__dirname, '..', '..');
export const CERTIFICATE_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'config', 'rsa-2048.pem');
export const PRIVATE_KEY_FIXTURE = path.join(ROOT, 'test', 'fixtures', 'config', 'rsa-2048.key.pem');

export interface PortalWorld {
  host: TestHost;
  sandbox: SandboxEhr;
  browser: Browser;
  portalUrl: string;
  shots: string;
  newPage(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  screenshot(page: Page, name: string): Promise<void>;
  /** An admin-API token straight from the dev issuer endpoint (for changes "by someone else"). */
  token(tenantId: string, role: 'admin' | 'approver' | 'reader', user: string): Promise<string>;
  stop(): Promise<void>;
}

export async function buildPortal(outDir: string): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', 'portal', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`vite build of the portal failed (${code}): ${stderr}`);
}

export async function startPortalWorld(name: string): Promise<PortalWorld> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const shots = path.join(ROOT, 'test-output', name);
  mkdirSync(shots, { recursive: true });
  const [, browser, sandbox] = await Promise.all([
    buildPortal(path.join(dir, 'portal')),
    launchChromium(),
    startSandboxEhr({ port: 0, authorization: 'ask', onError: () => undefined }),
  ]);
  const host = await startTestHost({
    env: {
      ADMIN_AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: path.join(dir, 'dev-issuer.json'), PORTAL_STATIC_DIR: path.join(dir, 'portal'),
      LOCAL_KEYS_DIR: path.join(dir, 'keys'), LOCAL_PHONE_PURCHASE_DELAY_MS: '2500', EHR_TIMEOUT_MS: '8000',
    },
  });
  sandbox.registerConnector({ baseUrl: host.url, clientId: host.settings.launch.clientId });
  const portalUrl = `${host.url}/api/portal/`;
  return {
    host, sandbox, browser, portalUrl, shots,
    newPage: async (viewport = { width: 1280, height: 900 }) => {
      const context = await browser.newContext({ viewport });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
      return { context, page: await context.newPage() };
    },
    screenshot: async (page, shot) => {
      await page.screenshot({ path: path.join(shots, `${shot}.png`), fullPage: true });
    },
    token: async (tenantId, role, user) => {
      const response = await fetch(`${host.url}/api/dev-issuer/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tenantId, role, user }) });
      const body: unknown = await response.json();
      if (!response.ok || typeof body !== 'object' || body === null || !('accessToken' in body) || typeof body.accessToken !== 'string') throw new Error(`dev token refused: HTTP ${response.status}`);
      return body.accessToken;
    },
    stop: async () => {
      await browser.close();
      await host.stop();
      await sandbox.stop();
    },
  };
}

/** The dev sign-in page, filled in as a person would. */
export async function signIn(page: Page, input: { tenantId: string; role: 'admin' | 'approver' | 'reader'; user: string }): Promise<void> {
  await page.getByLabel('Tenant ID').fill(input.tenantId);
  await page.getByLabel(input.role === 'admin' ? 'Admin' : input.role === 'approver' ? 'Approver' : 'Reader', { exact: true }).check();
  await page.getByLabel('User (user principal name)').fill(input.user);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('signed-in-as').getByText(input.user).waitFor();
}

/** Every visible form control has a label a screen reader announces. */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, textarea'))
      .filter((el) => !(el instanceof HTMLInputElement && el.type === 'hidden'))
      .filter((el) => !((el as HTMLInputElement).labels?.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}
