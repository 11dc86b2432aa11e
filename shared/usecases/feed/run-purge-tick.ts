import type { Geography } from '../../domain/appointment/geography';
import { isDomainError } from '../../domain/errors';
import type { Logger } from '../../observability/logger';
import type { AppointmentStore } from '../../ports/appointment-store';
import type { ApprovalSessionStore } from '../../ports/approver-sign-in';
import type { Clock } from '../../ports/clock';
import type { DeadLetters } from '../../ports/dead-letters';
import type { DueIndex, ListedDueEntry } from '../../ports/due-index';
import type { FeedTokenIds } from '../../ports/feed-token-ids';

export interface PurgeTickDeps {
  clock: Clock;
  appointments: AppointmentStore;
  dueIndex: DueIndex;
  tokenIds: FeedTokenIds;
  deadLetters: DeadLetters;
  /** The approvers' EHR sign-ins (config table): expired ones are deleted, abandoned ones included. */
  approvalSignIns: Pick<ApprovalSessionStore, 'forgetExpired'>;
  /** One geography per distinct storage account (geographies sharing one are read once). */
  geographies: readonly Geography[];
}

export interface PurgeTickResult {
  purged: number;
  skipped: number;
  forgottenTokenIds: number;
  forgottenSignIns: number;
}

const PAGE = 200;
const LEASE_SECONDS = 120;

/**
 * Deletes the phone number of every appointment whose purge is due (the visit started, or
 * a cancellation notice window ended), reading only due entries; status and times stay for
 * reports. Dead letters of visits that have started lose their mobile too (a replay then
 * applies without one). Also forgets feed token ids that expired over an hour ago, and the
 * approvers' EHR sign-ins that expired (used ones are deleted by the approval itself).
 */
export async function runPurgeTick(deps: PurgeTickDeps, log: Logger): Promise<PurgeTickResult> {
  const result: PurgeTickResult = { purged: 0, skipped: 0, forgottenTokenIds: 0, forgottenSignIns: 0 };
  const now = deps.clock.now();
  for (const geography of deps.geographies) {
    for (;;) {
      const listed = await deps.dueIndex.listDue(geography, now, { action: 'purge', limit: PAGE });
      for (const item of listed) await purgeOne(deps, geography, item, now, result);
      if (listed.length < PAGE) break;
    }
    result.purged += await purgeDeadLetters(deps, geography, now);
  }
  result.forgottenTokenIds = await deps.tokenIds.forgetExpired(new Date(now.getTime() - 3600_000));
  result.forgottenSignIns = await deps.approvalSignIns.forgetExpired(now);
  if (result.purged + result.skipped + result.forgottenSignIns > 0) log.info('purge tick', { ...result });
  return result;
}

async function purgeOne(deps: PurgeTickDeps, geography: Geography, listed: ListedDueEntry, now: Date, result: PurgeTickResult): Promise<void> {
  const claimed = await deps.dueIndex.claim(geography, listed, now, LEASE_SECONDS);
  if (!claimed) return;
  const key = { baseUrlId: claimed.entry.baseUrlId, appointmentId: claimed.entry.appointmentId };
  for (let round = 0; round < 5; round++) {
    const current = await deps.appointments.read(geography, key);
    const appointment = current?.appointment;
    const visitAhead = appointment?.status === 'booked' && appointment.startsAt !== undefined && Date.parse(appointment.startsAt) > now.getTime();
    if (!current || !appointment?.mobile || visitAhead) {
      result.skipped++;
      break;
    }
    const { mobile: _purged, ...rest } = appointment;
    try {
      await deps.appointments.replace(geography, { ...rest, mobilePurgedAt: now.toISOString(), updatedAt: now.toISOString() }, current.etag);
      result.purged++;
      break;
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'precondition_failed')) throw error;
    }
  }
  await deps.dueIndex.complete(geography, claimed);
}

async function purgeDeadLetters(deps: PurgeTickDeps, geography: Geography, now: Date): Promise<number> {
  let purged = 0;
  for (const { letter, etag } of await deps.deadLetters.listWithMobile(geography, 1000)) {
    const { startsAt, mobile: _purged, ...message } = letter.item.message;
    if (startsAt && Date.parse(startsAt) > now.getTime()) continue;
    try {
      await deps.deadLetters.replace(geography, { ...letter, item: { ...letter.item, message: { ...message, ...(startsAt ? { startsAt } : {}) } } }, etag);
      purged++;
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'precondition_failed')) throw error;
    }
  }
  return purged;
}
