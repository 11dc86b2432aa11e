import { readSmsConsents, saveSmsConsents } from '../shared/usecases/config/sms-consents';
import { adminCall, json, jsonBody } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The two SMS consents: read, or give / withdraw (If-Match once they exist). */
httpFunction('config-sms-consents', {
  route: 'tenants/{tenantId}/sms/consents',
  methods: ['GET', 'PUT'],
  handler: async (request) => {
    const call = await adminCall(request);
    if (request.method === 'GET') {
      const found = await readSmsConsents(deps().config, call);
      return json(200, found.value, found.etag);
    }
    const saved = await saveSmsConsents(deps().config, { ...call, body: await jsonBody(request) });
    return json(200, saved.value, saved.etag);
  },
});
