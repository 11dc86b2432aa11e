import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { applyOptOutChange } from '../../domain/sms/opt-out';
import type { OptOutRecord, OptOuts } from '../../ports/opt-outs';
import { conditional, readEntity, safeKey } from './sms-table-support';
import { tableClient } from './table-client';
import { TABLES } from './table-names';

/**
 * Opt-outs on Table Storage: PartitionKey the sending number (digits only), RowKey the
 * recipient's keyed hash. Changes are conditional (insert-if-absent / If-Match) and only a
 * newer reply wins, so concurrent and replayed events cannot flip the state back.
 */
const entitySchema = z.object({ optedOut: z.boolean(), changedAt: z.string() });

const partitionOf = (sendingNumber: string): string => safeKey(sendingNumber.replace(/\D/g, ''));

export class TableOptOuts implements OptOuts {
  constructor(private readonly client: TableClient) {}

  static fromConnection(connection: string, table: string = TABLES.smsOptOuts): TableOptOuts {
    return new TableOptOuts(tableClient(connection, table));
  }

  async isOptedOut(sendingNumber: string, recipientHash: string): Promise<boolean> {
    return (await this.get(sendingNumber, recipientHash))?.optedOut ?? false;
  }

  async get(sendingNumber: string, recipientHash: string): Promise<OptOutRecord | undefined> {
    const raw = await readEntity(this.client, partitionOf(sendingNumber), safeKey(recipientHash));
    if (!raw) return undefined;
    const e = entitySchema.parse(raw);
    return { sendingNumber, recipientHash, optedOut: e.optedOut, changedAt: e.changedAt };
  }

  async apply(change: OptOutRecord): Promise<boolean> {
    const partitionKey = partitionOf(change.sendingNumber);
    const rowKey = safeKey(change.recipientHash);
    const entity = { partitionKey, rowKey, optedOut: change.optedOut, changedAt: change.changedAt };
    for (let attempt = 0; attempt < 5; attempt++) {
      const raw = await readEntity(this.client, partitionKey, rowKey);
      const current = raw ? entitySchema.parse(raw) : undefined;
      const next = applyOptOutChange(
        current ? { optedOut: current.optedOut, changedAt: new Date(current.changedAt) } : undefined,
        { optedOut: change.optedOut, changedAt: new Date(change.changedAt) },
      );
      if (!next) return false;
      const written = raw
        ? await conditional(() => this.client.updateEntity(entity, 'Replace', { etag: raw.etag }))
        : await conditional(() => this.client.createEntity(entity));
      if (written) return true;
    }
    throw new Error('Opt-out change kept colliding with concurrent changes');
  }
}
