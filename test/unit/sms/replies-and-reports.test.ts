import { deliveryOutcome, statusMayMove } from '../../../shared/domain/sms/delivery-status';
import { parseEventGridBatch } from '../../../shared/domain/sms/event-grid';
import { derivedUuid, recipientHash } from '../../../shared/domain/sms/keyed-hash';
import { maskPhoneNumber } from '../../../shared/domain/config/sms-rules';
import { joinLinkState, joinToken, JOIN_TOKEN_PATTERN } from '../../../shared/domain/sms/join-link';
import { applyOptOutChange, replyKeyword } from '../../../shared/domain/sms/opt-out';
import { secretMatches } from '../../../shared/domain/sms/webhook-secret';

describe('reply keywords', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit!'])('%p opts out', (text) => expect(replyKeyword(text)).toBe('opt_out'));
  it.each(['START', 'unstop', 'Start'])('%p opts in', (text) => expect(replyKeyword(text)).toBe('opt_in'));
  it('HELP asks for help', () => expect(replyKeyword('help')).toBe('help'));
  it.each(['please stop calling', 'stopp', 'ok', '', 'STOP STOP'])('%p is no keyword', (text) => expect(replyKeyword(text)).toBeUndefined());

  it('applies only newer opt-out changes (replays and reordering are harmless)', () => {
    const t1 = { optedOut: true, changedAt: new Date('2026-01-01T10:00:00Z') };
    const t2 = { optedOut: false, changedAt: new Date('2026-01-01T11:00:00Z') };
    expect(applyOptOutChange(undefined, t1)).toEqual(t1);
    expect(applyOptOutChange(t2, t1)).toBeUndefined();
    expect(applyOptOutChange(t1, t1)).toBeUndefined();
    expect(applyOptOutChange(t1, t2)).toEqual(t2);
  });
});

describe('delivery status mapping', () => {
  it.each([
    ['Delivered', 'No error.', 'delivered'],
    ['Failed', 'Not delivered - blocked by recipient/opted out', 'blocked_by_recipient'],
    ['Failed', 'Invalid phone number', 'invalid_number'],
    ['Failed', "Phone number doesn't exist", 'number_does_not_exist'],
    ['Failed', 'Blocked phone number', 'blocked_number'],
    ['Failed', 'Unreachable', 'unreachable'],
    ['Failed', 'Spam detected', 'spam_detected'],
    ['Failed', 'Something odd happened', 'other_error'],
    ['Failed', undefined, 'other_error'],
  ])('%s / %s -> %s', (status, details, outcome) => expect(deliveryOutcome(status, details)).toBe(outcome));

  it('moves statuses forward only', () => {
    expect(statusMayMove('sending', 'sent')).toBe(true);
    expect(statusMayMove('sent', 'delivered')).toBe(true);
    expect(statusMayMove('sending', 'delivered')).toBe(true);
    expect(statusMayMove('delivered', 'sent')).toBe(false);
    expect(statusMayMove('delivered', 'unreachable')).toBe(false);
    expect(statusMayMove('skipped', 'sent')).toBe(false);
    expect(statusMayMove('failed', 'sent')).toBe(false);
  });
});

