import type { InvocationContext } from '@azure/functions';
import { createLogger, type LogLevel, type Logger } from '../../shared/observability/logger';

/** What every handler gets besides its trigger input: the invocation id and a redacting logger. */
export interface Invocation {
  id: string;
  functionName: string;
  log: Logger;
  context: InvocationContext;
}

export function invocationOf(context: InvocationContext, minLevel: LogLevel): Invocation {
  const sink = (level: LogLevel, line: string): void => {
    if (level === 'error') context.error(line);
    else if (level === 'warn') context.warn(line);
    else if (level === 'debug') context.debug(line);
    else context.info(line);
  };
  const log = createLogger(sink, { invocationId: context.invocationId, functionName: context.functionName }, minLevel);
  return { id: context.invocationId, functionName: context.functionName, log, context };
}
