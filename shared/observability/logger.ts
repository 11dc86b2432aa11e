import { redact, redactText } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line (for example the invocation id). */
  child(fields: LogFields): Logger;
}

/** Where a finished, already redacted line goes: stdout locally, the invocation context in Azure. */
export type LogSink = (level: LogLevel, line: string) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(sink: LogSink, base: LogFields = {}, minLevel: LogLevel = 'info'): Logger {
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const record = { level, msg: redactText(message), ...(redact({ ...base, ...fields }) as LogFields) };
    sink(level, JSON.stringify(record));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(sink, { ...base, ...fields }, minLevel),
  };
}

/** A sink that keeps lines in memory: tests scan it to prove nothing personal was logged. */
export function memorySink(): { sink: LogSink; lines: string[] } {
  const lines: string[] = [];
  return { lines, sink: (_level, line) => void lines.push(line) };
}

export const silentLogger: Logger = createLogger(() => undefined);
