import { SmsClient } from '@azure/communication-sms';
import { z } from 'zod';
import type { OutgoingSms, SendOutcome, SmsSender } from '../../ports/sms-sender';
import { REPEATABILITY_HEADER, repeatabilityPolicy } from './repeatability-policy';

/**
 * SmsSender on Azure Communication Services (`@azure/communication-sms`): one recipient per
 * call, delivery reports on, our tag, our repeatability id. The SDK's own retries are off
 * (with them a dead endpoint costs seconds and a 429 makes the function sleep for the whole
 * Retry-After): every failure comes back at once as an outcome and the caller re-queues
 * the message with a delay. Each call has a deadline.
 */
export interface AcsSmsSenderOptions {
  timeoutMs: number;
  /** Only for loopback stubs in tests. */
  allowInsecureConnection?: boolean;
}

const resultSchema = z.object({
  to: z.string().optional(),
  messageId: z.string().optional(),
  httpStatusCode: z.number().int(),
  successful: z.boolean(),
  errorMessage: z.string().optional(),
  repeatabilityResult: z.string().optional(),
});

export class AcsSmsSender implements SmsSender {
  private readonly client: SmsClient;

  constructor(connectionString: string, private readonly options: AcsSmsSenderOptions) {
    this.client = new SmsClient(connectionString, {
      retryOptions: { maxRetries: 0 },
      allowInsecureConnection: options.allowInsecureConnection ?? false,
      additionalPolicies: [{ policy: repeatabilityPolicy, position: 'perCall' }],
    });
  }

  async send(sms: OutgoingSms): Promise<SendOutcome> {
    let results: unknown[];
    try {
      results = await this.client.send(
        { from: sms.from, to: [sms.to], message: sms.text },
        {
          enableDeliveryReport: true,
          tag: sms.tag,
          abortSignal: AbortSignal.timeout(this.options.timeoutMs),
          requestOptions: { customHeaders: { [REPEATABILITY_HEADER]: `${sms.repeatabilityId};${sms.firstAttemptAt.toUTCString()}` } },
        },
      );
    } catch (error) {
      return outcomeOfError(error);
    }
    const parsed = resultSchema.safeParse(results[0]);
    if (!parsed.success) return { kind: 'unavailable', reason: 'the service answered without a result for the recipient' };
    const r = parsed.data;
    if (r.successful && r.messageId) return { kind: 'accepted', providerMessageId: r.messageId, repeated: /^rejected$/i.test(r.repeatabilityResult ?? '') };
    return outcomeOfStatus(r.httpStatusCode, undefined, scrub(r.errorMessage ?? 'recipient refused'));
  }
}

function outcomeOfError(error: unknown): SendOutcome {
  const e = error as { statusCode?: unknown; code?: unknown; name?: unknown; message?: unknown; response?: { headers?: { get?: (name: string) => string | undefined } } };
  if (typeof e.statusCode === 'number') {
    return outcomeOfStatus(e.statusCode, e.response?.headers?.get?.('retry-after'), scrub(typeof e.message === 'string' ? e.message : ''));
  }
  const what = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'error';
  return { kind: 'unavailable', reason: `no answer from the SMS service (${what})` };
}

function outcomeOfStatus(status: number, retryAfter: string | undefined, reason: string): SendOutcome {
  if (status === 429) return { kind: 'throttled', retryAfterSeconds: retryAfterSeconds(retryAfter) };
  if (status >= 500 || status === 408) return { kind: 'unavailable', reason: `HTTP ${status}: ${reason}` };
  return { kind: 'rejected', httpStatus: status, reason: `HTTP ${status}: ${reason}` };
}

/** `Retry-After` is seconds or an HTTP date; without one, wait a minute. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number {
  if (!header) return 60;
  if (/^\d+$/.test(header.trim())) return Math.max(1, Number(header.trim()));
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60 : Math.max(1, Math.ceil((at - now) / 1000));
}

/** Error texts of the service may quote the number: keep them out of logs and the SMS log. */
function scrub(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{5,}\d/g, '#').slice(0, 200);
}
