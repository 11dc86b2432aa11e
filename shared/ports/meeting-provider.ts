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
