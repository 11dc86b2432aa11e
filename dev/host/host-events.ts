import { EventEmitter } from 'node:events';
import { redact } from '../../shared/observability/redact';

export interface InvocationRecord {
  functionName: string;
  invocationId: string;
  durationMs: number;
  ok: boolean;
  status?: number;
  error?: unknown;
}

/**
 * What the local host reports: every invocation (with id and duration), what functions
 * log, and queue messages moved to poison queues. Tests wait on these events rather
 * than sleeping; the CLI prints them as JSON lines.
 */
export class HostEvents extends EventEmitter {
  constructor(private readonly print: (line: string) => void = () => undefined) {
    super();
  }

  invocation(record: InvocationRecord): void {
    this.print(JSON.stringify(redact({ level: record.ok ? 'info' : 'error', msg: 'invocation', ...record, durationMs: Math.round(record.durationMs * 10) / 10 })));
    this.emit('invocation', record);
  }

  poisoned(record: { functionName: string; queueName: string; messageId: string; dequeueCount: number }): void {
    this.print(JSON.stringify({ level: 'warn', msg: 'message moved to poison queue', ...record }));
    this.emit('poisoned', record);
  }

  /** Whatever a function logs (through the shared logger or straight to the context) is redacted again here. */
  functionLog(level: string, args: unknown[]): void {
    const line = JSON.stringify(redact(asRecord(level, args)));
    this.print(line);
    this.emit('log', line);
  }

  log(level: string, msg: string, fields: Record<string, unknown> = {}): void {
    this.print(JSON.stringify(redact({ level, msg, ...fields })));
  }
}

function asRecord(level: string, args: unknown[]): unknown {
  const [first] = args;
  if (args.length === 1 && typeof first === 'string' && first.startsWith('{')) {
    try {
      return JSON.parse(first) as unknown;
    } catch {
      // not JSON after all: logged as text below
    }
  }
  return { level, msg: args };
}
