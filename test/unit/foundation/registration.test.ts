import { readdirSync } from 'node:fs';
import path from 'node:path';
import { testEnvironment } from '../../support/settings';
import { loadSettings } from '../../../shared/settings';

/**
 * Inside Azure, `@azure/functions` hands each registration to the worker's
 * `@azure/functions-core`. A virtual mock of that module stands in for the worker,
 * so this test sees exactly what Azure would load.
 */
const received: { name: string; bindings: Record<string, { type: string; direction: string; [k: string]: unknown }> }[] = [];
jest.mock(
  '@azure/functions-core',
  () => ({
    registerFunction: (metadata: { name: string; bindings: Record<string, { type: string; direction: string }> }) => {
      received.push(metadata);
      return { dispose: () => undefined };
    },
    setProgrammingModel: () => undefined,
    getProgrammingModel: () => ({ name: '@azure/functions', version: '4' }),
    on: () => ({ dispose: () => undefined }),
    registerHook: () => ({ dispose: () => undefined }),
    Disposable: class {},
  }),
  { virtual: true },
);

const functionsDir = path.resolve(__dirname, '..', '..', '..', 'functions');
const functionFiles = readdirSync(functionsDir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));

describe('function registration', () => {
  let registry: typeof import('../../../functions/_lib/register');

  beforeAll(() => {
    jest.isolateModules(() => {
      const { configureApp } = require('../../../functions/_lib/app-context') as typeof import('../../../functions/_lib/app-context');
      configureApp(loadSettings(testEnvironment()));
      registry = require('../../../functions/_lib/register') as typeof import('../../../functions/_lib/register');
      for (const file of functionFiles) require(path.join(functionsDir, file));
    });
  });

  it('registers every function file under its own file name, once', () => {
    const names = registry.registeredFunctions().map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const file of functionFiles) expect(names).toContain(file);
  });

  it('hands Azure exactly the functions the local host serves, with their triggers', () => {
    const local = registry.registeredFunctions();
    expect(received.map((r) => r.name).sort()).toEqual(local.map((d) => d.name).sort());
    for (const definition of local) {
      const azure = received.find((r) => r.name === definition.name)!;
      const trigger = Object.values(azure.bindings).find((b) => b.direction === 'in' && /Trigger$/.test(b.type))!;
      if (definition.kind === 'http') expect(trigger).toMatchObject({ type: 'httpTrigger', route: definition.route, authLevel: 'anonymous' });
      if (definition.kind === 'timer') expect(trigger).toMatchObject({ type: 'timerTrigger', schedule: definition.schedule });
      if (definition.kind === 'storageQueue') expect(trigger).toMatchObject({ type: 'queueTrigger', queueName: definition.queueName, connection: 'STORAGE_CONNECTION' });
    }
  });

  it('every timer has a six-field NCRONTAB schedule', () => {
    for (const d of registry.registeredFunctions()) if (d.kind === 'timer') expect(d.schedule.trim().split(/\s+/)).toHaveLength(6);
  });

  it('refuses a name that is not kebab-case, and a second registration of one name', () => {
    const handler = async () => ({ status: 204 });
    expect(() => registry.httpFunction('Bad_Name', { route: 'x', methods: ['GET'], handler })).toThrow(/kebab-case/);
    expect(() => registry.httpFunction('health', { route: 'health2', methods: ['GET'], handler })).toThrow(/registered twice/);
  });
});

describe('function registration on Service Bus (QUEUE_TRANSPORT=servicebus)', () => {
  it('registers every queue function as a session-enabled Service Bus trigger on the SERVICEBUS connection', () => {
    const before = received.length;
    let definitions: readonly import('../../../functions/_lib/register').FunctionDefinition[] = [];
    jest.isolateModules(() => {
      const { configureApp } = require('../../../functions/_lib/app-context') as typeof import('../../../functions/_lib/app-context');
      configureApp(loadSettings(testEnvironment({ QUEUE_TRANSPORT: 'servicebus', SERVICEBUS_NAMESPACE: 'connector.servicebus.windows.net' })));
      const registry = require('../../../functions/_lib/register') as typeof import('../../../functions/_lib/register');
      for (const file of functionFiles) require(path.join(functionsDir, file));
      definitions = registry.registeredFunctions();
    });
    const queues = definitions.filter((d) => d.kind === 'serviceBusQueue');
    expect(queues.map((d) => d.name).sort()).toEqual(['hl7-process', 'sms-send']);
    expect(definitions.some((d) => d.kind === 'storageQueue')).toBe(false);
    for (const q of queues) {
      const azure = received.slice(before).find((r) => r.name === q.name)!;
      const trigger = Object.values(azure.bindings).find((b) => b.direction === 'in' && /Trigger$/.test(b.type))!;
      expect(trigger).toMatchObject({ type: 'serviceBusTrigger', connection: 'SERVICEBUS', isSessionsEnabled: true, queueName: q.kind === 'serviceBusQueue' ? q.queueName : '' });
    }
  });
});
