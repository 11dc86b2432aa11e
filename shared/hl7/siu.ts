import { EVENTS_NEEDING_START, SCHEDULING_EVENTS, type SchedulingEvent, type SchedulingMessage } from '../domain/appointment/scheduling-message';
import type { PhoneCountry } from '../domain/phone';
import { HL7_ERROR_CODES, type AckProblem } from './ack';
import { hl7TimeToInstant, parseHl7Time } from './datetime';
import { headerFromLine, headerOf, type Hl7Header } from './header';
import { Hl7Message, Hl7StructureError } from './message';
import { mobileOf } from './mobile';

/** What the organisation's configuration adds to reading a message. */
export interface SiuContext {
  /** IANA zone for times written without an offset. */
  timeZone: string;
  /** For phone numbers written nationally. */
  defaultCountry: PhoneCountry;
}

export type SiuReading =
  | { kind: 'apply'; header: Hl7Header; message: SchedulingMessage }
  /** A scheduling event the product has no use for: acknowledged, not applied. */
  | { kind: 'ignore'; header: Hl7Header; reason: string }
  | { kind: 'reject'; header: Partial<Hl7Header>; ack: 'AR' | 'AE'; problem: AckProblem };

/** Every SIU trigger event of HL7 v2 (table 0003). */
const SIU_EVENTS = new Set(['S12', 'S13', 'S14', 'S15', 'S16', 'S17', 'S18', 'S19', 'S20', 'S21', 'S22', 'S23', 'S24', 'S26', 'S27']);
const isSchedulingEvent = (event: string): event is SchedulingEvent => (SCHEDULING_EVENTS as readonly string[]).includes(event);

const reject = (header: Partial<Hl7Header>, ack: 'AR' | 'AE', code: AckProblem['code'], reason: string, location?: string): SiuReading =>
  ({ kind: 'reject', header, ack, problem: { code, reason, ...(location ? { location } : {}) } });

/**
 * Reads one message (its segment lines) into what the product applies, or says exactly
 * why not. Structure and header problems are AR (the message is unusable as sent);
 * a well-formed scheduling message missing what we need to apply it is AE.
 */
export function readSiu(lines: readonly string[], context: SiuContext): SiuReading {
  let message: Hl7Message;
  try {
    message = Hl7Message.parse(lines);
  } catch (error) {
    if (error instanceof Hl7StructureError) return reject(headerFromLine(lines[0]), 'AR', error.errorCode, error.message, error.location);
    throw error;
  }
  const header = headerOf(message);
  const headerProblem = checkHeader(header);
  if (headerProblem) return headerProblem;
  const event = header.event;
  if (!isSchedulingEvent(event)) return { kind: 'ignore', header, reason: `SIU^${event} does not change a video visit` };
  const messageTime = parseHl7Time(message.value('MSH', 7, 1));
  if (!messageTime?.hasMinutes) return reject(header, 'AR', HL7_ERROR_CODES.dataType, 'MSH-7 (date/time of message) is not an HL7 date/time with at least minutes.', 'MSH^1^7');
  if (message.count('SCH') === 0) return reject(header, 'AR', HL7_ERROR_CODES.segmentSequence, 'The SCH segment is missing.', 'SCH');
  return mapScheduling(message, header, event, hl7TimeToInstant(messageTime, context.timeZone), context);
}

function checkHeader(header: Hl7Header): SiuReading | undefined {
  const missing = (field: string, what: string, location: string) =>
    reject(header, 'AR', HL7_ERROR_CODES.requiredFieldMissing, `${field} (${what}) is missing.`, location);
  if (!header.messageType) return missing('MSH-9', 'message type', 'MSH^1^9');
  if (!header.controlId) return missing('MSH-10', 'message control id', 'MSH^1^10');
  if (!header.version) return missing('MSH-12', 'version id', 'MSH^1^12');
  if (header.messageType !== 'SIU') {
    return reject(header, 'AR', HL7_ERROR_CODES.unsupportedMessageType, `Message type ${header.messageType} is not accepted here; send SIU scheduling messages.`, 'MSH^1^9^1^1');
  }
  if (!header.event) return missing('MSH-9.2', 'trigger event', 'MSH^1^9^1^2');
  if (!SIU_EVENTS.has(header.event)) return reject(header, 'AR', HL7_ERROR_CODES.unsupportedEvent, `SIU event ${header.event} is not an HL7 scheduling event.`, 'MSH^1^9^1^2');
  if (!/^2\.\d+(\.\d+)?$/.test(header.version)) return reject(header, 'AR', HL7_ERROR_CODES.unsupportedVersion, `Version ${header.version} is not HL7 v2.x.`, 'MSH^1^12');
  if (header.controlId.length > 199) return reject(header, 'AR', HL7_ERROR_CODES.dataType, 'MSH-10 is longer than 199 characters.', 'MSH^1^10');
  return undefined;
}

