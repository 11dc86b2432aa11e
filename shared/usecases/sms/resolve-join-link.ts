import { JOIN_TOKEN_PATTERN, joinLinkState, type JoinLinkState } from '../../domain/sms/join-link';
import type { Logger } from '../../observability/logger';
import type { Clock } from '../../ports/clock';
import type { JoinLinks, SmsAppointments, VisitLobby } from './sms-sources';

export interface JoinLinkDeps {
  clock: Clock;
  joinLinks: JoinLinks;
  smsAppointments: SmsAppointments;
  visitLobby: VisitLobby;
  joinWindowMinutes: number;
}

export type JoinLinkResult = { kind: 'lobby'; url: string } | { kind: 'closed'; state: Exclude<JoinLinkState, 'open'> };

/**
 * `/api/v/{token}`: the patient's way into the visit lobby. The link works from the moment it
 * is texted until the visit window closes, and stops at once when the visit is cancelled.
 * An unknown, malformed or closed link gets the same kind of answer: nothing is revealed.
 */
export async function resolveJoinLink(deps: JoinLinkDeps, token: string, log: Logger): Promise<JoinLinkResult> {
  if (!JOIN_TOKEN_PATTERN.test(token)) return { kind: 'closed', state: 'unknown' };
  const link = await deps.joinLinks.find(token);
  if (!link) return { kind: 'closed', state: 'unknown' };
  const appointment = await deps.smsAppointments.read(link.geography, link);
  const startsAt = appointment?.startsAt ? new Date(appointment.startsAt) : undefined;
  const state = joinLinkState({
    found: appointment !== undefined,
    ...(appointment ? { status: appointment.status } : {}),
    ...(startsAt ? { startsAt } : {}),
    windowMinutes: deps.joinWindowMinutes,
    now: deps.clock.now(),
  });
  if (state !== 'open' || !startsAt) {
    log.info('join link closed', { state: state === 'open' ? 'unknown' : state });
    return { kind: 'closed', state: state === 'open' ? 'unknown' : state };
  }
  const endsAt = appointment?.endsAt ? new Date(appointment.endsAt) : undefined;
  const ref = { tenantId: link.tenantId, baseUrlId: link.baseUrlId, appointmentId: link.appointmentId };
  const ids = { ...(appointment?.placerId ? { placerId: appointment.placerId } : {}), ...(appointment?.fillerId ? { fillerId: appointment.fillerId } : {}) };
  const url = await deps.visitLobby.attendeeJoinUrl({ ...ref, ...ids }, { startsAt, ...(endsAt ? { endsAt } : {}) });
  log.info('join link opened');
  return { kind: 'lobby', url };
}
