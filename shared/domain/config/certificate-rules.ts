import type { FieldProblem } from '../errors';

/** What the admin API needs to know about an uploaded certificate to accept or refuse it. */
export interface CertificateFacts {
  notBefore: Date;
  notAfter: Date;
  key: { type: 'rsa'; bits: number } | { type: 'ec'; curve: string } | { type: string };
  isCa: boolean;
}

export const MIN_RSA_BITS = 2048;
export const ACCEPTED_CURVES = ['P-256', 'P-384'] as const;
export const EXPIRY_WARNING_DAYS = 30;

export function certificateProblems(facts: CertificateFacts, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const field = 'certificate';
  if (facts.notAfter.getTime() <= now.getTime()) problems.push({ field, message: `expired on ${facts.notAfter.toISOString().slice(0, 10)}; upload the current certificate` });
  if (facts.notBefore.getTime() > now.getTime()) problems.push({ field, message: `is not valid before ${facts.notBefore.toISOString()}` });
  const key = facts.key;
  if (key.type === 'rsa' && 'bits' in key && key.bits < MIN_RSA_BITS) problems.push({ field, message: `has a weak RSA key (${key.bits} bits); at least ${MIN_RSA_BITS} bits are required` });
  else if (key.type === 'ec' && 'curve' in key && !(ACCEPTED_CURVES as readonly string[]).includes(key.curve)) problems.push({ field, message: `uses the elliptic curve ${key.curve}; only P-256 and P-384 are accepted` });
  else if (key.type !== 'rsa' && key.type !== 'ec') problems.push({ field, message: `has a ${key.type} key; only RSA (2048 bits or more) and EC P-256 / P-384 are accepted` });
  return problems;
}

export function certificateWarnings(facts: Pick<CertificateFacts, 'notAfter'>, now: Date): string[] {
  const days = Math.floor((facts.notAfter.getTime() - now.getTime()) / 86_400_000);
  return days < EXPIRY_WARNING_DAYS ? [`The certificate expires in ${days} day(s), on ${facts.notAfter.toISOString().slice(0, 10)}: upload its successor before then, or the scheduling feed stops.`] : [];
}
