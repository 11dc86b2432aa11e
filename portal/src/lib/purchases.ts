import type { Operation } from './schemas';

/**
 * Number purchases in progress come from the admin API (`GET .../operations`), so every
 * browser and every admin sees them, not only the one that started them.
 */
export const PURCHASE_KIND = 'phone_number_purchase';

/** The running number purchases among the API's operations, oldest first. */
export function purchasesInProgress(operations: readonly Operation[]): Operation[] {
  return operations
    .filter((o) => o.status === 'running' && (o.kind === undefined || o.kind === PURCHASE_KIND))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** What the progress line says about a purchase. */
export function purchaseText(o: Operation, startedAt: string): string {
  const where = `${o.request.country ?? '?'}${o.request.areaCode ? ` (area code ${o.request.areaCode})` : ''}`;
  return `Creating a phone number in ${where}, started ${startedAt}${o.createdBy ? ` by ${o.createdBy}` : ''}. This can take a few minutes; you may leave this page and come back.`;
}
