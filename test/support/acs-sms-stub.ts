import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { acsHmacProblem, AcsStubServer, rawBody } from './acs-stub-server';

/**
 * A loopback stub of the Azure Communication Services SMS REST API (`POST /sms?api-version=2021-03-07`).
 * It checks the request the real `SmsClient` makes, exactly as STACK-NOTES describe it: the
 * x-ms-content-sha256 of the body, the HMAC-SHA256 signature over
 * `POST\n/sms?api-version=2021-03-07\n{date};{host};{hash}` with the access key, and the body's
 * shape. It answers 202, a per-recipient failure, 429 with Retry-After or 500 as told, and
 * honours repeatability (a repeated id is not sent again).
 */
export type StubMode =
  | { kind: 'accept' }
  | { kind: 'recipient_failure'; httpStatusCode: number; errorMessage: string }
  | { kind: 'throttle'; retryAfterSeconds: number }
  | { kind: 'server_error' };

export interface StubSentMessage {
  from: string;
  to: string;
  message: string;
  tag: string | undefined;
  enableDeliveryReport: boolean;
  repeatabilityRequestId: string;
  repeatabilityFirstSent: string;
  messageId: string;
}

const bodySchema = z.strictObject({
  from: z.string().regex(/^\+\d{7,15}$/),
  smsRecipients: z
    .array(z.strictObject({ to: z.string().regex(/^\+\d{7,15}$/), repeatabilityRequestId: z.string().uuid(), repeatabilityFirstSent: z.string().refine((v) => !Number.isNaN(Date.parse(v)) && v.endsWith('GMT'), 'IMF-fixdate') }))
    .min(1)
    .max(100),
  message: z.string().min(1).max(2048),
  smsSendOptions: z.strictObject({ enableDeliveryReport: z.boolean(), tag: z.string().optional() }),
});

export class AcsSmsStub extends AcsStubServer {
  readonly accessKey = randomBytesBase64();
  mode: StubMode = { kind: 'accept' };
  /** Messages actually "sent" (a repeat is not sent twice). */
  readonly sent: StubSentMessage[] = [];
  /** Every request, with why it was refused if it was. */
  readonly requests: { status: number; problem?: string }[] = [];
  private readonly repeats = new Map<string, string>();

  get connectionString(): string {
    return `endpoint=http://127.0.0.1:${this.port}/;accesskey=${this.accessKey}`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await rawBody(req);
    const problem = this.check(req, raw);
    if (problem) return this.answer(res, problem.status, { error: { code: problem.code, message: problem.message } }, {}, problem.message);
    const body = bodySchema.parse(JSON.parse(raw));
    if (this.mode.kind === 'throttle') return this.answer(res, 429, { error: { code: 'TooManyRequests', message: 'Rate limit exceeded' } }, { 'Retry-After': String(this.mode.retryAfterSeconds) });
    if (this.mode.kind === 'server_error') return this.answer(res, 500, { error: { code: 'InternalServerError', message: 'Something went wrong' } });
    const mode = this.mode;
    const value = body.smsRecipients.map((r) => {
      if (mode.kind === 'recipient_failure') return { to: r.to, httpStatusCode: mode.httpStatusCode, successful: false, errorMessage: mode.errorMessage };
      const repeated = this.repeats.get(r.repeatabilityRequestId);
      if (repeated) return { to: r.to, messageId: repeated, httpStatusCode: 202, successful: true, repeatabilityResult: 'accepted' };
      const messageId = `Outgoing_${Date.now()}${randomUUID()}_noam`;
      this.repeats.set(r.repeatabilityRequestId, messageId);
      this.sent.push({ from: body.from, to: r.to, message: body.message, tag: body.smsSendOptions.tag, enableDeliveryReport: body.smsSendOptions.enableDeliveryReport, repeatabilityRequestId: r.repeatabilityRequestId, repeatabilityFirstSent: r.repeatabilityFirstSent, messageId });
      return { to: r.to, messageId, httpStatusCode: 202, successful: true, repeatabilityResult: 'accepted' };
    });
    this.answer(res, 202, { value });
  }

  private check(req: IncomingMessage, raw: string): { status: number; code: string; message: string } | undefined {
    const pathAndQuery = req.url ?? '';
    if (req.method !== 'POST' || pathAndQuery !== '/sms?api-version=2021-03-07') return { status: 404, code: 'NotFound', message: `unexpected ${req.method} ${pathAndQuery}` };
    const denied = acsHmacProblem(req, pathAndQuery, raw, this.accessKey);
    if (denied) return { status: 401, code: 'Unauthorized', message: denied };
    const parsed = bodySchema.safeParse((() => { try { return JSON.parse(raw) as unknown; } catch { return undefined; } })());
    if (!parsed.success) return { status: 400, code: 'BadRequest', message: `body: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
    return undefined;
  }

  private answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, problem?: string): void {
    this.requests.push({ status, ...(problem ? { problem } : {}) });
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

function randomBytesBase64(): string {
  return createHash('sha256').update(randomUUID()).digest('base64');
}

/** A port on which nothing listens (bound, then closed). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
