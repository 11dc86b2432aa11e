import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import type { ConfigStore } from '../../../shared/ports/config-store';
import { FeedDirectory } from '../../../shared/usecases/feed/feed-directory';

/** A configuration store whose organisation reads are counted and answered when the test says so. */
function slowStore() {
  const pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const store: Pick<ConfigStore, 'getOrganisation'> = {
    getOrganisation: () => new Promise((resolve, reject) => pending.push({ resolve: resolve as (v: unknown) => void, reject })),
  };
  return { store: store as ConfigStore, pending };
}

const organisation = { value: { tenantId: 't1', geography: 'US' }, etag: 'e' };

describe('FeedDirectory', () => {
  it('messages arriving together on a cold cache share one configuration read', async () => {
    const { store, pending } = slowStore();
    const directory = new FeedDirectory(store, new FixedClock('2030-01-01T00:00:00Z'), 60);
    const reads = Array.from({ length: 16 }, () => directory.organisation('t1'));
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(organisation);
    const answers = await Promise.all(reads);
    expect(answers.every((a) => a === organisation.value)).toBe(true);
    await directory.organisation('t1');
    expect(pending).toHaveLength(1);
  });

  it('a failed read is not kept: the next message reads again', async () => {
    const { store, pending } = slowStore();
    const directory = new FeedDirectory(store, new FixedClock('2030-01-01T00:00:00Z'), 60);
    const first = directory.organisation('t1');
    pending[0]!.reject(new Error('storage unavailable'));
    await expect(first).rejects.toThrow('storage unavailable');
    const second = directory.organisation('t1');
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(organisation);
    await expect(second).resolves.toBe(organisation.value);
  });

  it('with caching off (0 s) every message reads, but concurrent ones still share the read in flight', async () => {
    const { store, pending } = slowStore();
    const directory = new FeedDirectory(store, new FixedClock('2030-01-01T00:00:00Z'), 0);
    const a = directory.organisation('t1');
    const b = directory.organisation('t1');
    expect(pending).toHaveLength(1);
    pending[0]!.resolve(organisation);
    await Promise.all([a, b]);
    const c = directory.organisation('t1');
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(organisation);
    await c;
  });

  it('a cached answer expires after the time to live', async () => {
    const { store, pending } = slowStore();
    const clock = new FixedClock('2030-01-01T00:00:00Z');
    const directory = new FeedDirectory(store, clock, 60);
    const first = directory.organisation('t1');
    pending[0]!.resolve(organisation);
    await first;
    clock.set('2030-01-01T00:01:01Z');
    const again = directory.organisation('t1');
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(organisation);
    await again;
  });
});
