import { addBaseUrl, listBaseUrls } from '../shared/usecases/config/base-urls';
import { adminCall, json, jsonBody, listEtag } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** FHIR base URLs: list, or add one (checked for reachability first). */
httpFunction('config-base-urls', {
  route: 'tenants/{tenantId}/base-urls',
  methods: ['GET', 'POST'],
  handler: async (request) => {
    const call = await adminCall(request);
    if (request.method === 'GET') {
      const all = await listBaseUrls(deps().config, call);
      return json(200, { baseUrls: all.map((b) => ({ ...b.value, etag: b.etag })) }, listEtag(all.map((b) => b.etag)));
    }
    const created = await addBaseUrl(deps().config, { ...call, body: await jsonBody(request) });
    return json(201, created.value, created.etag, { Location: `${new URL(request.url).pathname}/${created.value.id}` });
  },
});
