import { isLoopbackOrPrivateHost, normaliseBaseUrl } from '../../../shared/domain/config/base-url-rules';

const strict = { allowPrivateNetwork: false };
const dev = { allowPrivateNetwork: true };

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://EHR.Example.org/api/FHIR/R4/', 'https://ehr.example.org/api/FHIR/R4'],
    ['https://ehr.example.org:443/api/FHIR/R4//', 'https://ehr.example.org/api/FHIR/R4'],
    ['  https://ehr.example.org/a/./b/../FHIR  ', 'https://ehr.example.org/a/FHIR'],
    ['https://ehr.example.org:8443/fhir', 'https://ehr.example.org:8443/fhir'],
    ['https://bücher.example/fhir', 'https://xn--bcher-kva.example/fhir'],
  ])('%s -> %s (path case kept)', (raw, expected) => {
    expect(normaliseBaseUrl(raw, strict)).toEqual({ ok: true, url: expected, host: expect.any(String) });
  });

  it.each([
    ['http://ehr.example.org/fhir', /https/],
    ['https://ehr.example.org/fhir?a=1', /query/],
    ['https://ehr.example.org/fhir#x', /fragment/],
    ['https://u:p@ehr.example.org/fhir', /user name/],
    ['https://10.0.0.1/fhir', /private/],
    ['https://[::1]/fhir', /private/],
    ['https://localhost:8080/fhir', /private/],
    ['wss://ehr.example.org/fhir', /https/],
    ['', /empty/],
  ])('refuses %s', (raw, message) => {
    const result = normaliseBaseUrl(raw, strict);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('allows http only on loopback / private hosts, and only with the dev setting', () => {
    expect(normaliseBaseUrl('http://127.0.0.1:7080/api/FHIR/R4', dev)).toMatchObject({ ok: true, url: 'http://127.0.0.1:7080/api/FHIR/R4' });
    expect(normaliseBaseUrl('http://ehr.example.org/fhir', dev)).toMatchObject({ ok: false });
    expect(normaliseBaseUrl('http://127.0.0.1:7080/api/FHIR/R4', strict)).toMatchObject({ ok: false });
  });
});

describe('isLoopbackOrPrivateHost', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.0.1', '169.254.169.254', '100.100.0.1', '0.0.0.0', '[::1]', '::', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', 'localhost', 'a.localhost', 'x.internal', '224.0.0.1'])('%s is private', (host) => {
    expect(isLoopbackOrPrivateHost(host)).toBe(true);
  });
  it.each(['8.8.8.8', '172.32.0.1', '100.128.0.1', 'ehr.example.org', '2001:db8::1', '[2606:4700::1111]'])('%s is public', (host) => {
    expect(isLoopbackOrPrivateHost(host)).toBe(false);
  });
});
