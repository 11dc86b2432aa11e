/**
 * The storage ceiling for one phase of the feed: the same kinds of raw storage operation the
 * phase made, in the same proportions per message (table insert / point read / If-Match
 * replace / delete, queue put / batch receive / delete), with bodies of the phase's mean size,
 * from workers that do nothing but storage calls. Queue receives and deletes cost Azurite two
 * to three times a table insert, so a ceiling without them is a rate no storage-bound feed
 * with a queue could reach.
 */
import type { TableClient } from '@azure/data-tables';
import type { QueueClient } from '@azure/storage-queue';

export interface OperationMix {
  tablePost: number;
  tableGet: number;
  tablePut: number;
  tableDelete: number;
  queuePost: number;
  queueGet: number;
  queueDelete: number;
}

const KINDS: Record<string, keyof OperationMix> = {
  'table POST': 'tablePost', 'table GET': 'tableGet', 'table PUT': 'tablePut', 'table DELETE': 'tableDelete',
  'queue POST': 'queuePost', 'queue GET': 'queueGet', 'queue DELETE': 'queueDelete',
};

/** Per message, how many operations of each kind a phase made (tables and queues merged by kind). */
export function mixOf(perMessage: Record<string, number>): OperationMix {
  const mix: OperationMix = { tablePost: 0, tableGet: 0, tablePut: 0, tableDelete: 0, queuePost: 0, queueGet: 0, queueDelete: 0 };
  for (const [key, rate] of Object.entries(perMessage)) {
    const kind = KINDS[key.split(' ').slice(0, 2).join(' ')];
    if (!kind) throw new Error(`no raw operation for ${key}`);
    mix[kind] += rate;
  }
  return mix;
}

/** How many of a kind message i does so that n messages do round(n * rate) in all, spread evenly. */
const share = (rate: number, i: number): number => Math.floor((i + 1) * rate + 1e-9) - Math.floor(i * rate + 1e-9);

export interface MixCeilingOptions {
  table: TableClient;
  /** The same table through a client the meter does not count: seeds the rows the deletes remove. */
  seedTable: TableClient;
  queue: QueueClient;
  mix: OperationMix;
  messages: number;
  concurrency: number;
  tableBytes: number;
  queueBytes: number;
  /** Keeps each run's rows apart. */
  tag: string;
}

/** Runs `messages` messages' worth of the mix at `concurrency`; returns the operations done per second. */
export async function mixCeiling(o: MixCeilingOptions): Promise<{ opsPerSecond: number; operations: number }> {
  const tablePad = 'x'.repeat(Math.max(0, Math.round(o.tableBytes) - 80));
  const queuePad = 'z'.repeat(Math.max(0, Math.round(o.queueBytes) - 70));
  const deletes = Array.from({ length: o.messages }, (_, i) => share(o.mix.tableDelete, i));
  await inParallel(deletes.flatMap((n, i) => Array.from({ length: n }, (_, k) => `${i}-${k}`)), 16, async (rowKey) => {
    await o.seedTable.createEntity({ partitionKey: `${o.tag}-del`, rowKey, value: tablePad });
  });
  const received: { messageId: string; popReceipt: string }[] = [];
  let deleteDebt = 0;
  let operations = 0;
  const started = performance.now();
  await inParallel(Array.from({ length: o.messages }, (_, i) => i), o.concurrency, async (i) => {
    const partitionKey = `${o.tag}-${i % 50}`;
    let etag = '*';
    for (let k = 0; k < share(o.mix.tablePost, i); k++) {
      const created = await o.table.createEntity({ partitionKey, rowKey: `${i}-${k}`, value: tablePad });
      if (k === 0) etag = created.etag ?? '*';
      operations++;
    }
    for (let k = 0; k < share(o.mix.tableGet, i); k++) {
      await o.table.getEntity(partitionKey, `${i}-0`);
      operations++;
    }
    for (let k = 0; k < share(o.mix.tablePut, i); k++) {
      etag = (await o.table.updateEntity({ partitionKey, rowKey: `${i}-0`, value: tablePad }, 'Replace', { etag })).etag ?? '*';
      operations++;
    }
    for (let k = 0; k < deletes[i]!; k++) {
      await o.table.deleteEntity(`${o.tag}-del`, `${i}-${k}`, { etag: '*' });
      operations++;
    }
    for (let k = 0; k < share(o.mix.queuePost, i); k++) {
      await o.queue.sendMessage(queuePad);
      operations++;
    }
    for (let k = 0; k < share(o.mix.queueGet, i); k++) {
      received.push(...(await o.queue.receiveMessages({ numberOfMessages: 16, visibilityTimeout: 600 })).receivedMessageItems);
      operations++;
    }
    // A delete needs a received message; one that has none yet is done by a later message.
    deleteDebt += share(o.mix.queueDelete, i);
    while (deleteDebt > 0 && received.length > 0) {
      const m = received.shift()!;
      deleteDebt--;
      await o.queue.deleteMessage(m.messageId, m.popReceipt);
      operations++;
    }
  });
  return { opsPerSecond: operations / ((performance.now() - started) / 1000), operations };
}

export async function inParallel<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}
