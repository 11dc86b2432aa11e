import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateIpv4, isPrivateIpv6 } from '../../domain/config/base-url-rules';

/**
 * A GET that cannot be steered into the internal network: the address a connection is
 * made to is the one checked (the check sits in the socket's DNS lookup, so a DNS answer
 * cannot change between check and connect), IP literals are checked too, redirects are
 * not followed, no pooled connection is reused (each request does its own checked lookup),
 * the body is capped and the whole exchange has a deadline.
 */
export type GuardedResponse =
  | { kind: 'response'; status: number; contentType: string; body: string }
  | { kind: 'blocked'; address: string }
  | { kind: 'timeout' }
  | { kind: 'error'; code: string };

export interface GuardOptions {
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  maxBytes?: number;
}

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isPrivateIpv4(address);
  if (family === 6) return isPrivateIpv6(address);
  return true;
}

class BlockedAddressError extends Error {
  constructor(readonly address: string) {
    super(`address ${address} is not allowed`);
  }
}

export function guardedGet(url: URL, headers: Record<string, string>, options: GuardOptions): Promise<GuardedResponse> {
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateNetwork && isIP(literal) !== 0 && isBlockedAddress(literal)) return Promise.resolve({ kind: 'blocked', address: literal });
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const list = Array.isArray(addresses) ? addresses : [];
      const bad = list.find((a) => isBlockedAddress(a.address));
      if (!options.allowPrivateNetwork && bad) return callback(new BlockedAddressError(bad.address), '', 0);
      if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(new Error('no address'), '', 0);
      callback(null, first.address, first.family);
    });
  };
  const maxBytes = options.maxBytes ?? 1_000_000;
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers, lookup, agent: false, timeout: options.timeoutMs, signal: AbortSignal.timeout(options.timeoutMs) }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy();
          resolve({ kind: 'error', code: 'RESPONSE_TOO_LARGE' });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ kind: 'error', code: 'RESPONSE_ABORTED' }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ kind: 'timeout' });
    });
    req.on('error', (error: Error & { code?: string; cause?: unknown }) => {
      const blocked = error instanceof BlockedAddressError ? error : error.cause instanceof BlockedAddressError ? error.cause : undefined;
      if (blocked) resolve({ kind: 'blocked', address: blocked.address });
      else if (error.name === 'AbortError' || error.name === 'TimeoutError') resolve({ kind: 'timeout' });
      else resolve({ kind: 'error', code: error.code ?? error.name });
    });
    req.end();
  });
}
