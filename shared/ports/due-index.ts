import type { DueActionKind, DueEntry } from '../domain/appointment/due-entry';
import type { Geography } from '../domain/appointment/geography';

/** A due entry as read, with what is needed to take it conditionally. */
export interface ListedDueEntry {
  entry: DueEntry;
  etag: string;
}

/** A due entry this worker holds until `claimedUntil`; `complete` removes it. */
export interface ClaimedDueEntry extends ListedDueEntry {
  claimedUntil: string;
}

/**
 * The due index per geography (table `due`: PartitionKey minute bucket `yyyyMMddHHmm`,
 * RowKey base URL id + appointment id + action). Ticks read only buckets up to now;
 * entries leave the index when their work is done, so what remains is what is due.
 *
 * Workers take an entry with `claim` (a lease, conditional on the ETag: of two workers
 * one wins), do the work, then `complete` it. A worker that dies leaves the lease to
 * expire and the entry is listed again: at-least-once, so the work must be idempotent.
 */
export interface DueIndex {
  /** Adds or overwrites entries (idempotent). */
  put(geography: Geography, entries: readonly DueEntry[]): Promise<void>;
  /** Removes entries; missing ones are fine. */
  remove(geography: Geography, entries: readonly DueEntry[]): Promise<void>;
  /** Entries due at or before `now` whose lease (if any) has expired, oldest first, at most `limit`. */
  listDue(geography: Geography, now: Date, options?: { action?: DueActionKind; limit?: number }): Promise<ListedDueEntry[]>;
  /** Takes the entry for `leaseSeconds`; undefined when another worker took it first or it is gone. */
  claim(geography: Geography, listed: ListedDueEntry, now: Date, leaseSeconds: number): Promise<ClaimedDueEntry | undefined>;
  /** Removes a claimed entry (conditional on the claim); a lost claim is not an error. */
  complete(geography: Geography, claimed: ClaimedDueEntry): Promise<void>;
}
