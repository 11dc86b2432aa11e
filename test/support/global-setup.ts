import { startAzurite } from '../../dev/azurite';

/**
 * One Azurite (in memory, on free ports) for the whole run. Tests read its connection
 * string from TEST_STORAGE_CONNECTION and keep their data apart with unique names
 * (tenant ids, table names), so they do not depend on order.
 */
export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite();
  process.env.TEST_STORAGE_CONNECTION = azurite.connection;
  (globalThis as { __AZURITE__?: typeof azurite }).__AZURITE__ = azurite;
}
