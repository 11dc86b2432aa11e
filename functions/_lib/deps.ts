import type { Clock } from '../../shared/ports/clock';
import type { StorageProbe } from '../../shared/ports/storage-probe';
import type { Settings } from '../../shared/settings';
import { systemClock } from '../../shared/adapters/system/system-clock';
import { TableStorageProbe } from '../../shared/adapters/tables/table-storage-probe';

/** Everything a use case may need, built once from the settings. The domain never sees which adapter runs. */
export interface Deps {
  settings: Settings;
  clock: Clock;
  storageProbe: StorageProbe;
}

export function buildDeps(settings: Settings): Deps {
  return {
    settings,
    clock: systemClock,
    storageProbe: new TableStorageProbe(settings.storage.connection),
  };
}
