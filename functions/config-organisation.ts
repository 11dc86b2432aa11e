import { readOrganisation, saveOrganisation } from '../shared/usecases/config/organisation';
import { adminCall, json, jsonBody } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The organisation: GET, or PUT to create (no If-Match) / change (If-Match). */
httpFunction('config-organisation', {
  route: 'tenants/{tenantId}/organisation',
  methods: ['GET', 'PUT'],
  handler: async (request) => {
    const call = await adminCall(request);
    if (request.method === 'GET') {
      const org = await readOrganisation(deps().config, call);
      return json(200, org.value, org.etag);
    }
    const saved = await saveOrganisation(deps().config, { ...call, body: await jsonBody(request) });
    return json(saved.created ? 201 : 200, saved.organisation.value, saved.organisation.etag);
  },
});
