import { createHash } from 'node:crypto';
import { appointmentKeyText } from '../../domain/appointment/appointment';
import type { FeedWorkItem } from '../../domain/appointment/scheduling-message';
import type { Geography } from '../../domain/appointment/geography';
import { requireAdmin, requireReader, type AdminPrincipal } from '../../domain/config/access';
import { DomainError, isDomainError } from '../../domain/errors';
import { maskPhone } from '../../domain/phone';
import type { Clock } from '../../ports/clock';
import type { DeadLetter, DeadLetters } from '../../ports/dead-letters';
import { QUEUES } from '../../ports/queue-names';
import type { WorkQueue } from '../../ports/work-queue';

export interface DeadLetterDeps {
  clock: Clock;
  deadLetters: DeadLetters;
}

/** One id per message: base URL + appointment + control id. */
export const deadLetterId = (item: FeedWorkItem): string =>
  createHash('sha256').update(`${item.baseUrlId}\n${item.message.appointmentId}\n${item.message.controlId}`).digest('hex').slice(0, 32);

export async function recordDeadLetter(deps: DeadLetterDeps, item: FeedWorkItem, error: unknown, attempts: number): Promise<void> {
  await deps.deadLetters.put(item.geography, {
    id: deadLetterId(item),
    tenantId: item.tenantId,
    item,
    reason: reasonOf(error),
    attempts,
    failedAt: deps.clock.now().toISOString(),
  });
}

/** What an admin sees of a dead letter: ids, times, the reason; the mobile only masked. */
export interface DeadLetterView {
  id: string;
  baseUrlId: string;
  appointmentId: string;
  event: string;
  controlId: string;
  messageTime: string;
  startsAt?: string;
  mobile?: string;
  reason: string;
  attempts: number;
  failedAt: string;
}

export interface DeadLetterAdminDeps extends DeadLetterDeps {
  workQueue: WorkQueue;
  geographyOf(tenantId: string): Promise<Geography | undefined>;
}

export async function listDeadLetters(deps: DeadLetterAdminDeps, principal: AdminPrincipal, tenantId: string): Promise<DeadLetterView[]> {
  requireReader(principal, tenantId);
  const geography = await geographyOrFail(deps, tenantId);
  return (await deps.deadLetters.list(geography, tenantId.toLowerCase(), 500)).map(view);
}

/** Queues the message again (it is applied exactly once like any other), then forgets the dead letter. */
export async function replayDeadLetter(deps: DeadLetterAdminDeps, principal: AdminPrincipal, tenantId: string, id: string): Promise<DeadLetterView> {
  requireAdmin(principal, tenantId);
  const geography = await geographyOrFail(deps, tenantId);
  const found = await deps.deadLetters.get(geography, tenantId.toLowerCase(), id);
  if (!found) throw new DomainError('not_found', 'There is no dead letter with this id.', { reason: 'DEAD_LETTER_NOT_FOUND' });
  const { item } = found.letter;
  await deps.workQueue.send(QUEUES.hl7Process, item, { sessionId: appointmentKeyText({ baseUrlId: item.baseUrlId, appointmentId: item.message.appointmentId }), messageId: `${item.baseUrlId}:${item.message.controlId}:replay:${found.etag}` });
  await deps.deadLetters.remove(geography, tenantId.toLowerCase(), id, found.etag);
  return view(found.letter);
}

async function geographyOrFail(deps: DeadLetterAdminDeps, tenantId: string): Promise<Geography> {
  const geography = await deps.geographyOf(tenantId.toLowerCase());
  if (!geography) throw new DomainError('not_found', 'This organisation is not configured.', { reason: 'TENANT_CONFIG_NOT_FOUND' });
  return geography;
}

function view(letter: DeadLetter): DeadLetterView {
  const m = letter.item.message;
  return {
    id: letter.id, baseUrlId: letter.item.baseUrlId, appointmentId: m.appointmentId, event: m.event, controlId: m.controlId, messageTime: m.messageTime,
    ...(m.startsAt ? { startsAt: m.startsAt } : {}),
    ...(m.mobile ? { mobile: maskPhone(m.mobile) } : {}),
    reason: letter.reason, attempts: letter.attempts, failedAt: letter.failedAt,
  };
}

/** A reason an admin can read, never personal data: domain messages as written, other errors by kind. */
function reasonOf(error: unknown): string {
  if (isDomainError(error)) return error.message;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const name = error instanceof Error ? error.name : 'Error';
  return typeof status === 'number' ? `${name}: storage answered HTTP ${status}` : `${name}: the message could not be applied`;
}
