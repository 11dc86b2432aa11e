import { loadSettings, type Environment, type Settings } from '../../shared/settings';

/** The settings the local defaults give, pointed at the test run's Azurite. */
export function testEnvironment(overrides: Environment = {}): Environment {
  const connection = process.env.TEST_STORAGE_CONNECTION;
  if (!connection) throw new Error('TEST_STORAGE_CONNECTION is not set: jest global setup starts Azurite');
  return {
    DEPLOYMENT_ENVIRONMENT: 'test',
    PUBLIC_BASE_URL: 'http://127.0.0.1:7071',
    LOG_LEVEL: 'info',
    ALLOW_PRIVATE_NETWORK_URLS: 'true',
    STORAGE_CONNECTION: connection,
    QUEUE_TRANSPORT: 'storage',
    ...overrides,
  };
}

export function testSettings(overrides: Environment = {}): Settings {
  return loadSettings(testEnvironment(overrides));
}
