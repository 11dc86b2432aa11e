import { runPurgeTick } from '../shared/usecases/feed/run-purge-tick';
import { deps } from './_lib/app-context';
import { timerFunction } from './_lib/register';

/** Every minute: phone numbers of visits that have started are deleted (from the due index); expired approver sign-ins too. */
timerFunction('purge-tick', {
  schedule: '0 * * * * *',
  handler: async (_timer, invocation) => {
    await runPurgeTick(deps().feed.purge, invocation.log);
  },
});
