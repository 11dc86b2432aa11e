import { toE164, type PhoneCountry } from '../domain/phone';
import type { Hl7Message } from './message';

/** Equipment types (HL7 table 0202) that cannot receive an SMS. */
const NOT_TEXTABLE = new Set(['FX', 'BP', 'MD', 'TDD', 'TTY', 'INTERNET', 'X.400', 'SAT']);

/**
 * The patient's mobile from PID-13 (home), PID-14 (business) and PID-40 (v2.7+ telecom):
 * first a number marked as a cellular phone (XTN-3 `CP`), then a primary / other residence
 * number (XTN-2 `PRN` / `ORN`), then a number with no codes at all (legacy senders). In each,
 * the number is read from country/area/local (XTN-5/6/7), else the unformatted XTN-12, else
 * the legacy XTN-1, and must be a valid number for the organisation's default country.
 */
export function mobileOf(message: Hl7Message, defaultCountry: PhoneCountry): string | undefined {
  const repetitions = [...message.repetitions('PID', 13), ...message.repetitions('PID', 14), ...message.repetitions('PID', 40)];
  const code = (rep: string[], n: number) => (rep[n - 1] ?? '').trim().toUpperCase();
  const tiers: ((rep: string[]) => boolean)[] = [
    (rep) => code(rep, 3) === 'CP',
    (rep) => ['PRN', 'ORN'].includes(code(rep, 2)) && ['', 'PH'].includes(code(rep, 3)),
    (rep) => code(rep, 2) === '' && code(rep, 3) === '',
  ];
  for (const inTier of tiers) {
    for (const rep of repetitions) {
      if (!inTier(rep) || NOT_TEXTABLE.has(code(rep, 3))) continue;
      const number = numberOf(rep, defaultCountry);
      if (number) return number;
    }
  }
  return undefined;
}

function numberOf(rep: string[], defaultCountry: PhoneCountry): string | undefined {
  const part = (n: number) => (rep[n - 1] ?? '').trim();
  const country = part(5).replace(/\D/g, '');
  const composed = part(7) ? `${country ? `+${country}` : ''}${part(6)}${part(7)}` : '';
  for (const candidate of [composed, part(12), part(1)]) {
    if (!candidate) continue;
    const e164 = toE164(candidate, defaultCountry);
    if (e164) return e164;
  }
  return undefined;
}
