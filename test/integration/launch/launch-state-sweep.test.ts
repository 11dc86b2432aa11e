import { randomBytes, randomUUID } from 'node:crypto';
import { LaunchStateTable } from '../../../shared/adapters/tables/launch-state-table';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { sweepAbandonedLaunches } from '../../../shared/usecases/launch/sweep-abandoned-launches';
import { createLogger, memorySink } from '../../../shared/observability/logger';
import type { PendingLaunch } from '../../../shared/ports/launch-state-store';

const connection = (): string => process.env.TEST_STORAGE_CONNECTION ?? '';

function pendingLaunch(): PendingLaunch {
  return {
    state: randomBytes(32).toString('base64url'),
    role: 'provider',
    tenantId: randomUUID(),
    baseUrlId: 'b1',
    iss: 'https://ehr.example.org/fhir',
    codeVerifier: randomBytes(32).toString('base64url'),
    redirectUri: 'https://connector.example.org/api/launch/callback',
    context: { sessionId: 'CSN1' },
    createdAt: '2026-11-26T09:00:00.000Z',
    expiresAt: '2026-11-26T09:10:00.000Z',
  };
}

describe('abandoned launch states', () => {
  let store: LaunchStateTable;
  beforeEach(async () => {
    const table = `launchsweep${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    await ensureTable(connection(), table);
    store = new LaunchStateTable(connection(), table);
  });

  it('keeps launches younger than a day (a live launch is never swept)', async () => {
    const live = pendingLaunch();
    await store.save(live);
    const { sink, lines } = memorySink();
    expect(await sweepAbandonedLaunches({ launchStates: store }, createLogger(sink))).toBe(0);
    expect(lines).toEqual([]);
    expect(await store.take(live.state)).toMatchObject({ state: live.state, codeVerifier: live.codeVerifier });
  });

  it('deletes every launch older than the age given, by the storage’s own timestamps', async () => {
    const first = pendingLaunch();
    const second = pendingLaunch();
    await store.save(first);
    await store.save(second);
    // A negative age puts the cutoff a minute ahead of the real time: every row is "older".
    expect(await store.forgetAbandoned(-60_000)).toBe(2);
    expect(await store.take(first.state)).toBeUndefined();
    expect(await store.take(second.state)).toBeUndefined();
    expect(await store.forgetAbandoned(-60_000)).toBe(0);
  });
});
