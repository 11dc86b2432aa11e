import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { z } from 'zod';

/**
 * The SMS SDK writes a fresh random `repeatabilityRequestId` and `repeatabilityFirstSent`
 * on every `send` call, so only its own in-call retries are recognised as repeats. Our
 * retries come later from the queue; to make the service recognise those too, the adapter
 * passes the message's own id and first-attempt time in a private header and this policy
 * (after serialisation, before the HMAC signing policy) writes them into the body.
 */
export const REPEATABILITY_HEADER = 'x-connector-repeatability';

const bodySchema = z.looseObject({
  smsRecipients: z.array(z.looseObject({ to: z.string() })).min(1),
});

export const repeatabilityPolicy: PipelinePolicy = {
  name: 'connectorRepeatabilityPolicy',
  async sendRequest(request, next) {
    const value = request.headers.get(REPEATABILITY_HEADER);
    if (value !== undefined) {
      request.headers.delete(REPEATABILITY_HEADER);
      const [id, firstSent] = value.split(';');
      if (typeof request.body === 'string' && id && firstSent) {
        const parsed = bodySchema.safeParse(JSON.parse(request.body));
        if (parsed.success) {
          const body = { ...parsed.data, smsRecipients: parsed.data.smsRecipients.map((r) => ({ ...r, repeatabilityRequestId: id, repeatabilityFirstSent: firstSent })) };
          request.body = JSON.stringify(body);
        }
      }
    }
    return next(request);
  },
};
