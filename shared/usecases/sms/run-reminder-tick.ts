import { appointmentKeyText } from '../../domain/appointment/appointment';
import type { DueEntry } from '../../domain/appointment/due-entry';
import type { Geography } from '../../domain/appointment/geography';
import type { SmsRequest } from '../../domain/sms-request';
import type { Logger } from '../../observability/logger';
import type { Clock } from '../../ports/clock';
import type { ClaimedDueEntry, DueIndex, ListedDueEntry } from '../../ports/due-index';
import { QUEUES } from '../../ports/queue-names';
import type { WorkQueue } from '../../ports/work-queue';

export interface ReminderTickDeps {
  clock: Clock;
  dueIndex: DueIndex;
  workQueue: WorkQueue;
  /** One geography per distinct storage account (locally all geographies share one). */
  tickGeographies: readonly Geography[];
}

export interface ReminderTickResult {
  listed: number;
  claimed: number;
  enqueued: number;
  /** Entries another host took first. */
  lostClaims: number;
}

/** How long a claim holds an entry: if this host dies, another tick takes the entry after it. */
export const CLAIM_LEASE_SECONDS = 120;
const PAGE = 200;
const IN_FLIGHT = 16;
/** A tick stops taking more work after this long; the next tick goes on (nothing is skipped). */
const TICK_BUDGET_MS = 45_000;

/**
 * One run of the reminder timer. The due index holds only outstanding work (entries leave it
 * when done), so reading "everything due up to now" is the cursor: after downtime the
 * missed buckets are read too (catch-up), and a bucket whose worker died is read again once
 * its lease expires. Each entry is claimed with a conditional write, so of two hosts ticking
 * at once only one enqueues it; the send function then applies the send-time rules
 * (including the catch-up rule) and sends each request id at most once.
 */
export async function runReminderTick(deps: ReminderTickDeps, log: Logger): Promise<ReminderTickResult> {
  const started = deps.clock.now().getTime();
  const total: ReminderTickResult = { listed: 0, claimed: 0, enqueued: 0, lostClaims: 0 };
  for (const geography of deps.tickGeographies) {
    for (;;) {
      const now = deps.clock.now();
      const listed = await deps.dueIndex.listDue(geography, now, { action: 'reminder', limit: PAGE });
      total.listed += listed.length;
      const before = total.claimed;
      await inBatches(listed, IN_FLIGHT, (item) => takeOne(deps, geography, item, now, total));
      if (listed.length < PAGE || total.claimed === before || deps.clock.now().getTime() - started > TICK_BUDGET_MS) break;
    }
  }
  if (total.listed > 0) log.info('reminder tick', { ...total });
  return total;
}

async function takeOne(deps: ReminderTickDeps, geography: Geography, item: ListedDueEntry, now: Date, total: ReminderTickResult): Promise<void> {
  const claimed: ClaimedDueEntry | undefined = await deps.dueIndex.claim(geography, item, now, CLAIM_LEASE_SECONDS);
  if (!claimed) {
    total.lostClaims += 1;
    return;
  }
  total.claimed += 1;
  const request = reminderRequest(claimed.entry, geography);
  if (request) {
    await deps.workQueue.send(QUEUES.smsSend, request, { sessionId: appointmentKeyText(request), messageId: request.requestId });
    total.enqueued += 1;
  }
  await deps.dueIndex.complete(geography, claimed);
}

/** The reminder's request id is the same for the same reminder of the same visit start: redeliveries dedupe. */
export function reminderRequest(entry: DueEntry, geography: Geography): SmsRequest | undefined {
  if (entry.action.kind !== 'reminder') return undefined;
  return {
    type: 'reminder',
    tenantId: entry.tenantId,
    baseUrlId: entry.baseUrlId,
    appointmentId: entry.appointmentId,
    geography,
    appointmentStart: entry.appointmentStart,
    requestId: `reminder:${entry.baseUrlId}:${entry.appointmentId}:${entry.action.minutesBefore}:${entry.appointmentStart}`,
    minutesBefore: entry.action.minutesBefore,
  };
}

async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
