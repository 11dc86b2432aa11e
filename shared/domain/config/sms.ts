/**
 * SMS on behalf of the organisation needs two consents from an admin, a purchased
 * phone number linked to the base URL, and the base URL's SMS settings switched on.
 */
export const SMS_CONSENT_KINDS = ['sendOnBehalf', 'patientPhoneProcessing'] as const;
export type SmsConsentKind = (typeof SMS_CONSENT_KINDS)[number];

export const SMS_CONSENT_TEXT: Record<SmsConsentKind, string> = {
  sendOnBehalf: 'The connector may send SMS messages to patients on behalf of the organisation.',
  patientPhoneProcessing: "The connector may receive and hold patients' phone numbers from the EHR until the visit starts, to text them.",
};

export interface SmsConsent {
  /** UPN of the admin who gave it. */
  givenBy: string;
  givenAt: string;
}

export interface SmsConsents {
  tenantId: string;
  sendOnBehalf?: SmsConsent;
  patientPhoneProcessing?: SmsConsent;
  updatedAt: string;
}

export function hasBothConsents(consents: SmsConsents | undefined): boolean {
  return consents?.sendOnBehalf !== undefined && consents.patientPhoneProcessing !== undefined;
}

/** A sending number the organisation owns through the connector. */
export interface PhoneNumber {
  tenantId: string;
  /** E.164, e.g. `+15550100123`. */
  e164: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The provider's own id for the number (ACS: the number itself; local: `local:...`). */
  providerId: string;
  purchasedAt: string;
  /** The purchase operation that produced it. */
  operationId: string;
}
