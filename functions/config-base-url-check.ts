import { checkBaseUrl } from '../shared/usecases/config/base-urls';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** Runs the reachability check (SMART configuration + R4 metadata) on a stored base URL. */
httpFunction('config-base-url-check', {
  route: 'tenants/{tenantId}/base-urls/{baseUrlId}/check',
  methods: ['POST'],
  handler: async (request) => {
    const call = await adminCall(request);
    return json(200, await checkBaseUrl(deps().config, { ...call, baseUrlId: request.params.baseUrlId ?? '' }));
  },
});
