import { smsRequestSchema } from '../shared/domain/sms-request';
import { DomainError } from '../shared/domain/errors';
import { QUEUES } from '../shared/ports/queue-names';
import { sendSms } from '../shared/usecases/sms/send-sms';
import { deps } from './_lib/app-context';
import { queueFunction } from './_lib/register';

/** One SMS request from the `sms-send` queue: decide at send time, send at most once, re-queue with a delay when asked to wait. */
queueFunction('sms-send', {
  queue: QUEUES.smsSend,
  handler: async (message, invocation) => {
    const parsed = smsRequestSchema.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'message';
      throw new DomainError('validation', `The SMS request is not valid: ${field} ${issue?.message ?? ''}`.trim(), { fields: [{ field, message: issue?.message ?? 'is not valid' }] });
    }
    const result = await sendSms({ ...deps().sms, workQueue: deps().workQueue }, parsed.data, invocation.log);
    invocation.log.info('sms request handled', { outcome: result.outcome, messageId: result.messageId, dequeueCount: invocation.dequeueCount });
  },
});
