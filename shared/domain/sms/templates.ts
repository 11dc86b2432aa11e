import { segmentInfo, type SegmentInfo } from './segments';
import type { SmsType } from './sms-types';
import { visitTimeText } from './visit-time';

/**
 * The texts a patient receives. They carry the organisation's name, the visit's local date
 * and time and the join link, and nothing else: no diagnosis, no provider, no patient name.
 * Each type has variants from fullest to shortest; the first that fits one segment is used.
 * The confirmation is the first text a patient gets from a number, so every variant of it
 * keeps the opt-out instructions (carrier rules): it may take two segments rather than drop them.
 */
export interface TemplateInput {
  type: SmsType;
  organisationName: string;
  startsAt: Date;
  timeZone: string;
  /** Absent only for the cancellation notice, which has no link. */
  joinLink?: string;
}

export interface RenderedSms extends SegmentInfo {
  text: string;
}

const OPT_OUT = ' Reply STOP to opt out.';
const MAX_ORGANISATION_NAME = 40;

type Parts = { org: string; date: string; time: string; link: string };
type Variant = (p: Parts) => string;

const VARIANTS: Record<SmsType, Variant[]> = {
  confirmation: [
    (p) => `${p.org}: your video visit is booked for ${p.date} at ${p.time}. Join here: ${p.link}${OPT_OUT}`,
    (p) => `${p.org}: video visit booked ${p.date}, ${p.time}. Join: ${p.link}${OPT_OUT}`,
    (p) => `${p.org}: visit ${p.date}, ${p.time}. Join: ${p.link}${OPT_OUT}`,
  ],
  reschedule: [
    (p) => `${p.org}: your video visit has moved to ${p.date} at ${p.time}. Join here: ${p.link}${OPT_OUT}`,
    (p) => `${p.org}: video visit moved to ${p.date}, ${p.time}. Join: ${p.link}${OPT_OUT}`,
    (p) => `${p.org}: visit moved to ${p.date}, ${p.time}. Join: ${p.link}`,
  ],
  cancellation: [
    (p) => `${p.org}: your video visit on ${p.date} at ${p.time} has been cancelled.${OPT_OUT}`,
    (p) => `${p.org}: video visit ${p.date}, ${p.time} cancelled.`,
  ],
  reminder: [
    (p) => `${p.org}: reminder of your video visit on ${p.date} at ${p.time}. Join here: ${p.link}${OPT_OUT}`,
    (p) => `${p.org}: reminder, video visit ${p.date}, ${p.time}. Join: ${p.link}${OPT_OUT}`,
    (p) => `${p.org}: visit ${p.date}, ${p.time}. Join: ${p.link}`,
  ],
};

export function renderSms(input: TemplateInput): RenderedSms {
  const { date, time } = visitTimeText(input.startsAt, input.timeZone);
  const parts: Parts = { org: cleanOrganisationName(input.organisationName), date, time, link: input.joinLink ?? '' };
  if (input.type !== 'cancellation' && !input.joinLink) throw new Error(`A ${input.type} text needs a join link`);
  let best: RenderedSms | undefined;
  for (const variant of VARIANTS[input.type]) {
    const text = variant(parts);
    const info = segmentInfo(text);
    if (info.segments === 1) return { text, ...info };
    if (!best || info.segments < best.segments) best = { text, ...info };
  }
  // Every type has at least one variant, so `best` is set here.
  return best ?? { text: '', ...segmentInfo('') };
}

/** One line, no control characters, at most 40 characters: the name is configuration, not trusted text. */
export function cleanOrganisationName(name: string): string {
  const flat = name.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return flat.slice(0, MAX_ORGANISATION_NAME).trimEnd();
}

/** The reply to HELP, per sending number (the number's organisation). */
export function helpReplyText(organisationName: string | undefined): RenderedSms {
  const org = organisationName ? cleanOrganisationName(organisationName) : 'Video visits';
  const text = `${org}: texts about your video visits. Reply STOP to opt out, START to opt back in. Msg&data rates may apply.`;
  return { text, ...segmentInfo(text) };
}
