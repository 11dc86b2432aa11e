import { listPhoneNumbers, startPhoneNumberPurchase } from '../shared/usecases/config/phone-numbers';
import { adminCall, json, jsonBody, listEtag } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** Sending numbers: list, or start a purchase (202 + the operation to poll). */
httpFunction('config-phone-numbers', {
  route: 'tenants/{tenantId}/phone-numbers',
  methods: ['GET', 'POST'],
  handler: async (request) => {
    const call = await adminCall(request);
    if (request.method === 'GET') {
      const all = await listPhoneNumbers(deps().config, call);
      return json(200, { phoneNumbers: all.map((p) => p.value) }, listEtag(all.map((p) => p.etag)));
    }
    const operation = await startPhoneNumberPurchase(deps().config, { ...call, body: await jsonBody(request) });
    const location = `/api/tenants/${call.tenantId}/operations/${operation.id}`;
    return json(202, { ...operation, href: location }, undefined, { Location: location, 'Retry-After': '2' });
  },
});
