import type { OutgoingSms, SendOutcome, SmsSender } from '../../ports/sms-sender';
import type { Clock } from '../../ports/clock';
import type { OutboxStore } from './outbox-store';

/** SmsSender for local development: the text goes to the outbox (shown at `/dev/sms`), not to a phone. */
export class OutboxSmsSender implements SmsSender {
  constructor(private readonly store: OutboxStore, private readonly clock: Clock) {}

  async send(sms: OutgoingSms): Promise<SendOutcome> {
    const stored = await this.store.add({ from: sms.from, to: sms.to, text: sms.text, tag: sms.tag, repeatabilityId: sms.repeatabilityId, at: this.clock.now() });
    return { kind: 'accepted', providerMessageId: stored.providerMessageId, repeated: stored.repeated };
  }
}
