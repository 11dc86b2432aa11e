import { DomainError } from '../shared/domain/errors';
import { parseEventGridBatch } from '../shared/domain/sms/event-grid';
import { secretMatches } from '../shared/domain/sms/webhook-secret';
import { handleSmsEvents } from '../shared/usecases/sms/handle-sms-events';
import { deps } from './_lib/app-context';
import { httpFunction } from './_lib/register';

/**
 * Event Grid webhook for Azure Communication Services SMS events. The subscription URL
 * carries `?secret=...` (or the `x-events-secret` delivery header); without it nothing is read.
 * OPTIONS answers the CloudEvents abuse-protection handshake; the Event Grid schema
 * handshake is the SubscriptionValidationEvent in a POST.
 */
httpFunction('sms-events', {
  route: 'sms/events',
  methods: ['POST', 'OPTIONS'],
  handler: async (request, invocation) => {
    const { sms } = deps();
    const given = request.query.get('secret') ?? request.headers.get('x-events-secret');
    if (!secretMatches(given, sms.eventsSecret)) throw new DomainError('unauthorized', 'This endpoint accepts only the configured Event Grid subscription.', { reason: 'SMS_EVENTS_SECRET_MISMATCH' });
    if (request.method === 'OPTIONS') {
      return { status: 200, headers: { 'WebHook-Allowed-Origin': request.headers.get('webhook-request-origin') ?? '*', 'WebHook-Allowed-Rate': '120' } };
    }
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      throw new DomainError('validation', 'The body must be a JSON array of Event Grid events.', { fields: [{ field: 'body', message: 'is not JSON' }] });
    }
    const parsed = parseEventGridBatch(body);
    if (!parsed.ok) throw new DomainError('validation', `The event batch is not valid: ${parsed.field} ${parsed.message}.`, { fields: [{ field: parsed.field, message: parsed.message }] });
    const result = await handleSmsEvents(sms, parsed.events, invocation.log);
    if (result.validationResponse !== undefined) return { status: 200, jsonBody: { validationResponse: result.validationResponse } };
    return { status: 200, jsonBody: { deliveryReports: result.deliveryReports, optOuts: result.optOuts, optIns: result.optIns, helpReplies: result.helpReplies, ignored: result.ignored } };
  },
});
