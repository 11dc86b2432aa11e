import { randomBytes } from 'node:crypto';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { DEV_BASE_URL_ID, seedDevelopmentTenant } from '../../../dev/seed/development-tenant';
import { startSandboxEhr, type SandboxEhr } from '../../../dev/sandbox-ehr';

/** `npm start`'s seed against Azurite with the real table store: the sandbox becomes an approved base URL. */
describe('development tenant seed', () => {
  const table = `devseed${randomBytes(4).toString('hex')}`;
  let store: TableConfigStore;
  let sandbox: SandboxEhr;
  const clock = new FixedClock('2026-03-10T08:00:00Z');
  const tenantId = () => `00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`;
  const sender = () => `SANDBOX-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    const connection = process.env.TEST_STORAGE_CONNECTION ?? '';
    await ensureTable(connection, table);
    store = TableConfigStore.fromConnection(connection, table);
    sandbox = await startSandboxEhr({ port: 0, clock });
  });
  afterAll(async () => sandbox.stop());

  it("seeds an approved base URL for the sandbox's FHIR base and its HL7 certificate, findable as a launch would", async () => {
    const id = tenantId();
    const seeded = await seedDevelopmentTenant(store, { tenantId: id, hl7SenderId: sender(), fhirBaseUrl: sandbox.fhirBaseUrl, environment: 'test', now: clock.now(), hl7CertificatePem: sandbox.hl7.certificatePem });
    expect(seeded.baseUrl).toMatchObject({ id: DEV_BASE_URL_ID, url: sandbox.fhirBaseUrl, environment: 'test', approval: { state: 'approved' } });
    const approved = await store.findApprovedBaseUrls(sandbox.fhirBaseUrl, 'test');
    expect(approved.map((b) => b.tenantId)).toContain(id);
    const certificate = await store.getCertificate(id, 'test');
    expect(certificate?.value.thumbprintSha1).toBe(sandbox.hl7.thumbprintSha1);
  });

  it('is idempotent, and follows the sandbox to a new URL and a new certificate', async () => {
    const id = tenantId();
    const hl7SenderId = sender();
    const first = await seedDevelopmentTenant(store, { tenantId: id, hl7SenderId, fhirBaseUrl: sandbox.fhirBaseUrl, environment: 'test', now: clock.now(), hl7CertificatePem: sandbox.hl7.certificatePem });
    const again = await seedDevelopmentTenant(store, { tenantId: id, hl7SenderId, fhirBaseUrl: sandbox.fhirBaseUrl, environment: 'test', now: clock.now(), hl7CertificatePem: sandbox.hl7.certificatePem });
    expect(again.baseUrl).toEqual(first.baseUrl);
    expect((await store.listBaseUrls(id)).length).toBe(1);

    const other = await startSandboxEhr({ port: 0, clock });
    try {
      const moved = await seedDevelopmentTenant(store, { tenantId: id, hl7SenderId, fhirBaseUrl: other.fhirBaseUrl, environment: 'test', now: clock.now(), hl7CertificatePem: other.hl7.certificatePem });
      expect(moved.baseUrl.url).toBe(other.fhirBaseUrl);
      expect(moved.baseUrl.approval.state).toBe('approved');
      expect((await store.getCertificate(id, 'test'))?.value.thumbprintSha1).toBe(other.hl7.thumbprintSha1);
    } finally {
      await other.stop();
    }
  });
});
