import { appointmentKeyText } from '../../domain/appointment/appointment';
import type { SmsRequest } from '../../domain/sms-request';
import { recipientHash, derivedUuid } from '../../domain/sms/keyed-hash';
import { joinLinkUrl, joinToken } from '../../domain/sms/join-link';
import { decideSend } from '../../domain/sms/send-decision';
import type { SkipReason } from '../../domain/sms/sms-types';
import { renderSms } from '../../domain/sms/templates';
import type { Logger } from '../../observability/logger';
import type { Clock } from '../../ports/clock';
import type { OptOuts } from '../../ports/opt-outs';
import { QUEUES } from '../../ports/queue-names';
import type { SmsLog, SmsLogEntry, SmsLogKey, VersionedSmsLogEntry } from '../../ports/sms-log';
import type { SmsPacing } from '../../ports/sms-pacing';
import type { SendOutcome, SmsSender } from '../../ports/sms-sender';
import type { WorkQueue } from '../../ports/work-queue';
import { backoffSeconds, smsLogKeyFor, tagOf } from './sms-log-keys';
import { moveStatus, withStatus } from './sms-log-writes';
import type { JoinLinks, SmsAppointments, SmsProfiles } from './sms-sources';

export interface SendSmsDeps {
  clock: Clock;
  smsLog: SmsLog;
  optOuts: OptOuts;
  pacing: SmsPacing;
  smsSender: SmsSender;
  workQueue: WorkQueue;
  smsAppointments: SmsAppointments;
  smsProfiles: SmsProfiles;
  joinLinks: JoinLinks;
  smsRules: { hashKey: string; publicBaseUrl: string; allowedCountries: readonly string[]; maxAttempts: number };
}

export type SendSmsResult =
  | { outcome: 'sent'; messageId: string; segments: number; encoding: string }
  | { outcome: 'skipped'; messageId: string; reason: SkipReason }
  | { outcome: 'deferred'; messageId: string; delaySeconds: number; why: 'paced' | 'throttled' | 'unavailable' | 'in_progress' }
  | { outcome: 'failed'; messageId: string; detail: string }
  | { outcome: 'duplicate'; messageId: string };

/** A worker that started sending and has not finished within this long is presumed dead. */
const SENDING_LEASE_MS = 60_000;
/** ACS tracks repeatable requests for 5 minutes; a repeat must fall well inside that. */
const REPEATABILITY_WINDOW_MS = 4 * 60_000;

/**
 * Sends (or decides not to send) the text one SMS request asks for. Decided at send time
 * from the appointment and configuration as stored now; at most once per request id.
 */
