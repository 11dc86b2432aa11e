/**
 * The meeting service (Microsoft Graph online meetings in Azure, local visit rooms on a laptop).
 * `createOrGet` is idempotent on `externalId`: called any number of times, concurrently,
 * for one visit it returns one meeting.
 */
export interface MeetingRequest {
  externalId: string;
  /** Free of personal data (see MEETING_SUBJECT). */
  subject: string;
  startsAt?: Date;
  endsAt?: Date;
}

export interface Meeting {
  meetingId: string;
  /** Where the clinician joins as organiser. */
  organizerJoinUrl: string;
  /** Where the patient joins in the browser: no account, no install; they wait in the lobby. */
  attendeeJoinUrl: string;
}

export interface MeetingProvider {
  createOrGet(request: MeetingRequest): Promise<Meeting>;
}

/**
 * The local stand-in for the meeting service's lobby (development and tests only): the
 * patient waits until the organiser admits them. Participants are anonymous ("Guest 1").
 */
export type ParticipantState = 'waiting' | 'admitted';

export interface RoomParticipant {
  participantId: string;
  state: ParticipantState;
  joinedAt: string;
  admittedAt?: string;
}

export interface VisitRooms {
  /** A new participant waiting in the lobby; `not_found` when the room does not exist. */
  joinLobby(meetingId: string, at: Date): Promise<RoomParticipant>;
  participant(meetingId: string, participantId: string): Promise<RoomParticipant>;
  /** Everyone in the room, for the organiser (`hostKey` from the organiser's join URL). */
  participants(meetingId: string, hostKey: string): Promise<RoomParticipant[]>;
  admit(meetingId: string, participantId: string, hostKey: string, at: Date): Promise<RoomParticipant>;
}
