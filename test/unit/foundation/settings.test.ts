import { loadSettings, SettingsError } from '../../../shared/settings';

const valid = {
  DEPLOYMENT_ENVIRONMENT: 'production',
  PUBLIC_BASE_URL: 'https://connector.example.org/',
  STORAGE_CONNECTION: 'UseDevelopmentStorage=true',
  ADMIN_AUTH_MODE: 'entra',
  ADMIN_AUTH_AUDIENCE: 'api://contoso-connector',
  PORTAL_ENTRA_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
};

describe('settings', () => {
  it('reads a minimal valid environment with safe defaults', () => {
    const s = loadSettings(valid);
    expect(s.core).toEqual({ environment: 'production', publicBaseUrl: 'https://connector.example.org', logLevel: 'info', allowPrivateNetworkUrls: false });
    expect(s.storage.queueTransport).toBe('storage');
    expect(s.storage.geographies).toEqual({ US: 'UseDevelopmentStorage=true', EU: 'UseDevelopmentStorage=true', APAC: 'UseDevelopmentStorage=true' });
  });

  it('keeps a separate storage account per geography when configured', () => {
    const s = loadSettings({ ...valid, STORAGE_CONNECTION_EU: 'eu-connection' });
    expect(s.storage.geographies.EU).toBe('eu-connection');
    expect(s.storage.geographies.US).toBe('UseDevelopmentStorage=true');
  });

  it('fails once, listing every missing or invalid setting', () => {
    let error: unknown;
    try {
      loadSettings({ PUBLIC_BASE_URL: 'not a url', LOG_LEVEL: 'loud', STORAGE_CONNECTION: 'UseDevelopmentStorage=true', QUEUE_TRANSPORT: 'servicebus', SMS_SENDER: 'carrier-pigeon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const problems = (error as SettingsError).problems.join('\n');
    expect(problems).toMatch(/DEPLOYMENT_ENVIRONMENT: is missing/);
    expect(problems).toMatch(/PUBLIC_BASE_URL: must be an absolute URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/SMS_SENDER/);
    expect(problems).toMatch(/SERVICEBUS_NAMESPACE: is required when QUEUE_TRANSPORT=servicebus/);
    expect((error as Error).message).toMatch(/^The app cannot start; fix these settings:/);
  });

  it('names a missing connection string', () => {
    expect(() => loadSettings({ ...valid, STORAGE_CONNECTION: undefined })).toThrow(/STORAGE_CONNECTION: is missing/);
  });

  it('treats empty strings as unset', () => {
    expect(() => loadSettings({ ...valid, DEPLOYMENT_ENVIRONMENT: '' })).toThrow(/DEPLOYMENT_ENVIRONMENT: is missing/);
  });

  it('refuses boolean settings that are not booleans', () => {
    expect(() => loadSettings({ ...valid, ALLOW_PRIVATE_NETWORK_URLS: 'maybe' })).toThrow(/ALLOW_PRIVATE_NETWORK_URLS/);
  });

  it('requires the production secrets when Azure adapters are chosen', () => {
    expect(() => loadSettings({ ...valid, SMS_SENDER: 'acs' })).toThrow(/ACS_CONNECTION_STRING: is required/);
    expect(() => loadSettings({ ...valid, KEY_SOURCE: 'keyvault' })).toThrow(/KEY_VAULT_URL/);
  });

  it('refuses the development conveniences on a deployment reachable from outside', () => {
    const problems = () => {
      try {
        loadSettings({ ...valid, ADMIN_AUTH_MODE: 'dev', ALLOW_PRIVATE_NETWORK_URLS: 'true' });
      } catch (e) {
        return (e as SettingsError).problems.join('\n');
      }
      return '';
    };
    expect(problems()).toMatch(/ADMIN_AUTH_MODE: dev sign-in is only allowed when PUBLIC_BASE_URL is a loopback address/);
    expect(problems()).toMatch(/ALLOW_PRIVATE_NETWORK_URLS: only allowed/);
    expect(() => loadSettings({ ...valid, PUBLIC_BASE_URL: 'http://127.0.0.1:7071', ADMIN_AUTH_MODE: 'dev', ALLOW_PRIVATE_NETWORK_URLS: 'true' })).not.toThrow();
  });

  it('the sample local settings are a complete, valid configuration', () => {
    const sample = require('../../../local.settings.sample.json') as { Values: Record<string, string> };
    expect(() => loadSettings(sample.Values)).not.toThrow();
  });
});
