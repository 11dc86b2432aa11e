import { encodeText } from './escape';
import { formatHl7Time } from './datetime';
import type { Hl7Header } from './header';

/** HL7 table 0357 codes we answer with. */
export const HL7_ERROR_CODES = {
  segmentSequence: '100',
  requiredFieldMissing: '101',
  dataType: '102',
  unsupportedMessageType: '200',
  unsupportedEvent: '201',
  unsupportedVersion: '203',
  internal: '207',
} as const;
export type Hl7ErrorCode = (typeof HL7_ERROR_CODES)[keyof typeof HL7_ERROR_CODES];

const ERROR_TEXT: Record<Hl7ErrorCode, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '203': 'Unsupported version id',
  '207': 'Application internal error',
};

/** Original mode answers; enhanced mode (MSH-15/16 present) maps to CA / CE / CR. */
export type AckCode = 'AA' | 'AE' | 'AR';

export interface AckProblem {
  code: Hl7ErrorCode;
  /** For the EHR's interface team: what is wrong and where; never the message's content. */
  reason: string;
  /** ERL: segment^sequence^field, e.g. `SCH^1^2`. */
  location?: string;
}

export interface AckInput {
  header: Partial<Hl7Header>;
  ack: AckCode;
  problem?: AckProblem;
  /** Our own MSH-10 for the ACK. */
  ackControlId: string;
  now: Date;
}

export function effectiveAckCode(ack: AckCode, enhancedMode: boolean | undefined): string {
  return enhancedMode ? `C${ack.charAt(1)}` : ack;
}

/** Builds an ACK (segments joined by CR) answering `header`; the sender and receiver swap. */
export function buildAck(input: AckInput): string {
  const h = input.header;
  const event = h.event ? encodeText(h.event) : '';
  const msh = [
    'MSH', '^~\\&', h.receivingApplication ?? '', h.receivingFacility ?? '', h.sendingApplication ?? '', h.sendingFacility ?? '',
    formatHl7Time(input.now), '', `ACK^${event}^ACK`, encodeText(input.ackControlId), h.processingId ? encodeText(h.processingId) : 'P',
    h.version && /^2\.\d+(\.\d+)?$/.test(h.version) ? h.version : '2.5.1',
  ].join('|');
  const msa = ['MSA', effectiveAckCode(input.ack, h.enhancedMode), encodeText(h.controlId ?? '')].join('|');
  const segments = [msh, msa];
  if (input.problem) {
    const p = input.problem;
    segments.push(['ERR', '', p.location ?? '', `${p.code}^${ERROR_TEXT[p.code]}^HL70357`, 'E', '', '', '', encodeText(p.reason)].join('|'));
  }
  return segments.join('\r');
}

/** Wraps per-message ACKs in a batch (and file) envelope mirroring the request's. */
export function buildAckBatch(acks: readonly string[], options: { now: Date; withFileHeader: boolean }): string {
  const time = formatHl7Time(options.now);
  const lines = [
    ...(options.withFileHeader ? [`FHS|^~\\&|||||${time}`] : []),
    `BHS|^~\\&|||||${time}`,
    ...acks,
    `BTS|${acks.length}`,
    ...(options.withFileHeader ? ['FTS|1'] : []),
  ];
  return lines.join('\r');
}
