import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phone numbers: normalised to E.164 (`+16085550142`) with the organisation's default
 * country for numbers written nationally, and masked (`+1608•••0142`) wherever a person
 * may see one outside the SMS itself.
 */
export type PhoneCountry = CountryCode;

export const isPhoneCountry = (value: string): value is PhoneCountry => isSupportedCountry(value);

/** E.164 when `text` is a valid number (national numbers read in `defaultCountry`), else undefined. */
export function toE164(text: string, defaultCountry: PhoneCountry): string | undefined {
  const cleaned = text.trim();
  if (!/\d/.test(cleaned) || cleaned.length > 40) return undefined;
  const parsed = parsePhoneNumberFromString(cleaned, { defaultCountry, extract: false });
  return parsed?.isValid() ? parsed.number : undefined;
}

/** `+16085550142` -> `+1608•••0142`: country code and three digits, then the last four. */
export function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const digits = e164.replace(/\D/g, '');
  const keepStart = (parsed ? parsed.countryCallingCode.length : 1) + 3;
  if (digits.length <= keepStart + 4) return `+${digits.slice(0, Math.min(keepStart, digits.length - 2))}•••`;
  return `+${digits.slice(0, keepStart)}•••${digits.slice(-4)}`;
}
