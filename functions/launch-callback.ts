import { completeLaunch } from '../shared/usecases/launch/complete-launch';
import { deps } from './_lib/app-context';
import { launchErrorPage, redirect } from './_lib/html';
import { queryOf } from './_lib/launch-handler';
import { httpFunction } from './_lib/register';

/** The EHR sends the browser back here with `code` + `state` (or `error`); the person lands in the visit. */
httpFunction('launch-callback', {
  route: 'launch/callback',
  methods: ['GET'],
  handler: async (request, invocation) => {
    try {
      const result = await completeLaunch(deps().launch, queryOf(request));
      invocation.log.info('launch completed', { role: result.role, meetingId: result.visit.meetingId });
      return redirect(result.redirectTo);
    } catch (error) {
      return launchErrorPage(error, invocation.id, invocation.log);
    }
  },
});
