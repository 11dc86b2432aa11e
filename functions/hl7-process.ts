import { QUEUES } from '../shared/ports/queue-names';
import { processFeedItem } from '../shared/usecases/feed/process-feed-item';
import { deps } from './_lib/app-context';
import { queueFunction } from './_lib/register';

/** Applies queued scheduling messages to appointments, in order, exactly once. */
queueFunction('hl7-process', {
  queue: QUEUES.hl7Process,
  handler: async (message, invocation) => {
    await processFeedItem(deps().feed.process, message, invocation.dequeueCount, invocation.log);
  },
});
