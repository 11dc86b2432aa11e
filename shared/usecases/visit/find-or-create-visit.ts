import { DomainError } from '../../domain/errors';
import { meetingExternalId, MEETING_SUBJECT } from '../../domain/launch/external-id';
import { visitKeyText, type VisitKey } from '../../domain/launch/visit-context';
import type { Clock } from '../../ports/clock';
import type { MeetingProvider } from '../../ports/meeting-provider';
import type { ClaimedVisit, Visit, VisitStore } from '../../ports/visit-store';

/**
 * The one way into a visit, for the EHR launch and the SMS join link alike: find the visit one
 * of the appointment's names already leads to, or create it, then make its meeting once.
 *
 * - Appointment visits: the first of `names` (most certain first) that leads to a visit decides.
 *   None does: the visit key and all names are claimed in one all-or-nothing write, so of two
 *   first uses at once (a launch and a join link sharing the CSN) exactly one claim wins and the
 *   other follows the shared name to it. A visit stored before names existed is found by its key.
 * - Conference visits (group visits): the conference key decides; the appointment's names are
 *   only lent to it where they are still free, so a later join link of that appointment lands
 *   in the group.
 * The meeting is made after the claim, keyed by the winning visit key (`createOrGet` on its
 * external id), so every caller gets the same meeting and a stopped caller is finished by the next.
 */
export interface VisitDeps {
  clock: Clock;
  visits: VisitStore;
  meetings: MeetingProvider;
}

export interface VisitRequest {
  tenantId: string;
  baseUrlId: string;
  /** The key a new visit gets (see visitKeyText). */
  key: VisitKey;
  /** The appointment's names (see visit-names.ts), most certain first. */
  names: readonly string[];
  startsAt?: Date;
  endsAt?: Date;
}

/** Concurrent first uses settle in one or two rounds; more means storage keeps changing under us. */
const MAX_ROUNDS = 8;

export async function findOrCreateVisit(deps: VisitDeps, request: VisitRequest): Promise<Visit> {
  const claimed = await claimVisit(deps, request);
  return claimed.visit ?? (await recordMeeting(deps, claimed, request));
}

async function claimVisit(deps: VisitDeps, request: VisitRequest): Promise<ClaimedVisit> {
  const { tenantId, baseUrlId, names } = request;
  const own = visitKeyText(request.key);
  const byAppointment = request.key.kind === 'appointment';
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const at = deps.clock.now().toISOString();
    const led = await deps.visits.findNames(tenantId, baseUrlId, names);
    const free = names.filter((n) => !led.has(n));
    const target = byAppointment ? names.map((n) => led.get(n)).find((k) => k !== undefined) : undefined;
    const found = (target ? await deps.visits.find(tenantId, baseUrlId, target) : undefined) ?? (await deps.visits.find(tenantId, baseUrlId, own));
    if (found) {
      if (free.length > 0) await deps.visits.addNames(tenantId, baseUrlId, found.visitKey, free, at);
      return found;
    }
    if (await deps.visits.claim({ tenantId, baseUrlId, visitKey: own, names: byAppointment ? names : [], createdAt: at })) {
      if (!byAppointment && free.length > 0) await deps.visits.addNames(tenantId, baseUrlId, own, free, at);
      const claimed = await deps.visits.find(tenantId, baseUrlId, own);
      if (claimed) return claimed;
    }
  }
  throw new DomainError('conflict', 'The visit kept changing while it was being opened; please try again.', { reason: 'VISIT_BUSY' });
}

async function recordMeeting(deps: VisitDeps, claimed: ClaimedVisit, request: VisitRequest): Promise<Visit> {
  const externalId = meetingExternalId(claimed.tenantId, claimed.baseUrlId, claimed.visitKey);
  const meeting = await deps.meetings.createOrGet({
    externalId,
    subject: MEETING_SUBJECT,
    ...(request.startsAt ? { startsAt: request.startsAt } : {}),
    ...(request.endsAt ? { endsAt: request.endsAt } : {}),
  });
  let current: ClaimedVisit | undefined = claimed;
  for (let round = 0; round < MAX_ROUNDS && current; round++) {
    if (current.visit) return current.visit;
    const recorded = await deps.visits.recordMeeting(current, { meetingId: meeting.meetingId, externalId, organizerJoinUrl: meeting.organizerJoinUrl, attendeeJoinUrl: meeting.attendeeJoinUrl });
    if (recorded) return recorded;
    current = await deps.visits.find(claimed.tenantId, claimed.baseUrlId, claimed.visitKey);
  }
  throw new DomainError('conflict', 'The visit kept changing while its meeting was recorded; please try again.', { reason: 'VISIT_BUSY' });
}
