import { PhoneNumbersClient, type SearchAvailablePhoneNumbersRequest } from '@azure/communication-phone-numbers';
import type { PhoneNumberProvider, PurchaseProgress, PurchaseRequest } from '../../ports/phone-number-provider';

/**
 * Buys numbers through Azure Communication Services. Starting a purchase runs the number
 * search to its end (seconds) and submits the purchase without waiting for it (minutes);
 * each poll then asks whether the number is among the resource's purchased numbers. The
 * SDK's search / purchase pollers cannot be resumed from a saved state (1.5), and a
 * function must not wait minutes, hence this shape.
 * Toll-free numbers in the US and Canada (ACS sends SMS from those), geographic elsewhere.
 */
export class AcsPhoneNumberProvider implements PhoneNumberProvider {
  private readonly client: PhoneNumbersClient;

  constructor(connection: string, options: { allowInsecureConnection?: boolean } = {}) {
    this.client = new PhoneNumbersClient(connection, { allowInsecureConnection: options.allowInsecureConnection ?? false, retryOptions: { maxRetries: 1 } });
  }

  async startPurchase(request: PurchaseRequest): Promise<PurchaseProgress> {
    try {
      const search = await this.client.beginSearchAvailablePhoneNumbers(searchRequest(request));
      const result = await search.pollUntilDone();
      const number = result.phoneNumbers[0];
      if (!number) return { status: 'failed', code: 'NO_NUMBER_AVAILABLE', message: `No number is available in ${request.country}${request.areaCode ? ` with area code ${request.areaCode}` : ''}.` };
      await this.client.beginPurchasePhoneNumbers(result.searchId, { agreeToNotResell: true });
      return { status: 'running', state: { searchId: result.searchId, number } };
    } catch (error) {
      return failed(error);
    }
  }

  async poll(state: Record<string, string>): Promise<PurchaseProgress> {
    const number = state.number;
    if (!number) return { status: 'failed', code: 'UNKNOWN_PURCHASE', message: 'The purchase state is unreadable.' };
    try {
      const owned = await this.client.getPurchasedPhoneNumber(number);
      return { status: 'succeeded', e164: owned.phoneNumber, providerId: owned.id };
    } catch (error) {
      if (statusOf(error) === 404) return { status: 'running', state };
      return failed(error);
    }
  }
}

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

function failed(error: unknown): PurchaseProgress {
  return { status: 'failed', code: `ACS_${statusOf(error) ?? 'UNREACHABLE'}`, message: 'Azure Communication Services refused or could not complete the number purchase; try again or pick another area code.' };
}
