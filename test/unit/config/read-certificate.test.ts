import { createPrivateKey } from 'node:crypto';
import { certificateProblems, certificateWarnings } from '../../../shared/domain/config/certificate-rules';
import { readCertificate } from '../../../shared/usecases/config/read-certificate';
import { fixture, makeCertificate, pemToBase64Der } from '../../support/config/certificates';

const pem = fixture('rsa-2048.pem');

describe('readCertificate', () => {
  it.each([
    ['PEM', pem],
    ['Base64 DER', pemToBase64Der(pem)],
    ['Base64 of PEM', Buffer.from(pem).toString('base64')],
    ['Base64 DER with line breaks', pemToBase64Der(pem).replace(/(.{64})/g, '$1\n')],
  ])('reads %s to the same certificate', (_form, upload) => {
    const read = readCertificate(upload);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.certificate).toMatchObject({ subject: expect.stringContaining('CN=Sandbox EHR HL7 feed'), thumbprintSha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/), thumbprintSha1: expect.stringMatching(/^[0-9A-F]{40}$/) });
    expect(read.certificate.facts.key).toEqual({ type: 'rsa', bits: 2048 });
    expect(read.certificate.pem).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('reads EC P-256 and P-384 curves by their JOSE names', () => {
    for (const [file, curve] of [['ec-p256.pem', 'P-256'], ['ec-p384.pem', 'P-384']]) {
      const read = readCertificate(fixture(file ?? ''));
      expect(read.ok && read.certificate.facts.key).toEqual({ type: 'ec', curve });
    }
  });

  it.each([
    ['PEM private key', fixture('rsa-2048.key.pem')],
    ['PKCS#1 private key', createPrivateKey(fixture('rsa-2048.key.pem')).export({ format: 'pem', type: 'pkcs1' }).toString()],
    ['DER private key', createPrivateKey(fixture('rsa-2048.key.pem')).export({ format: 'der', type: 'pkcs8' }).toString('base64')],
    ['certificate plus key', `${pem}${fixture('rsa-2048.key.pem')}`],
  ])('refuses a %s and says never to upload one', (_form, upload) => {
    const read = readCertificate(upload);
    expect(read).toMatchObject({ ok: false, problem: { field: 'certificate', message: expect.stringContaining('Never upload a private key') } });
  });
});

describe('certificate rules', () => {
  const now = new Date();
  const day = 86_400_000;
  const facts = (overrides: Partial<Parameters<typeof certificateProblems>[0]>) => ({ notBefore: new Date(now.getTime() - day), notAfter: new Date(now.getTime() + 400 * day), key: { type: 'rsa', bits: 2048 }, isCa: false, ...overrides });
  it('refuses expired, not yet valid, weak RSA and unsupported curves', () => {
    expect(certificateProblems(facts({}), now)).toEqual([]);
    expect(certificateProblems(facts({ notAfter: new Date(now.getTime() - day) }), now)[0]?.message).toMatch(/expired/);
    expect(certificateProblems(facts({ notBefore: new Date(now.getTime() + day) }), now)[0]?.message).toMatch(/not valid before/);
    expect(certificateProblems(facts({ key: { type: 'rsa', bits: 1024 } }), now)[0]?.message).toMatch(/1024 bits/);
    expect(certificateProblems(facts({ key: { type: 'ec', curve: 'secp521r1' } }), now)[0]?.message).toMatch(/secp521r1/);
    expect(certificateProblems(facts({ key: { type: 'ed25519' } }), now)[0]?.message).toMatch(/ed25519/);
  });
  it('warns when the certificate expires within 30 days', () => {
    const soon = makeCertificate({ notBefore: new Date(now.getTime() - day), notAfter: new Date(now.getTime() + 10 * day) });
    const read = readCertificate(soon.pem);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(certificateProblems(read.certificate.facts, now)).toEqual([]);
    expect(certificateWarnings(read.certificate.facts, now)[0]).toMatch(/expires in (9|10) day/);
    expect(certificateWarnings({ notAfter: new Date(now.getTime() + 60 * day) }, now)).toEqual([]);
  });
});
