import { Cron } from 'croner';
import type { Timer } from '@azure/functions';
import type { FunctionDefinition } from '../../functions/_lib/register';
import type { HostEvents } from './host-events';
import { newContext } from './http-server';

type TimerDefinition = Extract<FunctionDefinition, { kind: 'timer' }>;

/**
 * Fires timer functions on their six-field NCRONTAB schedules ({second} {minute} {hour}
 * {day} {month} {day-of-week}, UTC as in Azure), never two runs of one function at once.
 */
export class TimerScheduler {
  private readonly jobs: Cron[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly definitions: TimerDefinition[], private readonly events: HostEvents) {
    definitions.forEach(assertSixFields);
  }

  start(): void {
    for (const definition of this.definitions) {
      let last = new Date();
      const job = new Cron(definition.schedule, { timezone: 'UTC', protect: true }, async (self: Cron) => {
        const next = self.nextRun() ?? new Date();
        const run = this.fire(definition, { last, next });
        last = new Date();
        this.running.add(run);
        await run.finally(() => this.running.delete(run));
      });
      this.jobs.push(job);
      if (definition.runOnStartup) void job.trigger();
    }
  }

  async stop(): Promise<void> {
    for (const job of this.jobs) job.stop();
    await Promise.allSettled([...this.running]);
  }

  private async fire(definition: TimerDefinition, status: { last: Date; next: Date }): Promise<void> {
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: true },
      scheduleStatus: { last: status.last.toISOString(), next: status.next.toISOString(), lastUpdated: new Date().toISOString() },
    };
    const context = newContext(definition.name, this.events);
    const started = performance.now();
    try {
      await definition.handler(timer, context);
      this.events.invocation({ functionName: definition.name, invocationId: context.invocationId, durationMs: performance.now() - started, ok: true });
    } catch (error) {
      this.events.invocation({ functionName: definition.name, invocationId: context.invocationId, durationMs: performance.now() - started, ok: false, error });
    }
  }
}

function assertSixFields(definition: TimerDefinition): void {
  if (definition.schedule.trim().split(/\s+/).length !== 6) {
    throw new Error(`Timer "${definition.name}" needs a six-field NCRONTAB schedule ({second} {minute} {hour} {day} {month} {day-of-week}), got "${definition.schedule}"`);
  }
}
