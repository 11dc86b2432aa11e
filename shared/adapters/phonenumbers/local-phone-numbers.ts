import { randomInt } from 'node:crypto';
import type { Clock } from '../../ports/clock';
import type { PhoneNumberProvider, PurchaseProgress, PurchaseRequest } from '../../ports/phone-number-provider';

/**
 * Local stand-in for buying numbers: hands out numbers from ranges reserved for fiction
 * (North America: 555-0100 to 555-0199 in any area code; UK: 07700 900000 to 900999),
 * after a short delay measured on the injected clock, so a purchase is observably
 * "running" before it succeeds.
 */
const FICTIONAL: Record<string, (areaCode: string | undefined) => string> = {
  US: (area) => `+1${area ?? '555'}5550${100 + randomInt(100)}`,
  CA: (area) => `+1${area ?? '613'}5550${100 + randomInt(100)}`,
  GB: () => `+447700900${String(randomInt(1000)).padStart(3, '0')}`,
};

export const LOCAL_PURCHASE_COUNTRIES = Object.keys(FICTIONAL);

export class LocalPhoneNumberProvider implements PhoneNumberProvider {
  constructor(private readonly clock: Clock, private readonly delayMs: number) {}

  async startPurchase(request: PurchaseRequest): Promise<PurchaseProgress> {
    const make = FICTIONAL[request.country];
    if (!make) return { status: 'failed', code: 'COUNTRY_NOT_AVAILABLE', message: `Numbers in ${request.country} are not available locally; use ${LOCAL_PURCHASE_COUNTRIES.join(', ')}.` };
    const readyAt = this.clock.now().getTime() + this.delayMs;
    return { status: 'running', state: { number: make(request.areaCode), readyAt: String(readyAt) } };
  }

  async poll(state: Record<string, string>): Promise<PurchaseProgress> {
    const number = state.number;
    const readyAt = Number(state.readyAt);
    if (!number || !Number.isFinite(readyAt)) return { status: 'failed', code: 'UNKNOWN_PURCHASE', message: 'The connector can no longer follow this purchase (its saved progress is unreadable); start a new purchase.' };
    if (this.clock.now().getTime() < readyAt) return { status: 'running', state };
    return { status: 'succeeded', e164: number, providerId: `local:${number}` };
  }
}
