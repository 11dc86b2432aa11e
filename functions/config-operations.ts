import { listRunningOperations } from '../shared/usecases/config/running-operations';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The tenant's operations still running (number purchases), oldest first; poll each at `href`. */
httpFunction('config-operations', {
  route: 'tenants/{tenantId}/operations',
  methods: ['GET'],
  handler: async (request) => {
    const call = await adminCall(request);
    const running = await listRunningOperations(deps().config, call);
    return json(200, { operations: running.map((o) => ({ ...o, href: `/api/tenants/${call.tenantId}/operations/${o.id}` })) });
  },
});
