import type { Logger } from '../../observability/logger';
import type { LaunchStateStore } from '../../ports/launch-state-store';

/** A launch state lives 10 minutes; one a day old belongs to a launch whose callback never came. */
export const ABANDONED_LAUNCH_AGE_MS = 24 * 60 * 60 * 1000;

export async function sweepAbandonedLaunches(deps: { launchStates: LaunchStateStore }, log: Logger): Promise<number> {
  const forgotten = await deps.launchStates.forgetAbandoned(ABANDONED_LAUNCH_AGE_MS);
  if (forgotten > 0) log.info('abandoned launch states deleted', { forgotten });
  return forgotten;
}