export async function sendSms(deps: SendSmsDeps, request: SmsRequest, log: Logger): Promise<SendSmsResult> {
  const now = deps.clock.now();
  const key = smsLogKeyFor(deps.smsRules.hashKey, request);
  const messageId = key.messageId;
  let current = await deps.smsLog.get(key);
  if (current && current.entry.status !== 'retrying' && current.entry.status !== 'sending') return { outcome: 'duplicate', messageId };
  if (current?.entry.status === 'sending' && now.getTime() - Date.parse(current.entry.updatedAt) < SENDING_LEASE_MS) {
    return requeue(deps, request, { outcome: 'deferred', messageId, delaySeconds: 60, why: 'in_progress' });
  }

  const ref = { tenantId: request.tenantId, baseUrlId: request.baseUrlId, appointmentId: request.appointmentId };
  const { decision, appointment, profile, hash } = await decideNow(deps, request, now);
  const base = newEntry(key, request, now, profile?.sendingNumber, hash);
  if (!decision.send) {
    await record(deps.smsLog, key, current, base, 'skipped', now, decision.reason, { skipReason: decision.reason });
    log.info('sms skipped', { messageId, type: request.type, reason: decision.reason });
    return { outcome: 'skipped', messageId, reason: decision.reason };
  }
  if (!profile || !appointment?.startsAt) throw new Error('send decided without a profile or a start');

  const token = joinToken(deps.smsRules.hashKey, ref);
  if (request.type !== 'cancellation') await deps.joinLinks.ensure(token, { ...ref, geography: request.geography, createdAt: now.toISOString() });
  const sms = renderSms({
    type: request.type,
    organisationName: profile.organisationName,
    startsAt: new Date(appointment.startsAt),
    timeZone: profile.timeZone,
    ...(request.type !== 'cancellation' ? { joinLink: joinLinkUrl(deps.smsRules.publicBaseUrl, token) } : {}),
  });

  const paced = await deps.pacing.take(decision.sendingNumber, now);
  if (!paced.ok) {
    await record(deps.smsLog, key, current, base, 'retrying', now, 'PACED');
    return requeue(deps, request, { outcome: 'deferred', messageId, delaySeconds: paced.retryAfterSeconds, why: 'paced' });
  }

  // Claim the send: only the worker whose conditional write wins talks to the service.
  const previous = current?.entry;
  const { series, firstAttemptAt } = attemptSeries(previous, now);
  const claimEntry = withStatus(previous ?? base, 'sending', now, undefined, {
    attempts: (previous?.attempts ?? 0) + 1,
    repeatSeries: series,
    firstAttemptAt,
    segments: sms.segments,
    encoding: sms.encoding,
    sendingNumber: decision.sendingNumber,
    ...(hash ? { recipientHash: hash } : {}),
  });
  const claimed = current ? await deps.smsLog.replace(claimEntry, current.etag) : await deps.smsLog.create(claimEntry);
  if (!claimed) return { outcome: 'duplicate', messageId };
  current = claimed;

  const outcome = await deps.smsSender.send({
    from: decision.sendingNumber,
    to: decision.recipient,
    text: sms.text,
    tag: tagOf(key),
    repeatabilityId: derivedUuid(deps.smsRules.hashKey, 'repeatability', `${messageId}:${series}`),
    firstAttemptAt: new Date(firstAttemptAt),
  });
  return settle(deps, request, key, current, outcome, sms, log);
}

/** Reads the appointment and the base URL's SMS profile as stored now (and the opt-out list) and applies the send rules. */
async function decideNow(deps: SendSmsDeps, request: SmsRequest, now: Date) {
  const ref = { tenantId: request.tenantId, baseUrlId: request.baseUrlId, appointmentId: request.appointmentId };
  const [appointment, profile] = await Promise.all([deps.smsAppointments.read(request.geography, ref), deps.smsProfiles.get(request.tenantId, request.baseUrlId)]);
  const recipient = appointment?.mobile;
  const hash = recipient ? recipientHash(deps.smsRules.hashKey, recipient) : undefined;
  const optedOut = hash && profile?.sendingNumber ? await deps.optOuts.isOptedOut(profile.sendingNumber, hash) : false;
  const decision = decideSend({
    type: request.type,
    requestedForStart: new Date(request.appointmentStart),
    ...(request.minutesBefore !== undefined ? { reminderOffsetMinutes: request.minutesBefore } : {}),
    ...(appointment ? { appointment: { status: appointment.status, startsAt: new Date(appointment.startsAt ?? request.appointmentStart), ...(recipient ? { recipient } : {}) } } : {}),
    ...(profile ? { sms: profile } : {}),
    optedOut,
    allowedCountries: deps.smsRules.allowedCountries,
    now,
  });
  return { decision, appointment, profile, hash };
}

/**
 * The repeatability series of this attempt: after an attempt whose outcome is unknown, a retry
 * inside the service's repeatability window repeats the same request id (the service sends it
 * at most once); otherwise a new series starts.
 */
function attemptSeries(previous: SmsLogEntry | undefined, now: Date): { series: number; firstAttemptAt: string } {
  const ambiguous = previous?.lastAttemptAmbiguous === true || previous?.status === 'sending';
  const sameSeries = previous?.firstAttemptAt !== undefined && ambiguous && now.getTime() - Date.parse(previous.firstAttemptAt) < REPEATABILITY_WINDOW_MS;
  const series = sameSeries ? (previous?.repeatSeries ?? 0) : (previous?.repeatSeries ?? -1) + 1;
  const firstAttemptAt = sameSeries && previous?.firstAttemptAt ? previous.firstAttemptAt : now.toISOString();
  return { series, firstAttemptAt };
}

