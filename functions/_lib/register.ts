import { app, type HttpHandler, type HttpRequest, type HttpResponseInit, type InvocationContext, type Timer } from '@azure/functions';
import type { QueueName } from '../../shared/ports/queue-names';
import { appSettings } from './app-context';
import { insideAzureFunctionsWorker } from './azure-worker';
import { invocationOf, type Invocation } from './invocation';
import { problemResponse } from './problem';

/**
 * The one way functions register. Each call registers with Azure (`app.*`) and
 * records the definition, so the local host serves exactly the list Azure loads.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
export type AppHttpHandler = (request: HttpRequest, invocation: Invocation) => Promise<HttpResponseInit>;
export type AppQueueHandler = (message: unknown, invocation: QueueInvocation) => Promise<void>;
export type AppTimerHandler = (timer: Timer, invocation: Invocation) => Promise<void>;
export interface QueueInvocation extends Invocation {
  /** 1 on the first delivery, then 2, 3, ... (storage `dequeueCount`, Service Bus `deliveryCount`). */
  dequeueCount: number;
}

export type QueueHandler = (message: unknown, context: InvocationContext) => Promise<void>;
export type TimerFunctionHandler = (timer: Timer, context: InvocationContext) => Promise<void>;

export type FunctionDefinition =
  | { kind: 'http'; name: string; route: string; methods: HttpMethod[]; handler: HttpHandler }
  | { kind: 'timer'; name: string; schedule: string; runOnStartup: boolean; handler: TimerFunctionHandler }
  | { kind: 'storageQueue'; name: string; queueName: string; connection: string; handler: QueueHandler }
  | { kind: 'serviceBusQueue'; name: string; queueName: string; connection: string; handler: QueueHandler };

/** App setting names the Azure bindings read their connections from. */
export const STORAGE_CONNECTION_SETTING = 'STORAGE_CONNECTION';
export const SERVICEBUS_CONNECTION_SETTING = 'SERVICEBUS';

const registry: FunctionDefinition[] = [];
const registerWithAzure = insideAzureFunctionsWorker();

export function registeredFunctions(): readonly FunctionDefinition[] {
  return registry;
}

function record(definition: FunctionDefinition): void {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) throw new Error(`Function name "${definition.name}" must be kebab-case`);
  if (registry.some((d) => d.name === definition.name)) throw new Error(`Function "${definition.name}" is registered twice`);
  registry.push(definition);
}

const logLevel = () => appSettings().core.logLevel;

export function httpFunction(name: string, options: { route: string; methods: HttpMethod[]; handler: AppHttpHandler }): void {
  const handler: HttpHandler = async (request, context) => {
    const invocation = invocationOf(context, logLevel());
    try {
      return await options.handler(request, invocation);
    } catch (error) {
      return problemResponse(error, invocation.id, invocation.log);
    }
  };
  record({ kind: 'http', name, route: options.route, methods: options.methods, handler });
  if (registerWithAzure) app.http(name, { route: options.route, methods: options.methods, authLevel: 'anonymous', handler });
}

export function timerFunction(name: string, options: { schedule: string; runOnStartup?: boolean; handler: AppTimerHandler }): void {
  const handler: TimerFunctionHandler = async (timer, context) => {
    const invocation = invocationOf(context, logLevel());
    await rethrowLogged(invocation, () => options.handler(timer, invocation));
  };
  const runOnStartup = options.runOnStartup ?? false;
  record({ kind: 'timer', name, schedule: options.schedule, runOnStartup, handler });
  if (registerWithAzure) app.timer(name, { schedule: options.schedule, runOnStartup, handler });
}

/** A queue-triggered function on whichever transport the settings pick (storage queue or Service Bus). */
export function queueFunction(name: string, options: { queue: QueueName; handler: AppQueueHandler }): void {
  const handler: QueueHandler = async (message, context) => {
    const meta = context.triggerMetadata ?? {};
    const count = Number(meta.dequeueCount ?? meta.deliveryCount ?? 1);
    const invocation: QueueInvocation = { ...invocationOf(context, logLevel()), dequeueCount: Number.isFinite(count) ? count : 1 };
    await rethrowLogged(invocation, () => options.handler(message, invocation));
  };
  if (appSettings().storage.queueTransport === 'servicebus') {
    record({ kind: 'serviceBusQueue', name, queueName: options.queue, connection: SERVICEBUS_CONNECTION_SETTING, handler });
    if (registerWithAzure) app.serviceBusQueue(name, { queueName: options.queue, connection: SERVICEBUS_CONNECTION_SETTING, isSessionsEnabled: true, handler });
  } else {
    record({ kind: 'storageQueue', name, queueName: options.queue, connection: STORAGE_CONNECTION_SETTING, handler });
    if (registerWithAzure) app.storageQueue(name, { queueName: options.queue, connection: STORAGE_CONNECTION_SETTING, handler });
  }
}

async function rethrowLogged(invocation: Invocation, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    invocation.log.error('invocation failed', { error });
    throw error;
  }
}
