import { runReminderTick } from '../shared/usecases/sms/run-reminder-tick';
import { deps } from './_lib/app-context';
import { timerFunction } from './_lib/register';

/** Every minute (six-field NCRONTAB, UTC): claim the reminders now due and queue one send each. */
timerFunction('reminders-tick', {
  schedule: '0 * * * * *',
  handler: async (_timer, invocation) => {
    const { sms } = deps();
    await runReminderTick({ clock: sms.clock, dueIndex: sms.dueIndex, workQueue: deps().workQueue, tickGeographies: sms.tickGeographies }, invocation.log);
  },
});
