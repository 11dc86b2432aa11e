import { sweepAbandonedLaunches } from '../shared/usecases/launch/sweep-abandoned-launches';
import { deps } from './_lib/app-context';
import { timerFunction } from './_lib/register';

/** Hourly: launch states (with their PKCE verifiers) of launches whose callback never came are deleted. */
timerFunction('launch-state-sweep', {
  schedule: '0 17 * * * *',
  handler: async (_timer, invocation) => {
    await sweepAbandonedLaunches(deps().launch, invocation.log);
  },
});
