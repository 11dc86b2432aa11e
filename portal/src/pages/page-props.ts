import type { AdminApi } from '../lib/api';
import type { Session } from '../lib/session';

export interface PageProps {
  api: AdminApi;
  session: Session;
}
