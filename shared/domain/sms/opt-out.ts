/**
 * Replies a patient can send to a sending number. The carrier rules (CTIA) use the message
 * being the keyword on its own: "stop", " Stop. " and "STOP!" count; "please stop calling" does not.
 */
export type ReplyKeyword = 'opt_out' | 'opt_in' | 'help';

const KEYWORDS: Record<string, ReplyKeyword> = {
  STOP: 'opt_out',
  STOPALL: 'opt_out',
  UNSUBSCRIBE: 'opt_out',
  CANCEL: 'opt_out',
  END: 'opt_out',
  QUIT: 'opt_out',
  START: 'opt_in',
  UNSTOP: 'opt_in',
  HELP: 'help',
};

export function replyKeyword(text: string): ReplyKeyword | undefined {
  const word = text
    .normalize('NFKC')
    .trim()
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
    .toUpperCase();
  return Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
}

/**
 * Opt-out state changes arrive as events that may be duplicated or reordered. A change
 * applies only if it is newer than the one already recorded, so replays are harmless.
 */
export interface OptOutState {
  optedOut: boolean;
  changedAt: Date;
}

export function applyOptOutChange(current: OptOutState | undefined, change: OptOutState): OptOutState | undefined {
  if (current && current.changedAt.getTime() >= change.changedAt.getTime()) return undefined;
  return change;
}
