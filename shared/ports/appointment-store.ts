import type { Appointment, AppointmentKey } from '../domain/appointment/appointment';
import type { Geography } from '../domain/appointment/geography';

export interface VersionedAppointment {
  appointment: Appointment;
  /** Pass back to `replace` (If-Match). */
  etag: string;
}

/**
 * Appointments per geography (table `appointments`: PartitionKey base URL id, RowKey
 * appointment id). Writes are conditional: `create` fails if the row exists, `replace`
 * fails if it changed since it was read, so two workers never interleave.
 */
export interface AppointmentStore {
  read(geography: Geography, key: AppointmentKey): Promise<VersionedAppointment | undefined>;
  /** Inserts; throws `DomainError('conflict')` when the appointment already exists. Returns the new ETag. */
  create(geography: Geography, appointment: Appointment): Promise<string>;
  /** Replaces if the ETag still matches; throws `DomainError('precondition_failed')` otherwise. Returns the new ETag. */
  replace(geography: Geography, appointment: Appointment, etag: string): Promise<string>;
}
