import { z } from 'zod';

/**
 * Event Grid deliveries to `POST /api/sms/events` (Event Grid schema: a JSON array of events).
 * Azure Communication Services has written the data keys both as `MessageId` and `messageId`
 * over time, so keys are matched without regard to case.
 */
export const EVENT_TYPES = {
  validation: 'Microsoft.EventGrid.SubscriptionValidationEvent',
  deliveryReport: 'Microsoft.Communication.SMSDeliveryReportReceived',
  received: 'Microsoft.Communication.SMSReceived',
} as const;

const envelope = z.object({
  id: z.string().min(1).max(200),
  eventType: z.string().min(1).max(200),
  eventTime: z.string().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date-time');

const validationData = z.object({ validationcode: z.string().min(1).max(500) });
const deliveryData = z.object({
  messageid: z.string().min(1).max(200),
  from: z.string().max(40).optional(),
  deliverystatus: z.string().min(1).max(100),
  deliverystatusdetails: z.string().max(1000).optional(),
  receivedtimestamp: isoTime.optional(),
  tag: z.string().max(500).optional(),
  deliveryattempts: z.array(z.record(z.string(), z.unknown())).optional(),
});
const receivedData = z.object({
  messageid: z.string().min(1).max(200),
  from: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  message: z.string().max(2000),
  receivedtimestamp: isoTime.optional(),
});

export type SmsEvent =
  | { kind: 'validation'; id: string; validationCode: string }
  | { kind: 'delivery_report'; id: string; providerMessageId: string; deliveryStatus: string; details?: string; tag?: string; at: Date; segmentsSucceeded?: number; segmentsFailed?: number }
  | { kind: 'received'; id: string; providerMessageId: string; from: string; to: string; message: string; at: Date }
  | { kind: 'ignored'; id: string; eventType: string };

export type ParsedEvents = { ok: true; events: SmsEvent[] } | { ok: false; field: string; message: string };

export function parseEventGridBatch(body: unknown): ParsedEvents {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || list.length > 5000) return { ok: false, field: 'body', message: 'must be a non-empty array of Event Grid events' };
  const events: SmsEvent[] = [];
  for (const [i, raw] of list.entries()) {
    const env = envelope.safeParse(raw);
    if (!env.success) return fail(`${i}`, env.error);
    const parsed = parseOne(env.data);
    if ('field' in parsed) return { ok: false, field: `${i}.data.${parsed.field}`, message: parsed.message };
    events.push(parsed);
  }
  return { ok: true, events };
}

function parseOne(e: z.output<typeof envelope>): SmsEvent | { field: string; message: string } {
  const data = lowerKeys(e.data);
  const eventAt = e.eventTime && !Number.isNaN(Date.parse(e.eventTime)) ? new Date(e.eventTime) : undefined;
  if (e.eventType === EVENT_TYPES.validation) {
    const d = validationData.safeParse(data);
    return d.success ? { kind: 'validation', id: e.id, validationCode: d.data.validationcode } : problem(d.error);
  }
  if (e.eventType === EVENT_TYPES.deliveryReport) {
    const d = deliveryData.safeParse(data);
    if (!d.success) return problem(d.error);
    const attempt = d.data.deliveryattempts?.at(-1);
    const attemptKeys = attempt ? lowerKeys(attempt) : {};
    return {
      kind: 'delivery_report',
      id: e.id,
      providerMessageId: d.data.messageid,
      deliveryStatus: d.data.deliverystatus,
      ...(d.data.deliverystatusdetails !== undefined ? { details: d.data.deliverystatusdetails } : {}),
      ...(d.data.tag !== undefined ? { tag: d.data.tag } : {}),
      at: d.data.receivedtimestamp ? new Date(d.data.receivedtimestamp) : (eventAt ?? new Date(0)),
      ...numberField('segmentsSucceeded', attemptKeys.segmentssucceeded),
      ...numberField('segmentsFailed', attemptKeys.segmentsfailed),
    };
  }
  if (e.eventType === EVENT_TYPES.received) {
    const d = receivedData.safeParse(data);
    if (!d.success) return problem(d.error);
    const at = d.data.receivedtimestamp ? new Date(d.data.receivedtimestamp) : (eventAt ?? new Date(0));
    return { kind: 'received', id: e.id, providerMessageId: d.data.messageid, from: d.data.from, to: d.data.to, message: d.data.message, at };
  }
  return { kind: 'ignored', id: e.id, eventType: e.eventType };
}

function lowerKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

function numberField<K extends string>(key: K, v: unknown): Partial<Record<K, number>> {
  return typeof v === 'number' && Number.isFinite(v) ? ({ [key]: v } as Partial<Record<K, number>>) : {};
}

function problem(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue?.path.join('.') ?? '', message: issue?.message ?? 'is not valid' };
}

function fail(prefix: string, error: z.ZodError): ParsedEvents {
  const p = problem(error);
  return { ok: false, field: p.field ? `${prefix}.${p.field}` : prefix, message: p.message };
}
