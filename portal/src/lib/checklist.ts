import type { BaseUrl, CertificateView, Consents, Environment, Organisation, PhoneNumber } from './schemas';

/**
 * What is still missing before go-live, computed from what the signed-in person may read.
 * Each item says what to do and which page does it. `undefined` inputs mean "could not be
 * read" (a role without access) and produce no item.
 */
export interface ChecklistInput {
  organisation: Organisation | null | undefined;
  baseUrls: BaseUrl[];
  consents: Consents | undefined;
  phoneNumbers: PhoneNumber[] | undefined;
  /** null: no certificate uploaded for that environment. */
  certificates: Partial<Record<Environment, CertificateView | null>>;
}

export interface ChecklistItem {
  id: string;
  text: string;
  page: 'configuration' | 'sms' | 'approve';
}

export function missingItems(input: ChecklistInput): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  if (input.organisation === null) items.push({ id: 'organisation', text: 'Set up the organisation: name, geography and time zone.', page: 'configuration' });
  if (input.organisation !== undefined && input.baseUrls.length === 0) items.push({ id: 'base-url', text: 'Add at least one FHIR base URL.', page: 'configuration' });
  for (const b of input.baseUrls) {
    if (b.approval.state === 'draft') items.push({ id: `approver:${b.id}`, text: `Name an approver for ${b.url}.`, page: 'configuration' });
    if (b.approval.state === 'pending_approval') items.push({ id: `approval:${b.id}`, text: `${b.url} is waiting for approval by ${b.approverUpn ?? 'its approver'}.`, page: 'approve' });
  }
  const environments = [...new Set(input.baseUrls.map((b) => b.environment))];
  for (const environment of environments) {
    const certificate = input.certificates[environment];
    if (certificate === null) items.push({ id: `certificate:${environment}`, text: `Upload the ${environment} certificate: the scheduling feed from ${environment} is refused without it.`, page: 'sms' });
    for (const warning of certificate?.warnings ?? []) items.push({ id: `certificate-expiry:${environment}`, text: `The ${environment} certificate: ${warning}`, page: 'sms' });
  }
  items.push(...smsItems(input));
  return items;
}

function smsItems(input: ChecklistInput): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const smsOn = input.baseUrls.filter((b) => b.sms.confirmation || b.sms.reminders);
  const bothConsents = input.consents?.sendOnBehalf !== undefined && input.consents.patientPhoneProcessing !== undefined;
  const anyConsent = input.consents?.sendOnBehalf !== undefined || input.consents?.patientPhoneProcessing !== undefined;
  if (input.consents && !bothConsents && (anyConsent || smsOn.length > 0)) {
    items.push({ id: 'consents', text: 'SMS needs both consents: give the one still missing, or withdraw both to leave SMS off.', page: 'sms' });
  }
  for (const b of smsOn) {
    if (!b.sms.phoneNumber) items.push({ id: `sms-number:${b.id}`, text: `SMS is enabled for ${b.url} without a phone number: link one.`, page: 'sms' });
  }
  if (bothConsents && input.phoneNumbers?.length === 0) items.push({ id: 'phone-number', text: 'SMS consents are given but the organisation has no phone number: create one.', page: 'sms' });
  const linked = new Set(input.baseUrls.map((b) => b.sms.phoneNumber).filter((n): n is string => n !== undefined));
  if (bothConsents && input.phoneNumbers && input.phoneNumbers.length > 0 && linked.size === 0 && input.baseUrls.length > 0) {
    items.push({ id: 'link-number', text: 'No phone number is linked to a base URL yet: SMS goes out only for linked base URLs.', page: 'sms' });
  }
  return items;
}
