import { setTimeout as delay } from 'node:timers/promises';
import { PhoneNumbersClient, type BeginPurchasePhoneNumbersOptions, type SearchAvailablePhoneNumbersRequest } from '@azure/communication-phone-numbers';
import type { PhoneNumberProvider, PurchaseProgress, PurchaseRequest } from '../../ports/phone-number-provider';

/**
 * Buys numbers through Azure Communication Services (api-version 2025-06-01 of the SDK 1.5).
 *
 * Starting a purchase runs the number search to its end (a long-running operation polled on its
 * `operation-location`, seconds, bounded by `searchTimeoutMs`) and submits the purchase
 * (`POST /availablePhoneNumbers/:purchase`, 202; the SDK reads its operation once) without
 * waiting for it: it takes minutes and a function must not. The purchase poller's serialised state is kept with our operation; each
 * `poll` resumes it for exactly one `GET` of the purchase operation, so a purchase the service
 * reports `failed` ends as failed (not "running" forever), and a throttled or failing poll
 * (429, 5xx, network) leaves it running: the number may still be bought, so only the service
 * may end it. Once it succeeded, the number is read back for its id.
 * Toll-free numbers in the US and Canada (ACS sends SMS from those), geographic elsewhere.
 */
export interface AcsPhoneNumberOptions {
  /** Only for loopback stubs in tests. */
  allowInsecureConnection?: boolean;
  /** Between two polls of the number search (default 2 s, the SDK's). */
  searchPollIntervalMs?: number;
  /** A search still running after this is given up (default 60 s). */
  searchTimeoutMs?: number;
}

/** The SDK resumes a purchase poller from its serialised state; its option types do not declare it. */
type ResumablePurchaseOptions = BeginPurchasePhoneNumbersOptions & { resumeFrom?: string };

export class AcsPhoneNumberProvider implements PhoneNumberProvider {
  private readonly client: PhoneNumbersClient;
  private readonly searchPollIntervalMs: number;
  private readonly searchTimeoutMs: number;

  constructor(connection: string, options: AcsPhoneNumberOptions = {}) {
    this.client = new PhoneNumbersClient(connection, { allowInsecureConnection: options.allowInsecureConnection ?? false, retryOptions: { maxRetries: 1 } });
    this.searchPollIntervalMs = options.searchPollIntervalMs ?? 2000;
    this.searchTimeoutMs = options.searchTimeoutMs ?? 60_000;
  }

  async startPurchase(request: PurchaseRequest): Promise<PurchaseProgress> {
    const where = `${request.country}${request.areaCode ? ` with area code ${request.areaCode}` : ''}`;
    let searchId: string;
    let number: string | undefined;
    try {
      const search = await this.client.beginSearchAvailablePhoneNumbers(searchRequest(request));
      const deadline = performance.now() + this.searchTimeoutMs;
      while (!search.isDone()) {
        if (performance.now() > deadline) return { status: 'failed', code: 'NUMBER_SEARCH_TIMEOUT', message: `Azure Communication Services did not finish the number search in ${where} in time; try again.` };
        await delay(this.searchPollIntervalMs);
        await search.poll();
      }
      const result = search.getResult();
      searchId = result?.searchId ?? '';
      number = result?.phoneNumbers[0];
    } catch (error) {
      if (isOperationFailure(error)) return { status: 'failed', code: 'NO_NUMBER_AVAILABLE', message: `Azure Communication Services found no number to buy in ${where}; try another area code or later.` };
      return failed(error, 'search');
    }
    if (!number || !searchId) return { status: 'failed', code: 'NO_NUMBER_AVAILABLE', message: `No number is available in ${where}; try another area code or later.` };
    try {
      const purchase = await this.client.beginPurchasePhoneNumbers(searchId, { agreeToNotResell: true });
      return { status: 'running', state: { searchId, number, purchase: purchase.toString() } };
    } catch (error) {
      if (isOperationFailure(error)) return PURCHASE_FAILED;
      return failed(error, 'purchase');
    }
  }

  async poll(state: Record<string, string>): Promise<PurchaseProgress> {
    const { number, searchId, purchase } = state;
    if (!number || !searchId || !purchase) return { status: 'failed', code: 'UNKNOWN_PURCHASE', message: 'The connector can no longer follow this purchase (its saved progress is unreadable). Check the Azure Communication Services resource for a new number before starting another purchase.' };
    let next = state;
    try {
      const resume: ResumablePurchaseOptions = { resumeFrom: purchase };
      const poller = await this.client.beginPurchasePhoneNumbers(searchId, resume);
      if (!poller.isDone()) return { status: 'running', state: { ...state, purchase: poller.toString() } };
      next = { ...state, purchase: poller.toString() };
    } catch (error) {
      if (isOperationFailure(error)) return PURCHASE_FAILED;
      if (isTransient(error)) return { status: 'running', state };
      return failed(error, 'purchase');
    }
    try {
      const owned = await this.client.getPurchasedPhoneNumber(number);
      return { status: 'succeeded', e164: owned.phoneNumber, providerId: owned.id };
    } catch (error) {
      // Bought, but not readable yet (404) or the read failed on the way: the next poll reads it again.
      if (statusOf(error) === 404 || isTransient(error)) return { status: 'running', state: next };
      return failed(error, 'purchase');
    }
  }
}

const PURCHASE_FAILED: PurchaseProgress = { status: 'failed', code: 'PURCHASE_FAILED', message: 'Azure Communication Services could not complete the number purchase; nothing was bought. Start a new purchase.' };

function searchRequest(request: PurchaseRequest): SearchAvailablePhoneNumbersRequest {
  const tollFree = request.country === 'US' || request.country === 'CA';
  return {
    countryCode: request.country,
    phoneNumberType: tollFree ? 'tollFree' : 'geographic',
    assignmentType: 'application',
    capabilities: { sms: 'inbound+outbound', calling: 'none' },
    quantity: 1,
    ...(request.areaCode ? { areaCode: request.areaCode } : {}),
  };
}

const statusOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;

/** The service answered, and its long-running operation reports `failed` (core-lro throws a plain Error). */
const isOperationFailure = (error: unknown): boolean => error instanceof Error && error.name !== 'RestError' && /long-running operation has failed/i.test(error.message);

/** Throttled, a server error, or no answer at all: worth asking again later. */
function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  if (status === undefined) return error instanceof Error && error.name === 'RestError';
  return status === 408 || status === 429 || status >= 500;
}

function failed(error: unknown, step: 'search' | 'purchase'): PurchaseProgress {
  const status = statusOf(error);
  const what = step === 'search' ? 'search for a number' : 'number purchase';
  if (status === 429) return { status: 'failed', code: 'ACS_429', message: `Azure Communication Services is throttling requests (429) and refused the ${what}; nothing was bought. Try again in a minute.` };
  return { status: 'failed', code: `ACS_${status ?? 'UNREACHABLE'}`, message: `Azure Communication Services refused or could not complete the ${what}${status ? ` (HTTP ${status})` : ''}; nothing was bought. Try again or pick another area code.` };
}
