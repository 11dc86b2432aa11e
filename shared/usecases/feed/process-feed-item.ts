import { appointmentKeyText, type FollowUps } from '../../domain/appointment/appointment';
import { applySchedulingMessage } from '../../domain/appointment/apply-message';
import { feedWorkItemSchema, type FeedWorkItem } from '../../domain/appointment/scheduling-message';
import { DomainError, isDomainError } from '../../domain/errors';
import type { Logger } from '../../observability/logger';
import type { AppointmentStore, VersionedAppointment } from '../../ports/appointment-store';
import type { Clock } from '../../ports/clock';
import type { DueIndex } from '../../ports/due-index';
import { QUEUES } from '../../ports/queue-names';
import type { WorkQueue } from '../../ports/work-queue';
import { recordDeadLetter, type DeadLetterDeps } from './dead-letters';
import type { FeedDirectory } from './feed-directory';

export interface ProcessFeedDeps extends DeadLetterDeps {
  clock: Clock;
  directory: FeedDirectory;
  appointments: AppointmentStore;
  dueIndex: DueIndex;
  workQueue: WorkQueue;
  /** Deliveries before a failing message becomes a dead letter. */
  maxAttempts: number;
}

export type ProcessOutcome = 'applied' | 'duplicate' | 'stale' | 'resumed' | 'dead_lettered';

/** Two workers on one appointment: the loser re-reads and tries again this many times. */
const MAX_CONFLICTS = 8;

/**
 * Applies one queued scheduling message to its appointment, exactly once and in order
 * (see `applySchedulingMessage`). The appointment is written with its follow-ups as an
 * outbox (ETag-conditional), then the follow-ups are carried out and the outbox cleared,
 * so a crash in between is finished by the redelivery. A message that still fails on its
 * last delivery is kept as a dead letter instead of being retried forever.
 */
export async function processFeedItem(deps: ProcessFeedDeps, raw: unknown, attempt: number, log: Logger): Promise<ProcessOutcome> {
  const parsed = feedWorkItemSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('validation', `Not a scheduling work item: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  const item = parsed.data;
  const ids = { baseUrlId: item.baseUrlId, appointmentId: item.message.appointmentId, controlId: item.message.controlId, event: item.message.event };
  try {
    const outcome = await applyItem(deps, item);
    log.info('scheduling message processed', { ...ids, outcome, attempt });
    return outcome;
  } catch (error) {
    if (attempt < deps.maxAttempts) throw error;
    await recordDeadLetter(deps, item, error, attempt);
    log.error('scheduling message kept as a dead letter', { ...ids, attempt, error });
    return 'dead_lettered';
  }
}

async function applyItem(deps: ProcessFeedDeps, item: FeedWorkItem): Promise<ProcessOutcome> {
  const key = { baseUrlId: item.baseUrlId, appointmentId: item.message.appointmentId };
  const sms = await deps.directory.smsSwitches(item.tenantId, item.baseUrlId);
  for (let round = 0; round < MAX_CONFLICTS; round++) {
    const current = await deps.appointments.read(item.geography, key);
    if (current && current.appointment.tenantId !== item.tenantId) {
      throw new DomainError('conflict', 'This base URL id and appointment id belong to another organisation.', { reason: 'APPOINTMENT_TENANT_MISMATCH' });
    }
    const pending = current?.appointment.pendingFollowUps;
    if (current && pending) {
      await finishFollowUps(deps, item, current, pending);
      if (pending.controlId === item.message.controlId) return 'resumed';
      continue;
    }
    const outcome = applySchedulingMessage(current?.appointment, item.message, { tenantId: item.tenantId, baseUrlId: item.baseUrlId, geography: item.geography, sms, now: deps.clock.now() });
    if (outcome.kind === 'duplicate') return 'duplicate';
    let etag: string;
    try {
      etag = current ? await deps.appointments.replace(item.geography, outcome.next, current.etag) : await deps.appointments.create(item.geography, outcome.next);
    } catch (error) {
      if (isDomainError(error) && (error.code === 'conflict' || error.code === 'precondition_failed')) continue;
      throw error;
    }
    if (outcome.kind === 'stale') return 'stale';
    if (outcome.next.pendingFollowUps) await finishFollowUps(deps, item, { appointment: outcome.next, etag }, outcome.followUps);
    return 'applied';
  }
  throw new DomainError('conflict', 'The appointment kept changing while this message was applied.');
}

/**
 * Carries out follow-ups, then clears the outbox; losing that race is fine. Each is idempotent
 * and they touch different rows (removed and added due entries never overlap), so they run at once.
 */
async function finishFollowUps(deps: ProcessFeedDeps, item: FeedWorkItem, stored: VersionedAppointment, followUps: FollowUps): Promise<void> {
  await Promise.all([
    followUps.dueRemove.length > 0 ? deps.dueIndex.remove(item.geography, followUps.dueRemove) : undefined,
    followUps.duePut.length > 0 ? deps.dueIndex.put(item.geography, followUps.duePut) : undefined,
    ...followUps.sms.map((request) =>
      deps.workQueue.send(QUEUES.smsSend, request, { sessionId: appointmentKeyText(request), messageId: request.requestId }),
    ),
  ]);
  const { pendingFollowUps: _done, ...rest } = stored.appointment;
  try {
    await deps.appointments.replace(item.geography, rest, stored.etag);
  } catch (error) {
    if (!(isDomainError(error) && error.code === 'precondition_failed')) throw error;
  }
}
