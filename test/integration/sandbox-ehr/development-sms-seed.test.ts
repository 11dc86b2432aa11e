import { randomBytes } from 'node:crypto';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { startSandboxEhr, type SandboxEhr } from '../../../dev/sandbox-ehr';
import { DEV_SENDING_NUMBER } from '../../../dev/seed/development-sms';
import { DEV_BASE_URL_ID, seedDevelopmentTenant } from '../../../dev/seed/development-tenant';

/**
 * `npm start`'s development tenant can text: the seed gives both SMS consents, "buys" one
 * fictional sending number and links it to the sandbox's base URL with the confirmation and
 * reminders 60 and 15 minutes before, on a US organisation. Run again (`--persist` keeps the
 * table), it writes nothing; it keeps what a developer changed and puts back only what is off.
 */
describe('development tenant SMS seed', () => {
  const table = `devsms${randomBytes(4).toString('hex')}`;
  let store: TableConfigStore;
  let sandbox: SandboxEhr;
  const clock = new FixedClock('2026-03-10T08:00:00Z');
  const later = new Date('2026-03-11T08:00:00Z');

  beforeAll(async () => {
    const connection = process.env.TEST_STORAGE_CONNECTION ?? '';
    await ensureTable(connection, table);
    store = TableConfigStore.fromConnection(connection, table);
    sandbox = await startSandboxEhr({ port: 0, clock });
  });
  afterAll(async () => sandbox.stop());

  const seed = (tenantId: string, now = clock.now()) =>
    seedDevelopmentTenant(store, { tenantId, hl7SenderId: `SBX-${tenantId.slice(-12)}`, fhirBaseUrl: sandbox.fhirBaseUrl, environment: 'test', now, hl7CertificatePem: sandbox.hl7.certificatePem });
  const newTenant = () => `00000000-0000-4000-8000-${randomBytes(6).toString('hex')}`;
  const etags = async (tenantId: string) => ({
    organisation: (await store.getOrganisation(tenantId))?.etag,
    baseUrl: (await store.getBaseUrl(tenantId, DEV_BASE_URL_ID))?.etag,
    consents: (await store.getSmsConsents(tenantId))?.etag,
    numbers: (await store.listPhoneNumbers(tenantId)).map((n) => n.etag),
  });

  it('switches SMS on: both consents, a fictional US number linked, confirmation and reminders 60 and 15 minutes before, on a US organisation', async () => {
    const tenantId = newTenant();
    const seeded = await seed(tenantId);
    expect(seeded.sms.sendingNumber).toBe(DEV_SENDING_NUMBER);
    expect(DEV_SENDING_NUMBER).toMatch(/^\+1\d{3}55501\d\d$/);
    const profile = await store.getSmsProfile(tenantId, DEV_BASE_URL_ID);
    expect(profile).toMatchObject({
      confirmationEnabled: true,
      remindersEnabled: true,
      baseUrl: { sms: { confirmation: true, reminders: true, reminderMinutesBefore: [60, 15], phoneNumber: DEV_SENDING_NUMBER }, approval: { state: 'approved' } },
      organisation: { geography: 'US', defaultPhoneCountry: 'US', timeZone: 'America/Chicago' },
      consents: { sendOnBehalf: { givenBy: 'dev-seed@dev.example', givenAt: clock.now().toISOString() }, patientPhoneProcessing: { givenBy: 'dev-seed@dev.example' } },
      phoneNumber: { e164: DEV_SENDING_NUMBER, country: 'US', providerId: `local:${DEV_SENDING_NUMBER}` },
    });
    expect(seeded.baseUrl.sms.phoneNumber).toBe(DEV_SENDING_NUMBER);
  });

  it('is idempotent across restarts: a second seed writes nothing', async () => {
    const tenantId = newTenant();
    await seed(tenantId);
    const before = await etags(tenantId);
    const again = await seed(tenantId, later);
    expect(await etags(tenantId)).toEqual(before);
    expect(before.numbers).toHaveLength(1);
    expect(again.sms.settings.reminderMinutesBefore).toEqual([60, 15]);
  });

  it("keeps a developer's own number, intervals and time zone; puts back consents, SMS switched off and US phone country", async () => {
    const tenantId = newTenant();
    await seed(tenantId);
    const at = clock.now().toISOString();
    const own = '+14155550142';
    await store.createPhoneNumber({ tenantId, e164: own, country: 'US', providerId: `local:${own}`, purchasedAt: at, operationId: 'op' });
    let baseUrl = (await store.getBaseUrl(tenantId, DEV_BASE_URL_ID))!;
    await store.updateBaseUrl({ ...baseUrl.value, sms: { confirmation: false, reminders: true, reminderMinutesBefore: [30], phoneNumber: own } }, baseUrl.etag);
    const organisation = (await store.getOrganisation(tenantId))!;
    await store.updateOrganisation({ ...organisation.value, timeZone: 'America/New_York', defaultPhoneCountry: 'CA' }, organisation.etag);

    const kept = await seed(tenantId, later);
    expect(kept.baseUrl.sms).toEqual({ confirmation: false, reminders: true, reminderMinutesBefore: [30], phoneNumber: own });
    expect(kept.sms.organisation).toMatchObject({ timeZone: 'America/New_York', defaultPhoneCountry: 'US', geography: 'US' });

    // Consents withdrawn and SMS switched off: the next start puts both back, on the developer's number.
    const consents = (await store.getSmsConsents(tenantId))!;
    await store.saveSmsConsents({ tenantId, updatedAt: at }, consents.etag);
    baseUrl = (await store.getBaseUrl(tenantId, DEV_BASE_URL_ID))!;
    await store.updateBaseUrl({ ...baseUrl.value, sms: { confirmation: false, reminders: false, reminderMinutesBefore: [], phoneNumber: own } }, baseUrl.etag);
    await seed(tenantId, later);
    expect(await store.getSmsProfile(tenantId, DEV_BASE_URL_ID)).toMatchObject({
      confirmationEnabled: true,
      remindersEnabled: true,
      baseUrl: { sms: { confirmation: true, reminders: true, reminderMinutesBefore: [60, 15], phoneNumber: own } },
      consents: { sendOnBehalf: { givenAt: later.toISOString() }, patientPhoneProcessing: { givenAt: later.toISOString() } },
    });
    expect((await store.listPhoneNumbers(tenantId)).map((n) => n.value.e164).sort()).toEqual([DEV_SENDING_NUMBER, own].sort());
  });

  it('links the development number again when the linked number was released', async () => {
    const tenantId = newTenant();
    await seed(tenantId);
    const number = (await store.getPhoneNumber(tenantId, DEV_SENDING_NUMBER))!;
    await store.deletePhoneNumber(tenantId, DEV_SENDING_NUMBER, number.etag);
    const again = await seed(tenantId, later);
    expect(again.baseUrl.sms.phoneNumber).toBe(DEV_SENDING_NUMBER);
    expect((await store.getSmsProfile(tenantId, DEV_BASE_URL_ID))?.confirmationEnabled).toBe(true);
  });
});
