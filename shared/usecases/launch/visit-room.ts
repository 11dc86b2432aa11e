import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { Clock } from '../../ports/clock';
import type { RoomParticipant, VisitRooms } from '../../ports/meeting-provider';

/**
 * The local visit rooms' lobby (only when MEETING_PROVIDER=local): the patient joins and
 * waits, the organiser lists who waits and admits them. Ids are checked before any read.
 */
export interface VisitRoomDeps {
  clock: Clock;
  visitRooms: VisitRooms | undefined;
}

const meetingId = z.string().regex(/^vv1-[A-Za-z0-9_-]{43}$/, 'is not a visit room id');
const participantId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'is not a participant id');
const hostKey = z.string().regex(/^[A-Za-z0-9_-]{32}$/, 'is not a host key');

function rooms(deps: VisitRoomDeps): VisitRooms {
  if (!deps.visitRooms) throw new DomainError('not_found', 'Local visit rooms are not enabled in this deployment.');
  return deps.visitRooms;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DomainError('validation', `The ${field} is not valid.`, { fields: [{ field, message: parsed.error.issues[0]?.message ?? 'is not valid' }] });
  return parsed.data;
}

export const checkRoomId = (value: unknown): string => parse(meetingId, value, 'meetingId');
export const checkHostKey = (value: unknown): string => parse(hostKey, value, 'key');

export async function joinLobby(deps: VisitRoomDeps, input: { meetingId: unknown }): Promise<RoomParticipant> {
  return rooms(deps).joinLobby(parse(meetingId, input.meetingId, 'meetingId'), deps.clock.now());
}

export async function lobbyStatus(deps: VisitRoomDeps, input: { meetingId: unknown; participantId: unknown }): Promise<RoomParticipant> {
  return rooms(deps).participant(parse(meetingId, input.meetingId, 'meetingId'), parse(participantId, input.participantId, 'participantId'));
}

export async function listLobby(deps: VisitRoomDeps, input: { meetingId: unknown; key: unknown }): Promise<RoomParticipant[]> {
  return rooms(deps).participants(parse(meetingId, input.meetingId, 'meetingId'), parse(hostKey, input.key, 'key'));
}

export async function admitFromLobby(deps: VisitRoomDeps, input: { meetingId: unknown; participantId: unknown; key: unknown }): Promise<RoomParticipant> {
  return rooms(deps).admit(parse(meetingId, input.meetingId, 'meetingId'), parse(participantId, input.participantId, 'participantId'), parse(hostKey, input.key, 'key'), deps.clock.now());
}
