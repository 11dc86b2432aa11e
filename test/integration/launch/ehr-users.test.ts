import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { EhrUserTable } from '../../../shared/adapters/tables/ehr-user-table';
import { TABLES } from '../../../shared/adapters/tables/table-names';

/** The `ehrusers` table on Azurite with the real Table client: once per tenant and user, keys encoded. */
describe('EHR users table (Azurite)', () => {
  const connection = process.env.TEST_STORAGE_CONNECTION!;
  let users: EhrUserTable;
  beforeAll(async () => {
    await ensureTable(connection, TABLES.ehrUsers);
    users = new EhrUserTable(connection);
  });

  const user = (tenantId: string, ehrUserId: string, at = '2026-03-10T08:30:00.000Z') => ({ tenantId, ehrUserId, type: 'Practitioner' as const, baseUrlId: 'b1', firstSeenAt: at });

  it('keeps a user once, even when launches race, and never overwrites the first sighting', async () => {
    const tenantId = randomUUID();
    const id = 'https://ehr.example/api/FHIR/R4/Practitioner/eOyFJ.PiGBcbhr3T1oyJZ1A3';
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => users.remember(user(tenantId, id, `2026-03-10T08:30:0${i}.000Z`))));
    expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'existing')).toHaveLength(7);
    const stored = await users.get(tenantId, id);
    expect(stored).toMatchObject({ tenantId, ehrUserId: id, type: 'Practitioner', baseUrlId: 'b1' });
    expect(await users.remember(user(tenantId, id, '2027-01-01T00:00:00.000Z'))).toBe('existing');
    expect((await users.get(tenantId, id))?.firstSeenAt).toBe(stored?.firstSeenAt);
  });

  it('encodes ids with / ? # \\ into legal keys and keeps tenants apart', async () => {
    const [t1, t2] = [randomUUID(), randomUUID()];
    const awkward = 'https://ehr.example/fhir?tenant=a#x\\y/Patient/abc';
    expect(await users.remember(user(t1, awkward))).toBe('created');
    expect(await users.get(t1, awkward)).toMatchObject({ ehrUserId: awkward });
    expect(await users.get(t2, awkward)).toBeUndefined();
    expect(await users.remember(user(t2, awkward))).toBe('created');

    const client = TableClient.fromConnectionString(connection, TABLES.ehrUsers, { allowInsecureConnection: true });
    const rows: Record<string, unknown>[] = [];
    for await (const row of client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${t1}'` } })) rows.push(row);
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.rowKey)).not.toMatch(/[/?#\\]/);
    expect(Object.keys(rows[0]!).sort()).toEqual(['baseUrlId', 'etag', 'firstSeenAt', 'partitionKey', 'rowKey', 'timestamp', 'type']);
  });
});
