import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { Meeting, MeetingProvider, MeetingRequest, RoomParticipant, VisitRooms } from '../../ports/meeting-provider';
import { tableClient, tableStatus } from '../tables/table-client';
import { TABLES } from '../tables/table-names';

/**
 * Local visit rooms served by the local host: the meeting provider for development and
 * tests. One table, PartitionKey = meeting id (= the external id, so `createOrGet` is an
 * insert that loses gracefully to a concurrent one), RowKey `room` or `p:{participant}`.
 * The organiser's join URL carries a random host key; the patient's does not.
 */
const ROOM = 'room';
const roomSchema = z.object({ hostKey: z.string(), createdAt: z.string() });
const participantSchema = z.object({ state: z.enum(['waiting', 'admitted']), joinedAt: z.string(), admittedAt: z.string().optional(), etag: z.string() });
const MEETING_ID = /^vv1-[A-Za-z0-9_-]{43}$/;
const PARTICIPANT_ID = /^[A-Za-z0-9_-]{22}$/;

export class LocalVisitRooms implements MeetingProvider, VisitRooms {
  private readonly client: TableClient;

  constructor(connection: string, private readonly publicBaseUrl: string, private readonly now: () => Date, table: string = TABLES.visitRooms) {
    this.client = tableClient(connection, table);
  }

  async createOrGet(request: MeetingRequest): Promise<Meeting> {
    const meetingId = request.externalId;
    if (!MEETING_ID.test(meetingId)) throw new DomainError('validation', 'The meeting external id is not valid.');
    try {
      await this.client.createEntity({ partitionKey: meetingId, rowKey: ROOM, hostKey: randomBytes(24).toString('base64url'), createdAt: this.now().toISOString() });
    } catch (error) {
      if (tableStatus(error) !== 409) throw error;
    }
    const room = await this.room(meetingId);
    const base = `${this.publicBaseUrl}/api/visits/${meetingId}`;
    return { meetingId, organizerJoinUrl: `${base}/host?key=${room.hostKey}`, attendeeJoinUrl: `${base}/lobby` };
  }

  async joinLobby(meetingId: string, at: Date): Promise<RoomParticipant> {
    await this.room(meetingId);
    const participantId = randomBytes(16).toString('base64url');
    const joinedAt = at.toISOString();
    await this.client.createEntity({ partitionKey: meetingId, rowKey: `p:${participantId}`, state: 'waiting', joinedAt });
    return { participantId, state: 'waiting', joinedAt };
  }

  async participant(meetingId: string, participantId: string): Promise<RoomParticipant> {
    const found = PARTICIPANT_ID.test(participantId) && MEETING_ID.test(meetingId) ? await this.readParticipant(meetingId, participantId) : undefined;
    if (!found) throw new DomainError('not_found', 'This place in the lobby does not exist. Open the visit link again.');
    return found.participant;
  }

  async participants(meetingId: string, hostKey: string): Promise<RoomParticipant[]> {
    await this.checkHost(meetingId, hostKey);
    const out: RoomParticipant[] = [];
    const rows = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${meetingId}' and RowKey ge 'p:' and RowKey lt 'p;'` } });
    for await (const row of rows) out.push(toParticipant(String(row.rowKey).slice(2), row).participant);
    return out.sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
  }

  async admit(meetingId: string, participantId: string, hostKey: string, at: Date): Promise<RoomParticipant> {
    await this.checkHost(meetingId, hostKey);
    for (;;) {
      const found = PARTICIPANT_ID.test(participantId) ? await this.readParticipant(meetingId, participantId) : undefined;
      if (!found) throw new DomainError('not_found', 'This participant is no longer in the lobby.');
      if (found.participant.state === 'admitted') return found.participant;
      const admittedAt = at.toISOString();
      try {
        await this.client.updateEntity({ partitionKey: meetingId, rowKey: `p:${participantId}`, state: 'admitted', admittedAt }, 'Merge', { etag: found.etag });
        return { ...found.participant, state: 'admitted', admittedAt };
      } catch (error) {
        if (tableStatus(error) !== 412) throw error;
      }
    }
  }

  private async room(meetingId: string): Promise<z.infer<typeof roomSchema>> {
    try {
      if (!MEETING_ID.test(meetingId)) throw Object.assign(new Error('bad id'), { statusCode: 404 });
      return roomSchema.parse(await this.client.getEntity(meetingId, ROOM));
    } catch (error) {
      if (tableStatus(error) === 404) throw new DomainError('not_found', 'This visit room does not exist. Start the visit again from the EHR.');
      throw error;
    }
  }

  private async checkHost(meetingId: string, hostKey: string): Promise<void> {
    const room = await this.room(meetingId);
    const given = Buffer.from(hostKey);
    const expected = Buffer.from(room.hostKey);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new DomainError('forbidden', 'Only the clinician who started the visit can see and admit the lobby.');
  }

  private async readParticipant(meetingId: string, participantId: string): Promise<{ participant: RoomParticipant; etag: string } | undefined> {
    try {
      return toParticipant(participantId, await this.client.getEntity<Record<string, unknown>>(meetingId, `p:${participantId}`));
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw error;
    }
  }
}

function toParticipant(participantId: string, row: Record<string, unknown>): { participant: RoomParticipant; etag: string } {
  const p = participantSchema.parse(row);
  return { participant: { participantId, state: p.state, joinedAt: p.joinedAt, ...(p.admittedAt ? { admittedAt: p.admittedAt } : {}) }, etag: p.etag };
}
