import type { EhrEnvironment } from '../../domain/config/base-url';
import type { AppointmentReader } from '../../fhir/appointment-reader';
import type { Clock } from '../../ports/clock';
import type { ConfigStore } from '../../ports/config-store';
import type { EhrUserStore } from '../../ports/ehr-user-store';
import type { LaunchStateStore } from '../../ports/launch-state-store';
import type { MeetingProvider } from '../../ports/meeting-provider';
import type { VisitStore } from '../../ports/visit-store';
import type { SmartClient } from '../../smart/smart-client';

/** What the launch use cases need; built once in `functions/_lib/deps/launch.ts`. */
export interface LaunchDeps {
  clock: Clock;
  configStore: Pick<ConfigStore, 'findBaseUrlsByUrl'>;
  launchStates: LaunchStateStore;
  visits: VisitStore;
  /** Where the EHR user's id is kept (the one long-lived EHR identifier). */
  ehrUsers: EhrUserStore;
  meetings: MeetingProvider;
  smart: SmartClient;
  /** Opens FHIR reads at `baseUrl` with the launch's access token. */
  fhir: (input: { baseUrl: string; accessToken: string; timeoutMs: number }) => Promise<AppointmentReader>;
  launchConfig: LaunchConfig;
}

export interface LaunchConfig {
  /** The deployment's environment: only base URLs of this environment may launch. */
  environment: EhrEnvironment;
  allowPrivateNetwork: boolean;
  redirectUri: string;
  scopes: { provider: string; patient: string };
  ehrTimeoutMs: number;
}

/** A launch `state` lives this long between the redirect to the EHR and its callback. */
export const LAUNCH_STATE_TTL_MS = 10 * 60 * 1000;
