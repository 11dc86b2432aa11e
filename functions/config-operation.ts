import { pollOperation } from '../shared/usecases/config/phone-numbers';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** A long-running operation (number purchase): poll until `status` is succeeded or failed. */
httpFunction('config-operation', {
  route: 'tenants/{tenantId}/operations/{operationId}',
  methods: ['GET'],
  handler: async (request) => {
    const call = await adminCall(request);
    const operation = await pollOperation(deps().config, { ...call, operationId: request.params.operationId ?? '' });
    return json(200, operation, undefined, operation.status === 'running' ? { 'Retry-After': '2' } : {});
  },
});
