import type { Geography } from '../domain/appointment/geography';
import type { FeedWorkItem } from '../domain/appointment/scheduling-message';

/** A scheduling message that could not be applied after every retry, kept with its reason. */
export interface DeadLetter {
  /** Stable for one message (base URL + appointment + control id): failing again replaces it. */
  id: string;
  tenantId: string;
  item: FeedWorkItem;
  /** Why it failed, for the admin (no personal data). */
  reason: string;
  attempts: number;
  failedAt: string;
}

/**
 * Dead letters per geography (table `hl7deadletters`: PartitionKey tenant id, RowKey id),
 * next to the appointments they belong to, because they hold the same phone numbers.
 */
export interface DeadLetters {
  /** Stores (or replaces) a dead letter. */
  put(geography: Geography, letter: DeadLetter): Promise<void>;
  list(geography: Geography, tenantId: string, limit: number): Promise<DeadLetter[]>;
  /** Dead letters of every tenant that still hold a mobile (for the purge; there are few). */
  listWithMobile(geography: Geography, limit: number): Promise<{ letter: DeadLetter; etag: string }[]>;
  /** Replaces a dead letter if unchanged since read; `precondition_failed` otherwise. */
  replace(geography: Geography, letter: DeadLetter, etag: string): Promise<void>;
  get(geography: Geography, tenantId: string, id: string): Promise<{ letter: DeadLetter; etag: string } | undefined>;
  /** Conditional on the ETag read; `precondition_failed` when it changed, `not_found` when gone. */
  remove(geography: Geography, tenantId: string, id: string, etag: string): Promise<void>;
}
