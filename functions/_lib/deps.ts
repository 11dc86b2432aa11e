import type { Settings } from '../../shared/settings';
import { buildCoreDeps, type CoreDeps } from './deps/core';
import { buildSmsDeps, type SmsDeps } from './deps/sms';
import { buildLaunchDeps, type LaunchAreaDeps } from './deps/launch';
import { buildConfigDeps, type ConfigAreaDeps } from './deps/config';
import { buildFeedDeps, type FeedDeps } from './deps/feed';
import { buildPortalDeps, type PortalAreaDeps } from './deps/portal';

/**
 * Everything a use case may need, built once from the settings. Each area of the product
 * builds its own part in `deps/<area>.ts`; the domain never learns which adapter runs.
 */
export type Deps = CoreDeps & LaunchAreaDeps & SmsDeps & FeedDeps & ConfigAreaDeps & PortalAreaDeps;

export function buildDeps(settings: Settings): Deps {
  const core = buildCoreDeps(settings);
  const launch = buildLaunchDeps(settings);
  const config = buildConfigDeps(settings, launch.smartClient);
  return {
    ...core,
    ...buildSmsDeps(settings, launch.launch),
    ...launch,
    ...config,
    ...buildFeedDeps(settings, { workQueue: core.workQueue }),
    ...buildPortalDeps(settings, config.devIssuerKey),
  };
}
