import type { ApprovalState } from './approval';

/**
 * A FHIR base URL of the organisation's EHR, per environment. Launches are accepted only
 * from approved base URLs (`iss`), and the scheduling feed names its base URL through
 * the HL7 sender id the connector assigned to it.
 */
export const ENVIRONMENTS = ['test', 'production'] as const;
export type EhrEnvironment = (typeof ENVIRONMENTS)[number];

export const EHR_VENDORS = ['epic', 'oracle', 'other'] as const;
export type EhrVendor = (typeof EHR_VENDORS)[number];

/** SMS behaviour for visits booked on one base URL. */
export interface BaseUrlSmsSettings {
  /** Send a confirmation text when the feed books a visit. */
  confirmation: boolean;
  /** Send reminder texts before the visit. */
  reminders: boolean;
  /** One to three reminder intervals, in minutes before the visit, largest first (e.g. 1440, 60, 15). */
  reminderMinutesBefore: number[];
  /** The organisation's number the texts are sent from (E.164); required to enable either text. */
  phoneNumber?: string;
}

export interface BaseUrl {
  tenantId: string;
  /** Assigned by the connector; safe in table keys and URLs. */
  id: string;
  /** Normalised with `normaliseBaseUrl` (see base-url-rules.ts). */
  url: string;
  environment: EhrEnvironment;
  vendor: EhrVendor;
  /** User principal name of the EHR analyst who must approve this base URL (lower case). */
  approverUpn?: string;
  approval: ApprovalState;
  sms: BaseUrlSmsSettings;
  /**
   * Identifies this tenant + base URL on the scheduling feed (expected in MSH-3, the
   * sending application). Assigned at creation, never reused, globally unique.
   */
  hl7SenderId: string;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_SMS_SETTINGS: BaseUrlSmsSettings = { confirmation: false, reminders: false, reminderMinutesBefore: [] };

export const MAX_REMINDERS = 3;
/** The longest reminder interval: 7 days before the visit. */
export const MAX_REMINDER_MINUTES = 7 * 24 * 60;

export function isApproved(baseUrl: Pick<BaseUrl, 'approval'>): boolean {
  return baseUrl.approval.state === 'approved';
}
