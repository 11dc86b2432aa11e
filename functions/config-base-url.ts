import { changeBaseUrl, readBaseUrl, removeBaseUrl } from '../shared/usecases/config/base-urls';
import { adminCall, json, jsonBody, noContent } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** One base URL: read, change (If-Match; may send it back to pending approval), remove (If-Match). */
httpFunction('config-base-url', {
  route: 'tenants/{tenantId}/base-urls/{baseUrlId}',
  methods: ['GET', 'PATCH', 'DELETE'],
  handler: async (request) => {
    const call = await adminCall(request);
    const baseUrlId = request.params.baseUrlId ?? '';
    if (request.method === 'GET') {
      const found = await readBaseUrl(deps().config, { ...call, baseUrlId });
      return json(200, found.value, found.etag);
    }
    if (request.method === 'DELETE') {
      await removeBaseUrl(deps().config, { ...call, baseUrlId });
      return noContent();
    }
    const changed = await changeBaseUrl(deps().config, { ...call, baseUrlId, body: await jsonBody(request) });
    return json(200, { ...changed.baseUrl.value, ...(changed.notice ? { notice: changed.notice } : {}) }, changed.baseUrl.etag);
  },
});
