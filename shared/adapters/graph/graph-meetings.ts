import type { TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { launchError } from '../../domain/launch/launch-errors';
import type { Meeting, MeetingProvider, MeetingRequest } from '../../ports/meeting-provider';

/**
 * Microsoft Graph online meetings over plain REST (there is no Graph SDK in the stack and
 * two calls do not justify one). App-only token for the organiser account named in the
 * settings (with a Teams application access policy that allows it):
 *   POST /users/{organiser}/onlineMeetings/createOrGet  { externalId, subject, start, end }
 * is idempotent on `externalId` (200 when it exists, 201 when created). The lobby is then
 * set, once, so that only the organisation bypasses it: everyone outside waits
 * (`organizationExcludingGuests`, no dial-in bypass). The subject carries no PHI.
 */
export interface GraphMeetingsOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (a loopback stub in tests). */
  baseUrl: string;
  organizerUserId: string;
  credential: TokenCredential;
  timeoutMs: number;
}

const LOBBY = { scope: 'organizationExcludingGuests', isDialInBypassEnabled: false } as const;

const meetingSchema = z
  .object({
    id: z.string().min(1),
    joinWebUrl: z.string().url(),
    lobbyBypassSettings: z.object({ scope: z.string().optional(), isDialInBypassEnabled: z.boolean().optional() }).loose().nullish(),
  })
  .loose();

export class GraphMeetings implements MeetingProvider {
  constructor(private readonly options: GraphMeetingsOptions) {}

  async createOrGet(request: MeetingRequest): Promise<Meeting> {
    const base = `${this.options.baseUrl}/users/${encodeURIComponent(this.options.organizerUserId)}/onlineMeetings`;
    const body = {
      externalId: request.externalId,
      subject: request.subject,
      ...(request.startsAt ? { startDateTime: request.startsAt.toISOString() } : {}),
      ...(request.endsAt ? { endDateTime: request.endsAt.toISOString() } : {}),
    };
    const meeting = meetingSchema.safeParse(await this.call('POST', `${base}/createOrGet`, body));
    if (!meeting.success) throw launchError('MEETING_UNAVAILABLE', 'The meeting service answered without a meeting id or join URL.');
    const lobby = meeting.data.lobbyBypassSettings;
    if (lobby?.scope !== LOBBY.scope || lobby.isDialInBypassEnabled !== LOBBY.isDialInBypassEnabled) {
      await this.call('PATCH', `${base}/${encodeURIComponent(meeting.data.id)}`, { lobbyBypassSettings: LOBBY });
    }
    return { meetingId: meeting.data.id, organizerJoinUrl: meeting.data.joinWebUrl, attendeeJoinUrl: meeting.data.joinWebUrl };
  }

  private async call(method: 'POST' | 'PATCH', url: string, body: object): Promise<unknown> {
    const token = await this.options.credential.getToken('https://graph.microsoft.com/.default');
    if (!token) throw launchError('MEETING_UNAVAILABLE', 'No token for Microsoft Graph.');
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { Authorization: `Bearer ${token.token}`, 'Content-Type': 'application/json', Accept: 'application/json', Prefer: 'include-unknown-enum-members' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw launchError('MEETING_UNAVAILABLE', 'The meeting service did not answer in time.', error);
    }
    const text = await response.text();
    if (!response.ok) throw launchError('MEETING_UNAVAILABLE', `The meeting service answered HTTP ${response.status} to ${method === 'POST' ? 'createOrGet' : 'the lobby settings'}.`);
    if (text === '') return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw launchError('MEETING_UNAVAILABLE', 'The meeting service answered something that is not JSON.');
    }
  }
}
