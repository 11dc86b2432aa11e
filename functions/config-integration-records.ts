import { readIntegrationRecords } from '../shared/usecases/config/integration-records';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The records to configure in the EHR, for every approved base URL. */
httpFunction('config-integration-records', {
  route: 'tenants/{tenantId}/integration-records',
  methods: ['GET'],
  handler: async (request) => json(200, await readIntegrationRecords(deps().config, await adminCall(request))),
});
