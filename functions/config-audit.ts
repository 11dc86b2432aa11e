import { readAuditTrail } from '../shared/usecases/config/audit-read';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The configuration's audit trail, newest first (`?limit=`, `?before=` from `next`). */
httpFunction('config-audit', {
  route: 'tenants/{tenantId}/audit',
  methods: ['GET'],
  handler: async (request) => {
    const call = await adminCall(request);
    return json(200, await readAuditTrail(deps().config, { ...call, limit: request.query.get('limit'), before: request.query.get('before') }));
  },
});
