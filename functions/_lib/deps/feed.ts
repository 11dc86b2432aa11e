import type { Settings } from '../../../shared/settings';
import { HL7_RECEIVE_ROUTE } from '../../../shared/settings/feed';
import type { AppointmentStore } from '../../../shared/ports/appointment-store';
import type { Clock } from '../../../shared/ports/clock';
import type { DeadLetters } from '../../../shared/ports/dead-letters';
import type { DueIndex } from '../../../shared/ports/due-index';
import type { FeedTokenIds } from '../../../shared/ports/feed-token-ids';
import type { WorkQueue } from '../../../shared/ports/work-queue';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { TableApprovalSessionStore } from '../../../shared/adapters/tables/config-approval-sessions';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { DeadLetterTable } from '../../../shared/adapters/tables/dead-letter-table';
import { DueIndexTable } from '../../../shared/adapters/tables/due-index-table';
import { FeedTokenTable } from '../../../shared/adapters/tables/feed-token-table';
import { FeedDirectory } from '../../../shared/usecases/feed/feed-directory';
import type { DeadLetterAdminDeps } from '../../../shared/usecases/feed/dead-letters';
import type { ProcessFeedDeps } from '../../../shared/usecases/feed/process-feed-item';
import type { ReceiveHl7Deps } from '../../../shared/usecases/feed/receive-hl7';
import type { PurgeTickDeps } from '../../../shared/usecases/feed/run-purge-tick';
import { distinctGeographies, workQueueFor } from './core';

/** The scheduling feed: receive, process, purge and dead letters, each with what it needs. */
export interface FeedAreaDeps {
  receive: ReceiveHl7Deps;
  process: ProcessFeedDeps;
  purge: PurgeTickDeps;
  deadLetterAdmin: DeadLetterAdminDeps;
}

export interface FeedDeps {
  feed: FeedAreaDeps;
}

/** The parts tests replace (a fixed clock, a failing queue); everything else follows from the settings. */
export interface FeedParts {
  clock: Clock;
  workQueue: WorkQueue;
  appointments: AppointmentStore;
  dueIndex: DueIndex;
  deadLetters: DeadLetters;
  tokenIds: FeedTokenIds;
}

export function buildFeedDeps(settings: Settings, parts: Partial<FeedParts> = {}): FeedDeps {
  const { storage, feed, core } = settings;
  const clock = parts.clock ?? systemClock;
  const workQueue = parts.workQueue ?? workQueueFor(settings);
  const appointments = parts.appointments ?? new AppointmentTable(storage.geographies);
  const dueIndex = parts.dueIndex ?? new DueIndexTable(storage.geographies);
  const deadLetters = parts.deadLetters ?? new DeadLetterTable(storage.geographies);
  const tokenIds = parts.tokenIds ?? new FeedTokenTable(storage.connection);
  const directory = new FeedDirectory(TableConfigStore.fromConnection(storage.connection), clock, feed.configCacheSeconds);
  return {
    feed: {
      receive: {
        clock, directory, tokenIds, workQueue,
        audience: `${core.publicBaseUrl}/api/${HL7_RECEIVE_ROUTE}`,
        clockSkewSeconds: feed.clockSkewSeconds,
        maxTokenLifetimeSeconds: feed.maxTokenLifetimeSeconds,
        maxBodyBytes: feed.maxBodyBytes,
      },
      process: { clock, directory, appointments, dueIndex, workQueue, deadLetters, maxAttempts: feed.maxAttempts },
      purge: {
        clock, appointments, dueIndex, tokenIds, deadLetters, geographies: distinctGeographies(storage.geographies),
        approvalSignIns: TableApprovalSessionStore.fromConnection(storage.connection),
      },
      deadLetterAdmin: { clock, deadLetters, workQueue, geographyOf: async (tenantId) => (await directory.organisation(tenantId))?.geography },
    },
  };
}
