import { randomUUID } from 'node:crypto';
import { appointmentKeyText } from '../../domain/appointment/appointment';
import type { FeedWorkItem } from '../../domain/appointment/scheduling-message';
import { DomainError } from '../../domain/errors';
import { isPhoneCountry } from '../../domain/phone';
import { buildAck, buildAckBatch, effectiveAckCode, HL7_ERROR_CODES, type AckCode, type AckProblem } from '../../hl7/ack';
import { segmentLines, splitMessages } from '../../hl7/framing';
import type { Hl7Header } from '../../hl7/header';
import { readSiu, type SiuContext } from '../../hl7/siu';
import type { Logger } from '../../observability/logger';
import { QUEUES } from '../../ports/queue-names';
import type { WorkQueue } from '../../ports/work-queue';
import type { FeedSender } from './feed-directory';
import { verifyFeedToken, type FeedTokenDeps } from './verify-feed-token';

export interface ReceiveHl7Deps extends FeedTokenDeps {
  workQueue: WorkQueue;
  maxBodyBytes: number;
}

/** What happened to one message, for the log (ids and codes only). */
export interface MessageOutcome {
  controlId: string;
  event: string;
  ack: string;
  errorCode?: string;
  reason?: string;
}

export interface ReceiveHl7Result {
  /** The ACK (or, for a batch, the batch of ACKs), segments separated by CR. */
  ack: string;
  tenantId: string;
  baseUrlId: string;
  outcomes: MessageOutcome[];
}

/**
 * The scheduling feed's front door: checks the signature, reads and validates every message
 * (one, or a batch), queues each one that can be applied, and answers in HL7. AA only once
 * the message is durably queued; AR/AE with an ERR segment otherwise. Bad signatures are 401
 * and nothing is queued.
 */
export async function receiveHl7(deps: ReceiveHl7Deps, input: { body: Uint8Array; authorization: string | undefined }, log: Logger): Promise<ReceiveHl7Result> {
  if (input.body.byteLength > deps.maxBodyBytes) {
    throw new DomainError('payload_too_large', `The body is larger than ${deps.maxBodyBytes} bytes; send smaller batches.`, { reason: 'HL7_BODY_TOO_LARGE' });
  }
  const sender = await verifyFeedToken(deps, input.authorization, input.body);
  const split = splitMessages(segmentLines(new TextDecoder('utf-8').decode(input.body)));
  if (split.messages.length === 0 || split.stray.length > 0) {
    throw new DomainError('validation', 'The body is not HL7 v2 (ER7): it must start with MSH, or with FHS/BHS for a batch.', {
      reason: 'HL7_NOT_ER7', fields: [{ field: 'body', message: 'must be an HL7 v2 message or batch' }],
    });
  }
  const context = siuContext(sender);
  const now = deps.clock.now();
  const acks: string[] = [];
  const outcomes: MessageOutcome[] = [];
  for (const lines of split.messages) {
    const { header, ack, problem, reason } = await acceptOne(deps, sender, lines, context, now, log);
    acks.push(buildAck({ header, ack, ...(problem ? { problem } : {}), ackControlId: randomUUID().replace(/-/g, '').slice(0, 20), now }));
    outcomes.push({
      controlId: header.controlId ?? '', event: header.event ?? '', ack: effectiveAckCode(ack, header.enhancedMode),
      ...(problem ? { errorCode: problem.code, reason: problem.reason } : reason ? { reason } : {}),
    });
  }
  const ack = split.batch ? buildAckBatch(acks, { now, withFileHeader: split.batch.fileHeader !== undefined }) : (acks[0] ?? '');
  return { ack, tenantId: sender.baseUrl.tenantId, baseUrlId: sender.baseUrl.id, outcomes };
}

interface Acceptance {
  header: Partial<Hl7Header>;
  ack: AckCode;
  problem?: AckProblem;
  reason?: string;
}

async function acceptOne(deps: ReceiveHl7Deps, sender: FeedSender, lines: string[], context: SiuContext, now: Date, log: Logger): Promise<Acceptance> {
  const reading = readSiu(lines, context);
  if (reading.kind === 'reject') return { header: reading.header, ack: reading.ack, problem: reading.problem };
  if (reading.kind === 'ignore') return { header: reading.header, ack: 'AA', reason: reading.reason };
  const item: FeedWorkItem = {
    tenantId: sender.baseUrl.tenantId,
    baseUrlId: sender.baseUrl.id,
    geography: sender.organisation.geography,
    receivedAt: now.toISOString(),
    message: reading.message,
  };
  try {
    await deps.workQueue.send(QUEUES.hl7Process, item, {
      sessionId: appointmentKeyText({ baseUrlId: item.baseUrlId, appointmentId: item.message.appointmentId }),
      messageId: `${item.baseUrlId}:${item.message.controlId}`,
    });
  } catch (error) {
    log.error('scheduling message could not be queued', { controlId: reading.header.controlId, error });
    return {
      header: reading.header, ack: 'AR',
      problem: { code: HL7_ERROR_CODES.internal, reason: 'The message could not be stored just now; send it again.' },
    };
  }
  return { header: reading.header, ack: 'AA' };
}

function siuContext(sender: FeedSender): SiuContext {
  const country = sender.organisation.defaultPhoneCountry.toUpperCase();
  return { timeZone: sender.organisation.timeZone, defaultCountry: isPhoneCountry(country) ? country : 'US' };
}