function mapScheduling(message: Hl7Message, header: Hl7Header, event: SchedulingEvent, messageTime: Date, context: SiuContext): SiuReading {
  const placerId = message.value('SCH', 1, 1).trim();
  const fillerId = message.value('SCH', 2, 1).trim();
  const appointmentId = fillerId || placerId;
  if (!appointmentId) return reject(header, 'AE', HL7_ERROR_CODES.requiredFieldMissing, 'No appointment id: SCH-2 (filler) and SCH-1 (placer) are both empty.', 'SCH^1^2');
  if (appointmentId.length > 200) return reject(header, 'AE', HL7_ERROR_CODES.dataType, 'The appointment id (SCH-2/SCH-1) is longer than 200 characters.', 'SCH^1^2');
  const timing = timingOf(message, context.timeZone);
  if ('problem' in timing) return reject(header, 'AE', HL7_ERROR_CODES.dataType, timing.problem, timing.location);
  if (!timing.start && EVENTS_NEEDING_START.includes(event)) {
    return reject(header, 'AE', HL7_ERROR_CODES.requiredFieldMissing, `SIU^${event} needs the start time: TQ1-7, SCH-11.4 or AIS-4 are all empty.`, 'TQ1^1^7');
  }
  const mobile = mobileOf(message, context.defaultCountry);
  return {
    kind: 'apply',
    header,
    message: {
      event,
      controlId: header.controlId,
      messageTime: messageTime.toISOString(),
      appointmentId,
      ...(placerId && placerId.length <= 200 ? { placerId } : {}),
      ...(fillerId && fillerId.length <= 200 ? { fillerId } : {}),
      ...(timing.start ? { startsAt: timing.start.toISOString() } : {}),
      ...(timing.end ? { endsAt: timing.end.toISOString() } : {}),
      ...(mobile ? { mobile } : {}),
    },
  };
}

type Timing = { start?: Date; end?: Date } | { problem: string; location: string };

/**
 * Start and end: TQ1-7/8 (the v2.5+ timing segment), else SCH-11.4/.5 (kept for backward
 * compatibility, withdrawn in v2.7), else the first AIS-4. TQ1 wins when both are present:
 * senders that fill both update TQ1 on a reschedule and leave SCH-11 as first booked.
 */
function timingOf(message: Hl7Message, timeZone: string): Timing {
  const sources: { start: string; end: string; location: string; label: string }[] = [
    { start: message.value('TQ1', 7, 1), end: message.value('TQ1', 8, 1), location: 'TQ1^1^7', label: 'TQ1-7 (start date/time)' },
    { start: message.value('SCH', 11, 4), end: message.value('SCH', 11, 5), location: 'SCH^1^11^1^4', label: 'SCH-11.4 (start date/time)' },
    { start: message.value('AIS', 4, 1), end: '', location: 'AIS^1^4', label: 'AIS-4 (start date/time)' },
  ];
  const source = sources.find((s) => s.start.trim() !== '');
  if (!source) return {};
  const start = parseHl7Time(source.start);
  if (!start?.hasMinutes) return { problem: `${source.label} is not an HL7 date/time with at least minutes.`, location: source.location };
  const end = source.end.trim() ? parseHl7Time(source.end) : undefined;
  return { start: hl7TimeToInstant(start, timeZone), ...(end?.hasMinutes ? { end: hl7TimeToInstant(end, timeZone) } : {}) };
}
