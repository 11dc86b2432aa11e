import type { DeliveryOutcome, SmsStatus } from './sms-types';

/**
 * Maps a delivery report (`DeliveryStatus` is "Delivered" or "Failed"; the reason is in the
 * free-text `DeliveryStatusDetails`) to the outcomes shown in reports.
 */
const DETAIL_RULES: [RegExp, DeliveryOutcome][] = [
  [/opt(ed)?[\s-]*out|blocked by (the )?recipient|unsubscribed/i, 'blocked_by_recipient'],
  [/does ?n[o']t exist|not exist|unknown subscriber|not in service|unallocated/i, 'number_does_not_exist'],
  [/invalid (phone |destination |recipient )?number|invalid destination|not a valid/i, 'invalid_number'],
  [/blocked (phone )?number|number (is )?blocked|blacklist|blocklist|barred/i, 'blocked_number'],
  [/spam|filtered|content (was )?blocked/i, 'spam_detected'],
  [/unreachable|absent subscriber|out of coverage|handset|switched off|expired|timed? ?out/i, 'unreachable'],
];

export function deliveryOutcome(deliveryStatus: string, details: string | undefined): DeliveryOutcome {
  if (/^delivered$/i.test(deliveryStatus.trim())) return 'delivered';
  const text = details ?? '';
  for (const [pattern, outcome] of DETAIL_RULES) if (pattern.test(text)) return outcome;
  return 'other_error';
}

/**
 * Statuses only move forward: a late "sent" never overwrites "delivered", and a replayed
 * report is a no-op. Final outcomes do not replace each other (the first report wins).
 */
const RANK: Record<SmsStatus, number> = {
  skipped: 100,
  sending: 10,
  retrying: 10,
  sent: 20,
  failed: 90,
  delivered: 50,
  blocked_by_recipient: 50,
  invalid_number: 50,
  number_does_not_exist: 50,
  blocked_number: 50,
  unreachable: 50,
  spam_detected: 50,
  other_error: 50,
};

export function isFinalStatus(status: SmsStatus): boolean {
  return RANK[status] >= 50;
}

export function statusMayMove(from: SmsStatus, to: SmsStatus): boolean {
  if (from === to) return false;
  if (from === 'sending' || from === 'retrying') return true;
  return RANK[to] > RANK[from] && !isFinalStatus(from);
}
