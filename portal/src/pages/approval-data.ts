import type { AdminApi, Versioned } from '../lib/api';
import type { PortalRole } from '../lib/session';
import type { BaseUrl } from '../lib/schemas';

/**
 * The base URLs a person may see on the approval page. Admins and readers list them all; an
 * approver (no app role) may not list, so their base URLs come from the integration records'
 * view (approved ones by id, the rest as pending ids), each then read on its own.
 */
export async function visibleBaseUrls(api: AdminApi, role: PortalRole): Promise<Versioned<BaseUrl>[]> {
  if (role !== 'approver') {
    const { value } = await api.listBaseUrls();
    return value.baseUrls.map(({ etag, ...b }) => ({ value: b, etag }));
  }
  const { value } = await api.readIntegrationRecords();
  const ids = [...value.baseUrls.map((r) => r.baseUrlId), ...value.pendingBaseUrlIds];
  return Promise.all(ids.map((id) => api.readBaseUrl(id)));
}
