import path from 'node:path';
import type { Settings } from '../../../shared/settings';
import type { PortalFiles } from '../../../shared/ports/portal-files';
import type { DevTokenIssuer } from '../../../shared/ports/dev-token-issuer';
import { portalClientConfig, type PortalClientConfig } from '../../../shared/usecases/portal/serve-portal';
import { appRoot, DirectoryPortalFiles } from '../../../shared/adapters/portalfiles/directory-portal-files';
import { KeyFileDevTokenIssuer } from '../../../shared/adapters/devsignin/dev-token-issuer';
import type { DevIssuerKey } from '../../../shared/adapters/devauth/dev-issuer';
import { systemClock } from '../../../shared/adapters/system/system-clock';

/** The admin portal: its built files, the runtime configuration it reads, and (dev only) the dev sign-in's token issuer. */
export interface PortalAreaDeps {
  portal: { files: PortalFiles; config: PortalClientConfig; devTokens: DevTokenIssuer | undefined };
}

/** `devIssuerKey`: the configuration area's loader of the dev issuer's key (ADMIN_AUTH_MODE=dev), so the key file is read once. */
export function buildPortalDeps(settings: Settings, devIssuerKey: (() => DevIssuerKey) | undefined): PortalAreaDeps {
  const { adminAuth: a, portal } = settings;
  const devTokens = devIssuerKey
    ? new KeyFileDevTokenIssuer(devIssuerKey, { issuer: a.issuer, audience: a.audience, adminRole: a.adminRole, readerRole: a.readerRole, clock: systemClock })
    : undefined;
  return {
    portal: {
      files: new DirectoryPortalFiles(path.resolve(appRoot(), portal.staticDir)),
      config: portalClientConfig(portal),
      devTokens,
    },
  };
}
