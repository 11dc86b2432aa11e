import { randomUUID } from 'node:crypto';
import { TableJoinLinks } from '../../../shared/adapters/tables/sms-join-link-table';
import { TableOptOuts } from '../../../shared/adapters/tables/sms-opt-out-table';
import { TableSmsPacing } from '../../../shared/adapters/tables/sms-pacing-table';
import { ensureTable } from '../../../shared/adapters/tables/table-client';

/** The SMS tables' conditional writes on Azurite. */
describe('SMS tables', () => {
  const connection = () => process.env.TEST_STORAGE_CONNECTION!;
  const table = async (prefix: string) => {
    const name = `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await ensureTable(connection(), name);
    return name;
  };

  it('paces a sending number: the burst goes at once, then one per interval, and says how long to wait', async () => {
    const pacing = TableSmsPacing.fromConnection(connection(), 60, 2, await table('pace'));
    const t0 = new Date('2026-03-09T14:00:00Z');
    expect(await pacing.take('+18005550100', t0)).toEqual({ ok: true });
    expect(await pacing.take('+18005550100', t0)).toEqual({ ok: true });
    expect(await pacing.take('+18005550100', t0)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(await pacing.take('+18005550199', t0)).toEqual({ ok: true });
    expect(await pacing.take('+18005550100', new Date(t0.getTime() + 1000))).toEqual({ ok: true });
  });

  it('concurrent takes never hand out more than the bucket holds', async () => {
    const pacing = TableSmsPacing.fromConnection(connection(), 1, 5, await table('pace'));
    const now = new Date('2026-03-09T14:00:00Z');
    const results = await Promise.all(Array.from({ length: 12 }, () => pacing.take('+18005550100', now)));
    expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(0);
  });

  it('opt-outs: newest reply wins under concurrency and replays', async () => {
    const optOuts = TableOptOuts.fromConnection(connection(), await table('opt'));
    const change = (optedOut: boolean, at: string) => ({ sendingNumber: '+18005550100', recipientHash: 'h'.repeat(43), optedOut, changedAt: at });
    const applied = await Promise.all([change(true, '2026-01-01T10:00:00Z'), change(false, '2026-01-01T11:00:00Z'), change(true, '2026-01-01T09:00:00Z')].map((c) => optOuts.apply(c)));
    expect(applied.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(await optOuts.get('+18005550100', 'h'.repeat(43))).toMatchObject({ optedOut: false, changedAt: '2026-01-01T11:00:00Z' });
    expect(await optOuts.apply(change(true, '2026-01-01T10:30:00Z'))).toBe(false);
    expect(await optOuts.isOptedOut('18005550100', 'h'.repeat(43))).toBe(false);
  });

  it('join links are created once and never overwritten', async () => {
    const links = TableJoinLinks.fromConnection(connection(), await table('link'));
    const record = { tenantId: 't', baseUrlId: 'b', appointmentId: 'a', geography: 'US' as const, createdAt: '2026-01-01T00:00:00.000Z' };
    await Promise.all([links.ensure('AbCdEfGhIjKlMnOpQrStUv', record), links.ensure('AbCdEfGhIjKlMnOpQrStUv', { ...record, createdAt: '2026-02-02T00:00:00.000Z' })]);
    expect((await links.find('AbCdEfGhIjKlMnOpQrStUv'))?.appointmentId).toBe('a');
    expect(await links.find('ZZZZZZZZZZZZZZZZZZZZZZ')).toBeUndefined();
  });
});
