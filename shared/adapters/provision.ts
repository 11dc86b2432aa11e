import type { Settings } from '../settings';
import { QUEUES } from '../ports/queue-names';
import { ensureQueue } from './storagequeue/queue-client';
import { ensureTable } from './tables/table-client';
import { GEOGRAPHY_TABLES, TABLES } from './tables/table-names';

/**
 * Creates every table and storage queue the app uses (idempotent). `npm start` runs it
 * against Azurite; in Azure the Bicep deployment creates the same names.
 */
export async function provisionStorage(settings: Settings): Promise<void> {
  const { connection, geographies, queueTransport } = settings.storage;
  const work: Promise<void>[] = Object.values(TABLES).map((t) => ensureTable(connection, t));
  for (const geoConnection of new Set(Object.values(geographies))) {
    work.push(...Object.values(GEOGRAPHY_TABLES).map((t) => ensureTable(geoConnection, t)));
  }
  if (queueTransport === 'storage') {
    for (const queue of Object.values(QUEUES)) work.push(ensureQueue(connection, queue), ensureQueue(connection, `${queue}-poison`));
  }
  await Promise.all(work);
}
