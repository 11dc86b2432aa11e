import { z } from 'zod';
import { GEOGRAPHIES } from './geography';

/**
 * A scheduling message reduced to what the product needs (HL7 mapping in `shared/hl7/siu.ts`):
 * no names, no birth dates, nothing clinical. Times are resolved to UTC at receipt with the
 * organisation's time zone; the mobile is already E.164.
 */
export const SCHEDULING_EVENTS = ['S12', 'S13', 'S14', 'S15', 'S16', 'S17', 'S26'] as const;
export type SchedulingEvent = (typeof SCHEDULING_EVENTS)[number];

/** What each event does to the appointment. */
export const EVENT_MEANING: Record<SchedulingEvent, 'book' | 'reschedule' | 'modify' | 'cancel' | 'discontinue' | 'delete' | 'noshow'> = {
  S12: 'book',
  S13: 'reschedule',
  S14: 'modify',
  S15: 'cancel',
  S16: 'discontinue',
  S17: 'delete',
  S26: 'noshow',
};

/** Events that need a start time to be applied (AE without one). */
export const EVENTS_NEEDING_START: readonly SchedulingEvent[] = ['S12', 'S13', 'S14'];

export const schedulingMessageSchema = z.object({
  event: z.enum(SCHEDULING_EVENTS),
  /** MSH-10. */
  controlId: z.string().min(1).max(199),
  /** MSH-7 as an ISO UTC instant. */
  messageTime: z.iso.datetime(),
  appointmentId: z.string().min(1).max(200),
  /** SCH-1 (placer appointment id: Epic's CSN) and SCH-2 (filler appointment id), when sent: the SMS join link tries both. */
  placerId: z.string().min(1).max(200).optional(),
  fillerId: z.string().min(1).max(200).optional(),
  startsAt: z.iso.datetime().optional(),
  endsAt: z.iso.datetime().optional(),
  /** E.164. */
  mobile: z.string().regex(/^\+[1-9]\d{6,14}$/).optional(),
});
export type SchedulingMessage = z.infer<typeof schedulingMessageSchema>;

/** The work item `hl7-receive` queues for `hl7-process` (no HL7 text, no names). */
export const feedWorkItemSchema = z.object({
  tenantId: z.string().min(1),
  baseUrlId: z.string().min(1),
  geography: z.enum(GEOGRAPHIES),
  receivedAt: z.iso.datetime(),
  message: schedulingMessageSchema,
});
export type FeedWorkItem = z.infer<typeof feedWorkItemSchema>;