describe('Event Grid batch parsing', () => {
  it('reads a validation event, a PascalCase and a camelCase delivery report and a reply', () => {
    const parsed = parseEventGridBatch([
      { id: '1', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'abc' } },
      { id: '2', eventType: 'Microsoft.Communication.SMSDeliveryReportReceived', data: { MessageId: 'Outgoing_1', From: '18005550100', To: '+16085550142', DeliveryStatus: 'Delivered', DeliveryStatusDetails: 'No error.', ReceivedTimestamp: '2020-09-18T00:22:20.2855749Z', DeliveryAttempts: [{ Timestamp: '2020-09-18T00:22:14.9315918Z', SegmentsSucceeded: 1, SegmentsFailed: 0 }], Tag: 't' } },
      { id: '3', eventType: 'Microsoft.Communication.SMSDeliveryReportReceived', data: { messageId: 'Outgoing_2', deliveryStatus: 'Failed', deliveryStatusDetails: 'Unreachable', receivedTimestamp: '2020-09-18T00:22:20Z' } },
      { id: '4', eventType: 'Microsoft.Communication.SMSReceived', data: { MessageId: 'Incoming_1', From: '16085550142', To: '18005550100', Message: 'STOP', ReceivedTimestamp: '2020-09-18T00:27:45Z' } },
      { id: '5', eventType: 'Microsoft.Storage.BlobCreated', data: {} },
    ]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.events.map((e) => e.kind)).toEqual(['validation', 'delivery_report', 'delivery_report', 'received', 'ignored']);
    expect(parsed.events[1]).toMatchObject({ providerMessageId: 'Outgoing_1', deliveryStatus: 'Delivered', tag: 't', segmentsSucceeded: 1 });
  });

  it('names the field of a bad event and accepts none of the batch', () => {
    const parsed = parseEventGridBatch([
      { id: '1', eventType: 'Microsoft.Communication.SMSReceived', data: { MessageId: 'x', From: '1', To: '2', Message: 'STOP' } },
      { id: '2', eventType: 'Microsoft.Communication.SMSDeliveryReportReceived', data: { MessageId: 'x' } },
    ]);
    expect(parsed).toEqual({ ok: false, field: '1.data.deliverystatus', message: expect.any(String) });
    expect(parseEventGridBatch([{ eventType: 'x' }])).toMatchObject({ ok: false, field: '0.id' });
    expect(parseEventGridBatch([])).toMatchObject({ ok: false, field: 'body' });
  });
});

describe('keyed hashes, tokens and secrets', () => {
  it('hashes a recipient with the key: stable, keyed, not the number', () => {
    const a = recipientHash('k'.repeat(32), '+16085550142');
    expect(a).toBe(recipientHash('k'.repeat(32), '+16085550142'));
    expect(a).not.toBe(recipientHash('j'.repeat(32), '+16085550142'));
    expect(a).not.toContain('6085550142');
    expect(a).toHaveLength(43);
  });

  it('derives a UUID-shaped repeatability id', () => {
    expect(derivedUuid('k', 'repeatability', 'm:0')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedUuid('k', 'repeatability', 'm:0')).not.toBe(derivedUuid('k', 'repeatability', 'm:1'));
  });

  it('masks a number for the outbox page', () => expect(maskPhoneNumber('+16085550142')).toBe('+1608•••0142'));

  it('makes 22-character join tokens that differ per appointment and key', () => {
    const ref = { tenantId: 't', baseUrlId: 'b', appointmentId: 'a1' };
    const t = joinToken('k'.repeat(32), ref);
    expect(t).toMatch(JOIN_TOKEN_PATTERN);
    expect(joinToken('k'.repeat(32), { ...ref, appointmentId: 'a2' })).not.toBe(t);
    expect(joinToken('j'.repeat(32), ref)).not.toBe(t);
  });

  it('closes the join link after the window and on cancellation', () => {
    const startsAt = new Date('2026-05-04T15:00:00Z');
    const state = (now: string, status = 'booked') => joinLinkState({ found: true, status, startsAt, windowMinutes: 240, now: new Date(now) });
    expect(state('2026-05-03T15:00:00Z')).toBe('open');
    expect(state('2026-05-04T18:59:00Z')).toBe('open');
    expect(state('2026-05-04T19:00:00Z')).toBe('expired');
    expect(state('2026-05-04T14:00:00Z', 'cancelled')).toBe('cancelled');
    expect(joinLinkState({ found: false, windowMinutes: 240, now: startsAt })).toBe('unknown');
  });

  it('compares the webhook secret exactly', () => {
    expect(secretMatches('s'.repeat(40), 's'.repeat(40))).toBe(true);
    expect(secretMatches('s'.repeat(39), 's'.repeat(40))).toBe(false);
    expect(secretMatches(undefined, 's'.repeat(40))).toBe(false);
    expect(secretMatches('', 's'.repeat(40))).toBe(false);
  });
});
