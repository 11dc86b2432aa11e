import { z } from 'zod';

/**
 * The due index (DESIGN.md section 5): one row per follow-up action, partitioned by the
 * UTC minute it falls due (`yyyyMMddHHmm`), so a timer reads only what is due.
 *  - `reminder`: send the reminder SMS `minutesBefore` the visit (read by the SMS sender's tick);
 *  - `purge`: delete the appointment's phone number (read by `purge-tick`).
 */
export const dueActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reminder'), minutesBefore: z.number().int().positive() }),
  z.object({ kind: z.literal('purge') }),
]);
export type DueAction = z.infer<typeof dueActionSchema>;
export type DueActionKind = DueAction['kind'];

export const dueEntrySchema = z.object({
  /** `yyyyMMddHHmm` of `dueAt` in UTC. */
  bucket: z.string().regex(/^\d{12}$/),
  dueAt: z.iso.datetime(),
  tenantId: z.string().min(1),
  baseUrlId: z.string().min(1),
  appointmentId: z.string().min(1),
  /** The visit start this entry was planned for; a worker skips it if the appointment moved since. */
  appointmentStart: z.iso.datetime(),
  action: dueActionSchema,
});
export type DueEntry = z.infer<typeof dueEntrySchema>;

/** `yyyyMMddHHmm` in UTC. */
export function minuteBucket(instant: Date): string {
  const iso = instant.toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}

/** The action's name inside its appointment: `reminder-60`, `purge`. */
export const dueActionName = (action: DueAction): string => (action.kind === 'reminder' ? `reminder-${action.minutesBefore}` : 'purge');

export function dueEntry(input: Omit<DueEntry, 'bucket' | 'dueAt'> & { dueAt: Date }): DueEntry {
  return { ...input, bucket: minuteBucket(input.dueAt), dueAt: input.dueAt.toISOString() };
}

/** Same appointment, same action, same minute: the same row. */
export const sameDueEntry = (a: DueEntry, b: DueEntry): boolean =>
  a.bucket === b.bucket && a.baseUrlId === b.baseUrlId && a.appointmentId === b.appointmentId && dueActionName(a.action) === dueActionName(b.action);
