/**
 * What the hl7 bench measures about storage: every request this process makes to Azurite's
 * table and queue endpoints, by service, method and table/queue name, with its body size
 * (Node's `http.client.request.start` diagnostics channel, which the Azure SDK's Node HTTP
 * client goes through); the storage requests in flight over time; CPU time of both processes.
 * No proxy sits in the path: a forwarding proxy in this process would spend the feed's CPU on
 * two extra HTTP legs per storage call that Azure never has.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { readFileSync } from 'node:fs';

/** The bench's own storage calls (seeding, checking a phase is applied) carry this user agent and are not counted. */
export const HARNESS_AGENT = 'bench-harness';

export class StorageMeter {
  /** Requests by `service METHOD name`, e.g. `table POST appointments`. */
  readonly counts = new Map<string, number>();
  /** Request body bytes by the same key. */
  readonly bytes = new Map<string, number>();
  readonly inFlight = new InFlightMeter();
  private readonly services: Map<string, string>;
  private readonly onRequest = (message: unknown): void => {
    const request = (message as { request: ClientRequest }).request;
    const host = String(request.getHeader('host') ?? '');
    const service = this.services.get(host.slice(host.lastIndexOf(':')));
    if (!service || String(request.getHeader('user-agent') ?? '').startsWith(HARNESS_AGENT)) return;
    const name = (/^\/[^/]+\/([^/(?]+)/.exec(request.path)?.[1] ?? '?').replace(/^\$batch$/, 'batch');
    const key = `${service} ${request.method} ${name}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.bytes.set(key, (this.bytes.get(key) ?? 0) + Number(request.getHeader('content-length') ?? 0));
    this.inFlight.started(request);
  };
  private readonly onResponse = (message: unknown): void => this.inFlight.finished((message as { request: ClientRequest }).request);

  constructor(ports: { table: number; queue: number }) {
    this.services = new Map([[`:${ports.table}`, 'table'], [`:${ports.queue}`, 'queue']]);
    subscribe('http.client.request.start', this.onRequest);
    subscribe('http.client.response.finish', this.onResponse);
  }

  reset(): void {
    this.counts.clear();
    this.bytes.clear();
    this.inFlight.reset();
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  /** Mean request body size of the keys that match (0 if none). */
  meanBytes(matches: (key: string) => boolean): number {
    const keys = [...this.counts.keys()].filter(matches);
    const n = keys.reduce((a, k) => a + (this.counts.get(k) ?? 0), 0);
    return n === 0 ? 0 : keys.reduce((a, k) => a + (this.bytes.get(k) ?? 0), 0) / n;
  }

  stop(): void {
    unsubscribe('http.client.request.start', this.onRequest);
    unsubscribe('http.client.response.finish', this.onResponse);
  }
}

/** Time-weighted mean of the storage requests in flight: the storage concurrency a workload really has. */
export class InFlightMeter {
  private readonly open = new WeakSet<ClientRequest>();
  private count = 0;
  private area = 0;
  private since = performance.now();
  private last = this.since;

  started(request: ClientRequest): void {
    this.advance();
    this.open.add(request);
    this.count++;
  }

  finished(request: ClientRequest): void {
    if (!this.open.delete(request)) return;
    this.advance();
    this.count--;
  }

  reset(): void {
    this.advance();
    this.area = 0;
    this.since = this.last;
  }

  mean(): number {
    this.advance();
    return this.last > this.since ? this.area / (this.last - this.since) : 0;
  }

  private advance(): void {
    const now = performance.now();
    this.area += this.count * (now - this.last);
    this.last = now;
  }
}

/** CPU time (ms, all threads) so far of this process and of Azurite (Linux /proc; 10 ms ticks). */
export function cpuNow(azuritePid: number | undefined): { feed: number; azurite: number } {
  const own = process.cpuUsage();
  let azurite = NaN;
  try {
    const fields = readFileSync(`/proc/${azuritePid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    azurite = (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    // not Linux: Azurite's share stays unknown
  }
  return { feed: (own.user + own.system) / 1000, azurite };
}
