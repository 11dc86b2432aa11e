import { saveBaseUrlSmsSettings } from '../shared/usecases/config/sms-settings';
import { adminCall, json, jsonBody } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** A base URL's SMS: linked number, confirmation, reminders and their intervals (If-Match of the base URL). */
httpFunction('config-base-url-sms', {
  route: 'tenants/{tenantId}/base-urls/{baseUrlId}/sms',
  methods: ['PUT'],
  handler: async (request) => {
    const call = await adminCall(request);
    const saved = await saveBaseUrlSmsSettings(deps().config, { ...call, baseUrlId: request.params.baseUrlId ?? '', body: await jsonBody(request) });
    return json(200, saved.value, saved.etag);
  },
});
