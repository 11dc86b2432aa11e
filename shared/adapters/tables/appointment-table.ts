import { z } from 'zod';
import { APPOINTMENT_STATUSES, type Appointment, type AppointmentKey } from '../../domain/appointment/appointment';
import { dueEntrySchema } from '../../domain/appointment/due-entry';
import type { Geography } from '../../domain/appointment/geography';
import { SCHEDULING_EVENTS } from '../../domain/appointment/scheduling-message';
import { smsRequestSchema } from '../../domain/sms-request';
import type { AppointmentStore, VersionedAppointment } from '../../ports/appointment-store';
import { conditionalWriteError, encodeKey, GeographyTables, type GeographyConnections } from './appointment-table-support';
import { tableStatus } from './table-client';
import { GEOGRAPHY_TABLES } from './table-names';

/** Lists and objects are stored as JSON text (tables refuse nested objects) and checked on the way back. */
const jsonText = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  }).pipe(schema);

const followUpsSchema = z.object({ controlId: z.string(), sms: z.array(smsRequestSchema), duePut: z.array(dueEntrySchema), dueRemove: z.array(dueEntrySchema) });

const entitySchema = z.object({
  etag: z.string(),
  tenantId: z.string(),
  baseUrlId: z.string(),
  appointmentId: z.string(),
  placerId: z.string().optional(),
  fillerId: z.string().optional(),
  status: z.enum(APPOINTMENT_STATUSES),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  mobile: z.string().optional(),
  mobilePurgedAt: z.string().optional(),
  lastControlId: z.string(),
  lastMessageTime: z.string(),
  lastEvent: z.enum(SCHEDULING_EVENTS),
  recentControlIds: jsonText(z.array(z.string())),
  staleCount: z.number().int(),
  lastStaleControlId: z.string().optional(),
  plannedDue: jsonText(z.array(dueEntrySchema)),
  pendingFollowUps: jsonText(followUpsSchema).optional(),
  updatedAt: z.string(),
});

/** AppointmentStore on the `appointments` table of each geography's storage account. */
export class AppointmentTable implements AppointmentStore {
  private readonly tables: GeographyTables;

  constructor(connections: GeographyConnections, table: string = GEOGRAPHY_TABLES.appointments) {
    this.tables = new GeographyTables(connections, table);
  }

  async read(geography: Geography, key: AppointmentKey): Promise<VersionedAppointment | undefined> {
    let entity: unknown;
    try {
      entity = await this.tables.client(geography).getEntity(encodeKey(key.baseUrlId), encodeKey(key.appointmentId));
    } catch (error) {
      if (tableStatus(error) === 404) return undefined;
      throw error;
    }
    const e = entitySchema.parse(entity);
    const appointment: Appointment = {
      tenantId: e.tenantId, baseUrlId: e.baseUrlId, appointmentId: e.appointmentId, status: e.status,
      ...(e.placerId ? { placerId: e.placerId } : {}),
      ...(e.fillerId ? { fillerId: e.fillerId } : {}),
      ...(e.startsAt ? { startsAt: e.startsAt } : {}),
      ...(e.endsAt ? { endsAt: e.endsAt } : {}),
      ...(e.mobile ? { mobile: e.mobile } : {}),
      ...(e.mobilePurgedAt ? { mobilePurgedAt: e.mobilePurgedAt } : {}),
      lastApplied: { controlId: e.lastControlId, messageTime: e.lastMessageTime, event: e.lastEvent },
      recentControlIds: e.recentControlIds,
      staleCount: e.staleCount,
      ...(e.lastStaleControlId ? { lastStaleControlId: e.lastStaleControlId } : {}),
      plannedDue: e.plannedDue,
      ...(e.pendingFollowUps ? { pendingFollowUps: e.pendingFollowUps } : {}),
      updatedAt: e.updatedAt,
    };
    return { appointment, etag: e.etag };
  }

  async create(geography: Geography, appointment: Appointment): Promise<string> {
    try {
      const result = await this.tables.client(geography).createEntity(toEntity(appointment));
      return result.etag ?? '';
    } catch (error) {
      throw conditionalWriteError(error, 'The appointment');
    }
  }

  async replace(geography: Geography, appointment: Appointment, etag: string): Promise<string> {
    try {
      const result = await this.tables.client(geography).updateEntity(toEntity(appointment), 'Replace', { etag });
      return result.etag ?? '';
    } catch (error) {
      throw conditionalWriteError(error, 'The appointment');
    }
  }
}

function toEntity(a: Appointment): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: encodeKey(a.baseUrlId),
    rowKey: encodeKey(a.appointmentId),
    tenantId: a.tenantId,
    baseUrlId: a.baseUrlId,
    appointmentId: a.appointmentId,
    ...(a.placerId ? { placerId: a.placerId } : {}),
    ...(a.fillerId ? { fillerId: a.fillerId } : {}),
    status: a.status,
    ...(a.startsAt ? { startsAt: a.startsAt } : {}),
    ...(a.endsAt ? { endsAt: a.endsAt } : {}),
    ...(a.mobile ? { mobile: a.mobile } : {}),
    ...(a.mobilePurgedAt ? { mobilePurgedAt: a.mobilePurgedAt } : {}),
    lastControlId: a.lastApplied.controlId,
    lastMessageTime: a.lastApplied.messageTime,
    lastEvent: a.lastApplied.event,
    recentControlIds: JSON.stringify(a.recentControlIds),
    staleCount: a.staleCount,
    ...(a.lastStaleControlId ? { lastStaleControlId: a.lastStaleControlId } : {}),
    plannedDue: JSON.stringify(a.plannedDue),
    ...(a.pendingFollowUps ? { pendingFollowUps: JSON.stringify(a.pendingFollowUps) } : {}),
    updatedAt: a.updatedAt,
  };
}
