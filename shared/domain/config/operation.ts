/**
 * A long-running change the admin API answers with 202 and an operation URL to poll
 * (buying a phone number can take minutes with Azure Communication Services).
 */
export type OperationKind = 'phone_number_purchase';

export type OperationStatus = 'running' | 'succeeded' | 'failed';

export interface Operation {
  tenantId: string;
  id: string;
  kind: OperationKind;
  status: OperationStatus;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  /** What was asked, e.g. `{ country: 'US', areaCode: '608' }` (never personal data). */
  request: Record<string, string>;
  /** The provider's handle to poll it (ACS search / purchase ids). */
  providerState?: Record<string, string>;
  /** On success: what was produced (for a purchase, the E.164 number). */
  result?: Record<string, string>;
  /** On failure: a message for the admin. */
  error?: { code: string; message: string };
}
