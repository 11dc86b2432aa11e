import { DefaultAzureCredential } from '@azure/identity';
import type { SigningAlgorithm } from '../../ports/key-source';
import { KeyVaultKeySource } from './key-vault-key-source';

/** The Key Vault key source with the function app's managed identity ("Key Vault Crypto User" on the key). */
export function keyVaultKeySourceWithManagedIdentity(input: { vaultUrl: string; keyName: string; alg: SigningAlgorithm; now: () => Date }): KeyVaultKeySource {
  return new KeyVaultKeySource({ ...input, credential: new DefaultAzureCredential() });
}
