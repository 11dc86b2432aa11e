import { listDeadLetters } from '../shared/usecases/feed/dead-letters';
import { deps } from './_lib/app-context';
import { adminPrincipal } from './_lib/auth';
import { httpFunction } from './_lib/register';

/** Scheduling messages that failed after every retry, with their reasons (mobile masked). */
httpFunction('hl7-dead-letters', {
  route: 'tenants/{tenantId}/hl7/dead-letters',
  methods: ['GET'],
  handler: async (request) => {
    const principal = await adminPrincipal(request);
    const letters = await listDeadLetters(deps().feed.deadLetterAdmin, principal, request.params.tenantId ?? '');
    return { status: 200, jsonBody: { deadLetters: letters }, headers: { 'Cache-Control': 'no-store' } };
  },
});
