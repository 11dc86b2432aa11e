import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareSigningKeys } from '../../../dev/seed/signing-keys';
import { ensureSigningKeys } from '../../../shared/usecases/launch/ensure-signing-keys';
import type { KeySource } from '../../../shared/ports/key-source';
import { testSettings } from '../../support/settings';
import { startTestHost } from '../../support/test-host';
import { loadLaunchFunctions } from './launch-harness';

/**
 * `npm start` makes the connector's signing keys before it prints its banner, so the JWKS the
 * sandbox EHR fetches is served from the first request, with the keys made at start.
 */
describe('signing keys prepared at start', () => {
  it('creates current and next keys in a fresh folder once, and the host publishes exactly those', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'start-keys-')), 'keys');
    const settings = testSettings({ LOCAL_KEYS_DIR: dir });
    const { kids } = await prepareSigningKeys(settings);
    expect(kids).toHaveLength(2);
    for (const role of ['current', 'next']) {
      const file = path.join(dir, `rs384-${role}.json`);
      expect(statSync(file).mode & 0o077).toBe(0);
      expect(readFileSync(file, 'utf8')).toContain('PRIVATE KEY');
    }
    expect(await prepareSigningKeys(settings)).toEqual({ kids });

    loadLaunchFunctions();
    const host = await startTestHost({ env: { LOCAL_KEYS_DIR: dir } });
    try {
      const response = await host.fetch('/api/.well-known/jwks.json');
      expect(response.status).toBe(200);
      const { keys } = (await response.json()) as { keys: { kid: string }[] };
      expect(keys.map((k) => k.kid)).toEqual(kids);
    } finally {
      await host.stop();
    }
  });

  it('names the setting to fix when the key folder cannot hold keys', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'start-keys-')), 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(prepareSigningKeys(testSettings({ LOCAL_KEYS_DIR: file }))).rejects.toThrow(/LOCAL_KEYS_DIR \(.*not-a-folder\)/);
  });

  it('refuses a key source whose signing key is not published', async () => {
    const source: KeySource = {
      signingKey: async () => ({ kid: 'unpublished', alg: 'RS384', sign: async () => new Uint8Array() }),
      publicKeys: async () => [{ kty: 'RSA', kid: 'other', alg: 'RS384', use: 'sig', n: 'AQAB', e: 'AQAB' }],
    };
    await expect(ensureSigningKeys({ keySource: source })).rejects.toThrow('not among the published keys');
  });

  it('is called by npm start before the local host, the sandbox and the banner', () => {
    const start = readFileSync(path.join(__dirname, '..', '..', '..', 'dev', 'start.ts'), 'utf8');
    const main = start.slice(start.indexOf('async function main'), start.indexOf('function printBanner'));
    const at = (call: string) => main.indexOf(call);
    expect(at('await prepareSigningKeys(settings)')).toBeGreaterThan(0);
    for (const later of ['startLocalHost(', 'startDevelopmentSandbox(', 'printBanner(']) expect(at('await prepareSigningKeys(settings)')).toBeLessThan(at(later));
  });
});
