import { confirmApproval } from '../shared/usecases/config/approval';
import { adminCall, json, jsonBody } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The named approver approves a base URL with their finished EHR sign-in (If-Match of the base URL). */
httpFunction('config-approval', {
  route: 'tenants/{tenantId}/base-urls/{baseUrlId}/approval',
  methods: ['POST'],
  handler: async (request) => {
    const call = await adminCall(request);
    const approved = await confirmApproval(deps().config, { ...call, baseUrlId: request.params.baseUrlId ?? '', body: await jsonBody(request) });
    return json(200, approved.value, approved.etag);
  },
});
