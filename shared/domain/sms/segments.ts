import type { SmsEncoding } from './sms-types';

/**
 * GSM 03.38 default alphabet (one septet each) and its extension table (escape + septet,
 * so two each). Anything else forces UCS-2 for the whole message.
 */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Length in the unit of the encoding: septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
  /** Characters that forced UCS-2 (empty for GSM-7), so a template author can fix them. */
  nonGsmCharacters: string[];
}

/** Single-segment capacity and the per-part capacity once a message is split (the rest is the UDH). */
const LIMITS: Record<SmsEncoding, { single: number; part: number }> = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
};

export function segmentInfo(text: string): SegmentInfo {
  const nonGsm = new Set<string>();
  let septets = 0;
  for (const ch of text) {
    if (GSM7_BASIC.has(ch)) septets += 1;
    else if (GSM7_EXTENSION.has(ch)) septets += 2;
    else nonGsm.add(ch);
  }
  if (nonGsm.size === 0) return { encoding: 'GSM-7', units: septets, segments: count('GSM-7', septets, extensionSplitsOf(text)), nonGsmCharacters: [] };
  return { encoding: 'UCS-2', units: text.length, segments: countUcs2(text), nonGsmCharacters: [...nonGsm] };
}

function count(encoding: SmsEncoding, units: number, penalty = 0): number {
  const { single, part } = LIMITS[encoding];
  if (units === 0) return 1;
  if (units <= single) return 1;
  return Math.ceil((units + penalty) / part);
}

/**
 * An escape sequence is never split across two parts, so a part may carry one septet less.
 * Walks the text part by part and returns the septets lost to that rule.
 */
function extensionSplitsOf(text: string): number {
  let used = 0;
  let lost = 0;
  for (const ch of text) {
    const size = GSM7_EXTENSION.has(ch) ? 2 : 1;
    if (used + size > LIMITS['GSM-7'].part) {
      lost += LIMITS['GSM-7'].part - used;
      used = 0;
    }
    used += size;
  }
  return lost;
}

/** UCS-2 parts never split a surrogate pair (an emoji), so walk the code points. */
function countUcs2(text: string): number {
  if (text.length <= LIMITS['UCS-2'].single) return 1;
  let parts = 1;
  let used = 0;
  for (const ch of text) {
    if (used + ch.length > LIMITS['UCS-2'].part) {
      parts += 1;
      used = 0;
    }
    used += ch.length;
  }
  return parts;
}
