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

function workQueueFor(settings: Settings): WorkQueue {
  const { queueTransport, serviceBusNamespace, connection } = settings.storage;
  return queueTransport === 'servicebus' && serviceBusNamespace ? new ServiceBusWorkQueue(serviceBusNamespace) : new StorageWorkQueue(connection);
}
