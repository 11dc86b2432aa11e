import { keySourceFor } from '../../functions/_lib/deps/launch';
import type { Settings } from '../../shared/settings';
import { ensureSigningKeys } from '../../shared/usecases/launch/ensure-signing-keys';

/**
 * `npm start`, before the banner: the connector's signing keys exist (local keys are generated
 * into LOCAL_KEYS_DIR, default `.local/keys/`, on a fresh machine) so the JWKS at
 * `/api/.well-known/jwks.json` is ready when the sandbox EHR first checks a client assertion.
 * Returns the published key ids; a folder that cannot hold keys fails with the setting to fix.
 */
export async function prepareSigningKeys(settings: Settings): Promise<{ kids: string[] }> {
  try {
    const keys = await ensureSigningKeys({ keySource: keySourceFor(settings) });
    return { kids: keys.map((k) => k.kid) };
  } catch (error) {
    const where = settings.launch.keySource === 'keyvault' ? `KEY_VAULT_URL / KEY_VAULT_KEY_NAME (${settings.launch.keyVault?.keyName ?? '?'})` : `LOCAL_KEYS_DIR (${settings.launch.localKeysDir})`;
    throw new Error(`the connector's signing keys are not usable; check ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
