/**
 * Buys sending numbers. A purchase can take minutes (Azure Communication Services), so it
 * is started, its opaque state kept with the operation, and polled until it finishes.
 */
export interface PurchaseRequest {
  /** ISO 3166-1 alpha-2, e.g. `US`. */
  country: string;
  /** Optional area code, e.g. `608`. */
  areaCode?: string;
}

export type PurchaseProgress =
  | { status: 'running'; state: Record<string, string> }
  | { status: 'succeeded'; e164: string; providerId: string }
  | { status: 'failed'; code: string; message: string };

export interface PhoneNumberProvider {
  startPurchase(request: PurchaseRequest): Promise<PurchaseProgress>;
  /** Advances a running purchase by one step; safe to call repeatedly. */
  poll(state: Record<string, string>): Promise<PurchaseProgress>;
}
