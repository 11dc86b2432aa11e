import { replayDeadLetter } from '../shared/usecases/feed/dead-letters';
import { deps } from './_lib/app-context';
import { adminPrincipal } from './_lib/auth';
import { httpFunction } from './_lib/register';

/** Queues a dead letter's message again; it is applied exactly once like any other. */
httpFunction('hl7-dead-letter-replay', {
  route: 'tenants/{tenantId}/hl7/dead-letters/{id}/replay',
  methods: ['POST'],
  handler: async (request) => {
    const principal = await adminPrincipal(request);
    const replayed = await replayDeadLetter(deps().feed.deadLetterAdmin, principal, request.params.tenantId ?? '', request.params.id ?? '');
    return { status: 202, jsonBody: { replayed }, headers: { 'Cache-Control': 'no-store' } };
  },
});
