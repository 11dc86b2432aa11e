import type { AzuriteInstance } from '../../dev/azurite';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __AZURITE__?: AzuriteInstance }).__AZURITE__?.stop();
}
