import { DomainError } from '../shared/domain/errors';
import { HL7_RECEIVE_ROUTE } from '../shared/settings/feed';
import { receiveHl7 } from '../shared/usecases/feed/receive-hl7';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/** The scheduling feed: one signed HL7 v2 message or batch in, the HL7 ACK out (docs/hl7-feed.md). */
httpFunction('hl7-receive', {
  route: HL7_RECEIVE_ROUTE,
  methods: ['POST'],
  handler: async (request, invocation) => {
    const { receive } = deps().feed;
    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > receive.maxBodyBytes) throw new DomainError('payload_too_large', `The body is larger than ${receive.maxBodyBytes} bytes; send smaller batches.`, { reason: 'HL7_BODY_TOO_LARGE' });
    const body = new Uint8Array(await request.arrayBuffer());
    const result = await receiveHl7(receive, { body, authorization: request.headers.get('authorization') ?? undefined }, invocation.log);
    invocation.log.info('scheduling feed request answered', { tenantId: result.tenantId, baseUrlId: result.baseUrlId, outcomes: result.outcomes });
    return { status: 200, headers: { 'Content-Type': 'application/hl7-v2; charset=utf-8', 'Cache-Control': 'no-store' }, body: result.ack };
  },
});
