import type { Geography } from '../../../shared/domain/appointment/geography';
import type { Clock } from '../../../shared/ports/clock';
import type { StorageProbe } from '../../../shared/ports/storage-probe';
import type { WorkQueue } from '../../../shared/ports/work-queue';
import type { Settings } from '../../../shared/settings';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { TableStorageProbe } from '../../../shared/adapters/tables/table-storage-probe';
import { StorageWorkQueue } from '../../../shared/adapters/storagequeue/storage-work-queue';
import { ServiceBusWorkQueue } from '../../../shared/adapters/servicebus/service-bus-work-queue';

export interface CoreDeps {
  settings: Settings;
  clock: Clock;
  storageProbe: StorageProbe;
  workQueue: WorkQueue;
}

export function buildCoreDeps(settings: Settings): CoreDeps {
  return {
    settings,
    clock: systemClock,
    storageProbe: new TableStorageProbe(settings.storage.connection),
    workQueue: workQueueFor(settings),
  };
}

/** The queue transport the settings pick (one Service Bus client holds one AMQP connection: build it once, in buildDeps). */
export function workQueueFor(settings: Settings): WorkQueue {
  const { queueTransport, serviceBusNamespace, connection } = settings.storage;
  return queueTransport === 'servicebus' && serviceBusNamespace ? new ServiceBusWorkQueue(serviceBusNamespace) : new StorageWorkQueue(connection);
}

/** Geographies sharing a storage account share its tables: timers read each account once. */
export function distinctGeographies(connections: Record<Geography, string>): Geography[] {
  const seen = new Set<string>();
  const out: Geography[] = [];
  for (const [geography, connection] of Object.entries(connections) as [Geography, string][]) {
    if (seen.has(connection)) continue;
    seen.add(connection);
    out.push(geography);
  }
  return out;
}
