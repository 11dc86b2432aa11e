import { deliveryOutcome } from '../../domain/sms/delivery-status';
import type { SmsEvent } from '../../domain/sms/event-grid';
import { derivedUuid, recipientHash } from '../../domain/sms/keyed-hash';
import { replyKeyword } from '../../domain/sms/opt-out';
import { helpReplyText } from '../../domain/sms/templates';
import { asE164 } from '../../domain/sms/webhook-secret';
import type { Logger } from '../../observability/logger';
import type { Clock } from '../../ports/clock';
import type { OptOuts } from '../../ports/opt-outs';
import type { SmsLog } from '../../ports/sms-log';
import type { SmsSender } from '../../ports/sms-sender';
import { keyOfTag } from './sms-log-keys';
import { moveStatus } from './sms-log-writes';

export interface SmsEventsDeps {
  clock: Clock;
  smsLog: SmsLog;
  optOuts: OptOuts;
  smsSender: SmsSender;
  smsRules: { hashKey: string };
  /** The organisation that owns a sending number, for the HELP reply (generic text if unknown). */
  organisationNameForNumber?: (sendingNumber: string) => Promise<string | undefined>;
}

export interface SmsEventsResult {
  validationResponse?: string;
  deliveryReports: number;
  optOuts: number;
  optIns: number;
  helpReplies: number;
  ignored: number;
}

/**
 * Applies one Event Grid batch: the subscription handshake, delivery reports (statuses only
 * move forward, so duplicated and reordered reports are harmless) and patients' replies
 * (STOP / START per sending number, newest reply wins; HELP gets a reply).
 */
export async function handleSmsEvents(deps: SmsEventsDeps, events: readonly SmsEvent[], log: Logger): Promise<SmsEventsResult> {
  const result: SmsEventsResult = { deliveryReports: 0, optOuts: 0, optIns: 0, helpReplies: 0, ignored: 0 };
  for (const event of events) {
    if (event.kind === 'validation') result.validationResponse = event.validationCode;
    else if (event.kind === 'delivery_report') await deliveryReport(deps, event, result, log);
    else if (event.kind === 'received') await reply(deps, event, result, log);
    else result.ignored += 1;
  }
  return result;
}

async function deliveryReport(deps: SmsEventsDeps, event: Extract<SmsEvent, { kind: 'delivery_report' }>, result: SmsEventsResult, log: Logger): Promise<void> {
  const key = keyOfTag(event.tag);
  const found = key ? await deps.smsLog.get(key) : undefined;
  if (!key || !found || (found.entry.providerMessageId && found.entry.providerMessageId !== event.providerMessageId)) {
    result.ignored += 1;
    log.info('delivery report for no message of ours', { eventId: event.id });
    return;
  }
  const outcome = deliveryOutcome(event.deliveryStatus, event.details);
  const detail = (event.details ?? event.deliveryStatus).replace(/\d{6,}/g, '#').slice(0, 200);
  await moveStatus(deps.smsLog, key, found, outcome, event.at, detail, { providerMessageId: event.providerMessageId });
  result.deliveryReports += 1;
  log.info('delivery report', { messageId: key.messageId, outcome });
}

async function reply(deps: SmsEventsDeps, event: Extract<SmsEvent, { kind: 'received' }>, result: SmsEventsResult, log: Logger): Promise<void> {
  const keyword = replyKeyword(event.message);
  const sendingNumber = asE164(event.to);
  const patient = asE164(event.from);
  if (keyword === 'opt_out' || keyword === 'opt_in') {
    const optedOut = keyword === 'opt_out';
    const applied = await deps.optOuts.apply({ sendingNumber, recipientHash: recipientHash(deps.smsRules.hashKey, patient), optedOut, changedAt: event.at.toISOString() });
    if (optedOut) result.optOuts += 1;
    else result.optIns += 1;
    log.info(optedOut ? 'recipient opted out' : 'recipient opted in', { eventId: event.id, applied });
    return;
  }
  if (keyword === 'help') {
    const organisation = await deps.organisationNameForNumber?.(sendingNumber);
    const text = helpReplyText(organisation);
    const outcome = await deps.smsSender.send({
      from: sendingNumber,
      to: patient,
      text: text.text,
      tag: 'help',
      repeatabilityId: derivedUuid(deps.smsRules.hashKey, 'repeatability', `help:${event.id}`),
      firstAttemptAt: deps.clock.now(),
    });
    result.helpReplies += 1;
    log.info('help reply', { eventId: event.id, outcome: outcome.kind });
    return;
  }
  result.ignored += 1;
  log.info('reply without a keyword', { eventId: event.id });
}
