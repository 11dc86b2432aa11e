import { randomUUID } from 'node:crypto';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { createLogger, memorySink } from '../../../shared/observability/logger';
import type { OptOuts } from '../../../shared/ports/opt-outs';
import type { SmsLog } from '../../../shared/ports/sms-log';
import type { OutgoingSms, SmsSender } from '../../../shared/ports/sms-sender';
import { handleSmsEvents, type SmsEventsDeps } from '../../../shared/usecases/sms/handle-sms-events';
import { organisationNameForNumberFrom } from '../../../shared/usecases/sms/sms-views';
import { organisation, uniqueTableName } from '../../support/config/fixtures';

/**
 * HELP replies name the organisation of the sending number: the config store's lookup from a
 * sending number to its tenant (on the real config table, Azurite), and the reply built from it.
 */
describe('sending number -> tenant (config table on Azurite) and the HELP reply', () => {
  let store: TableConfigStore;
  const [riverside, lakeside, twin] = [randomUUID(), randomUUID(), randomUUID()];
  const number = (n: number) => `+1800555${String(n).padStart(4, '0')}`;
  const [riversideNumber, lakesideNumber, sharedNumber] = [number(Math.floor(Math.random() * 3000)), number(3000 + Math.floor(Math.random() * 3000)), number(6000 + Math.floor(Math.random() * 3000))];
  const phone = (tenantId: string, e164: string) => ({ tenantId, e164, country: 'US', providerId: `local:${e164}`, purchasedAt: '2026-01-01T00:00:00Z', operationId: 'op' });

  beforeAll(async () => {
    const table = uniqueTableName('cfgnum');
    await ensureTable(process.env.TEST_STORAGE_CONNECTION!, table);
    store = TableConfigStore.fromConnection(process.env.TEST_STORAGE_CONNECTION!, table);
    await store.createOrganisation(organisation(riverside, { displayName: 'Riverside Health' }));
    await store.createOrganisation(organisation(lakeside, { displayName: 'Lakeside Clinic' }));
    await store.createPhoneNumber(phone(riverside, riversideNumber));
    await store.createPhoneNumber(phone(lakeside, lakesideNumber));
    await store.createPhoneNumber(phone(lakeside, sharedNumber));
    await store.createPhoneNumber(phone(twin, sharedNumber));
  });

  it('finds the one tenant holding a sending number', async () => {
    expect(await store.findTenantIdBySendingNumber(riversideNumber)).toBe(riverside);
    expect(await store.findTenantIdBySendingNumber(lakesideNumber)).toBe(lakeside);
  });

  it('names no tenant for an unknown number, a malformed one, or one two tenants hold', async () => {
    expect(await store.findTenantIdBySendingNumber('+18005559999')).toBeUndefined();
    for (const bad of ['', '18005550100', "+1800' or RowKey ne '", 'phone:+18005550100']) expect(await store.findTenantIdBySendingNumber(bad)).toBeUndefined();
    expect(await store.findTenantIdBySendingNumber(sharedNumber)).toBeUndefined();
  });

  it('a HELP reply names the organisation of the number it came to, else the generic text', async () => {
    const sent: OutgoingSms[] = [];
    const sender: SmsSender = { send: async (m) => (sent.push(m), { kind: 'accepted', providerMessageId: `m${sent.length}`, repeated: false }) };
    const help = (to: string, id: string) => ({ kind: 'received' as const, id, providerMessageId: `Incoming_${id}`, from: '+16085550142', to, message: ' Help ', at: new Date('2026-03-08T10:00:00Z') });
    const smsLog: SmsLog = { get: async () => undefined, create: async () => undefined, replace: async () => undefined, listDay: async () => [] };
    const optOuts: OptOuts = { apply: async () => true, get: async () => undefined, isOptedOut: async () => false };
    const deps: SmsEventsDeps = {
      clock: { now: () => new Date('2026-03-08T10:00:00Z') },
      smsLog,
      optOuts,
      smsSender: sender,
      smsRules: { hashKey: 'k'.repeat(40) },
      organisationNameForNumber: organisationNameForNumberFrom(store),
    };
    const { sink, lines } = memorySink();
    const result = await handleSmsEvents(deps, [help(lakesideNumber, 'e1'), help(sharedNumber, 'e2')], createLogger(sink, {}, 'debug'));
    expect(result.helpReplies).toBe(2);
    expect(sent.map((m) => [m.from, m.text.split(':')[0]])).toEqual([[lakesideNumber, 'Lakeside Clinic'], [sharedNumber, 'Video visits']]);
    expect(lines.join('\n')).not.toContain('6085550142');
  });
});
