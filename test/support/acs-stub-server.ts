import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the loopback stubs of Azure Communication Services share: a server on a free
 * loopback port, the raw request body, and the access-key HMAC check exactly as the SDK's
 * credential policy signs (`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256`
 * over `VERB\n/path?query\n{date};{host};{sha256(body)}`, key = base64-decoded access key).
 */
export abstract class AcsStubServer {
  private server: Server | undefined;
  protected port = 0;

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export async function rawBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Why the request's access-key HMAC does not hold, or undefined when it does. `pathAndQuery`
 * is what the SDK signed; `maxSkewMs` also refuses an `x-ms-date` that far from now.
 */
export function acsHmacProblem(req: IncomingMessage, pathAndQuery: string, raw: string, accessKey: string, options: { maxSkewMs?: number } = {}): string | undefined {
  const date = header(req, 'x-ms-date');
  const hash = header(req, 'x-ms-content-sha256');
  const host = header(req, 'host');
  const authorization = header(req, 'authorization');
  if (!date || !hash || !host || !authorization) return 'missing x-ms-date, x-ms-content-sha256, host or authorization';
  if (options.maxSkewMs !== undefined && Math.abs(Date.parse(date) - Date.now()) > options.maxSkewMs) return `x-ms-date is not within ${options.maxSkewMs / 1000} s of now`;
  if (createHash('sha256').update(raw).digest('base64') !== hash) return 'x-ms-content-sha256 does not match the body';
  const expected = createHmac('sha256', Buffer.from(accessKey, 'base64')).update(`${req.method ?? ''}\n${pathAndQuery}\n${date};${host};${hash}`).digest('base64');
  if (authorization !== `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${expected}`) return 'signature mismatch';
  return undefined;
}
