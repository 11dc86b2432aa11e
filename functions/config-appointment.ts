import { troubleshootAppointment } from '../shared/usecases/config/troubleshoot-appointment';
import { adminCall, json } from './_lib/admin-http';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** Troubleshooting: one appointment's status, start, masked phone number, reminders and last HL7 control id. */
httpFunction('config-appointment', {
  route: 'tenants/{tenantId}/appointments/{baseUrlId}/{appointmentId}',
  methods: ['GET'],
  handler: async (request) => {
    const call = await adminCall(request);
    return json(200, await troubleshootAppointment(deps().config, { ...call, baseUrlId: request.params.baseUrlId ?? '', appointmentId: request.params.appointmentId ?? '' }));
  },
});
