import { startApprovalSignIn } from '../shared/usecases/config/approval';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The named approver starts their EHR sign-in for a base URL: answers the EHR authorize URL to open. */
httpFunction('config-approval-sign-in', {
  route: 'tenants/{tenantId}/base-urls/{baseUrlId}/approval/sign-in',
  methods: ['POST'],
  handler: async (request) => {
    const call = await adminCall(request);
    return json(201, await startApprovalSignIn(deps().config, { ...call, baseUrlId: request.params.baseUrlId ?? '' }));
  },
});
