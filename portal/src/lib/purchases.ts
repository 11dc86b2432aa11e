/**
 * Number purchases in progress, remembered per tenant in the browser's storage, so the SMS
 * page picks up their progress again after the admin leaves it or reloads (a purchase can
 * take minutes). The API has no list of operations: this is the portal's own memory.
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const key = (tenantId: string) => `portal.purchases.${tenantId}`;
const OPERATION_ID = /^[0-9a-f-]{36}$/;

export function runningPurchases(store: KeyValueStore, tenantId: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(store.getItem(key(tenantId)) ?? '[]');
  } catch {
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string' && OPERATION_ID.test(id)) : [];
}

export function rememberPurchase(store: KeyValueStore, tenantId: string, operationId: string): void {
  const ids = runningPurchases(store, tenantId).filter((id) => id !== operationId);
  store.setItem(key(tenantId), JSON.stringify([...ids, operationId]));
}

export function forgetPurchase(store: KeyValueStore, tenantId: string, operationId: string): void {
  const ids = runningPurchases(store, tenantId).filter((id) => id !== operationId);
  if (ids.length === 0) store.removeItem(key(tenantId));
  else store.setItem(key(tenantId), JSON.stringify(ids));
}