async function settle(
  deps: SendSmsDeps,
  request: SmsRequest,
  key: SmsLogKey,
  current: VersionedSmsLogEntry,
  outcome: SendOutcome,
  sms: { segments: number; encoding: string },
  log: Logger,
): Promise<SendSmsResult> {
  const now = deps.clock.now();
  const messageId = key.messageId;
  const attempts = current.entry.attempts;
  const fields = { messageId, type: request.type, attempts };
  switch (outcome.kind) {
    case 'accepted':
      await moveStatus(deps.smsLog, key, current, 'sent', now, outcome.repeated ? 'REPEAT_RECOGNISED' : undefined, { providerMessageId: outcome.providerMessageId, lastAttemptAmbiguous: false });
      log.info('sms sent', { ...fields, segments: sms.segments, encoding: sms.encoding });
      return { outcome: 'sent', messageId, segments: sms.segments, encoding: sms.encoding };
    case 'throttled':
      await moveStatus(deps.smsLog, key, current, 'retrying', now, 'THROTTLED', { lastAttemptAmbiguous: false });
      log.warn('sms throttled by the service', { ...fields, retryAfterSeconds: outcome.retryAfterSeconds });
      return requeue(deps, request, { outcome: 'deferred', messageId, delaySeconds: outcome.retryAfterSeconds, why: 'throttled' });
    case 'unavailable':
      if (attempts >= deps.smsRules.maxAttempts) {
        await moveStatus(deps.smsLog, key, current, 'failed', now, `UNAVAILABLE_AFTER_${attempts}_ATTEMPTS`, { lastAttemptAmbiguous: true });
        log.error('sms failed: service unavailable, attempts used up', { ...fields, reason: outcome.reason });
        return { outcome: 'failed', messageId, detail: 'SERVICE_UNAVAILABLE' };
      }
      await moveStatus(deps.smsLog, key, current, 'retrying', now, 'SERVICE_UNAVAILABLE', { lastAttemptAmbiguous: true });
      log.warn('sms service unavailable, will retry', { ...fields, reason: outcome.reason });
      return requeue(deps, request, { outcome: 'deferred', messageId, delaySeconds: backoffSeconds(attempts), why: 'unavailable' });
    case 'rejected':
      await moveStatus(deps.smsLog, key, current, 'failed', now, `REJECTED_HTTP_${outcome.httpStatus}`, { lastAttemptAmbiguous: false });
      log.warn('sms rejected by the service', { ...fields, httpStatus: outcome.httpStatus, reason: outcome.reason });
      return { outcome: 'failed', messageId, detail: `REJECTED_HTTP_${outcome.httpStatus}` };
  }
}

function newEntry(key: SmsLogKey, request: SmsRequest, now: Date, sendingNumber: string | undefined, hash: string | undefined): SmsLogEntry {
  return {
    ...key,
    baseUrlId: request.baseUrlId,
    appointmentId: request.appointmentId,
    type: request.type,
    requestId: request.requestId,
    status: 'retrying',
    history: [],
    attempts: 0,
    ...(sendingNumber ? { sendingNumber } : {}),
    ...(hash ? { recipientHash: hash } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** First write creates the entry in that status; later ones move it (conditional, forward only). */
async function record(log: SmsLog, key: SmsLogKey, current: VersionedSmsLogEntry | undefined, base: SmsLogEntry, status: 'skipped' | 'retrying', now: Date, detail: string, extra: Partial<SmsLogEntry> = {}): Promise<void> {
  if (!current) {
    const created = await log.create(withStatus(base, status, now, detail, extra));
    if (created) return;
  }
  if (current?.entry.status === status) return;
  await moveStatus(log, key, current, status, now, detail, extra);
}

/** Puts the request back on the queue with a delay (never sleeps in the function). */
async function requeue(deps: SendSmsDeps, request: SmsRequest, result: Extract<SendSmsResult, { outcome: 'deferred' }>): Promise<SendSmsResult> {
  const delaySeconds = Math.max(1, Math.min(7 * 24 * 3600, Math.ceil(result.delaySeconds)));
  await deps.workQueue.send(QUEUES.smsSend, request, { delaySeconds, sessionId: appointmentKeyText(request), messageId: `${request.requestId}#${deps.clock.now().getTime()}` });
  return { ...result, delaySeconds };
}
