import path from 'node:path';
import type { KeySource } from '../../../shared/ports/key-source';
import type { MeetingProvider, VisitRooms } from '../../../shared/ports/meeting-provider';
import type { Settings } from '../../../shared/settings';
import { LAUNCH_CALLBACK_PATH } from '../../../shared/settings/launch';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { LaunchStateTable } from '../../../shared/adapters/tables/launch-state-table';
import { VisitTable } from '../../../shared/adapters/tables/visit-table';
import { EhrUserTable } from '../../../shared/adapters/tables/ehr-user-table';
import { LocalKeySource } from '../../../shared/adapters/localkeys/local-key-source';
import { keyVaultKeySourceWithManagedIdentity } from '../../../shared/adapters/keyvault/key-vault-from-settings';
import { LocalVisitRooms } from '../../../shared/adapters/localmeetings/local-visit-rooms';
import { graphMeetingsWithManagedIdentity } from '../../../shared/adapters/graph/graph-from-settings';
import { appointmentReader } from '../../../shared/fhir/appointment-reader';
import { SmartDiscovery } from '../../../shared/smart/discovery';
import { SmartClient } from '../../../shared/smart/smart-client';
import type { LaunchDeps } from '../../../shared/usecases/launch/launch-deps';

/** The launch area: SMART client, signing keys, launch state, visits and the meeting service. */
export interface LaunchAreaDeps {
  launch: LaunchDeps;
  /** The connector as a SMART client (the approver's standalone sign-in uses it too). */
  smartClient: SmartClient;
  keySource: KeySource;
  /** Local visit rooms' lobby; undefined when meetings are Microsoft Graph's. */
  visitRooms: VisitRooms | undefined;
}

/** The connector's signing keys as the settings pick them (Key Vault, or local files created on first use). */
export function keySourceFor(settings: Settings): KeySource {
  const s = settings.launch;
  const now = () => systemClock.now();
  return s.keySource === 'keyvault' && s.keyVault
    ? keyVaultKeySourceWithManagedIdentity({ vaultUrl: s.keyVault.url, keyName: s.keyVault.keyName, alg: s.assertionAlg, now })
    : new LocalKeySource(path.resolve(s.localKeysDir), s.assertionAlg, now);
}

export function buildLaunchDeps(settings: Settings): LaunchAreaDeps {
  const { launch: s, core, storage } = settings;
  const now = () => systemClock.now();
  const keySource = keySourceFor(settings);
  const rooms = s.meetingProvider === 'local' ? new LocalVisitRooms(storage.connection, core.publicBaseUrl, now) : undefined;
  const meetings: MeetingProvider =
    rooms ?? graphMeetingsWithManagedIdentity({ baseUrl: s.graph.baseUrl, organizerUserId: s.graph.organizerUserId ?? '', timeoutMs: s.ehrTimeoutMs });
  const discovery = new SmartDiscovery({ clock: systemClock, ttlMs: s.discoveryTtlMs, timeoutMs: s.ehrTimeoutMs, allowPrivateNetwork: core.allowPrivateNetworkUrls });
  const smartClient = new SmartClient({ clientId: s.clientId, keySource, discovery, clock: systemClock, timeoutMs: s.ehrTimeoutMs });
  return {
    smartClient,
    keySource,
    visitRooms: rooms,
    launch: {
      clock: systemClock,
      configStore: TableConfigStore.fromConnection(storage.connection),
      launchStates: new LaunchStateTable(storage.connection),
      visits: new VisitTable(storage.connection),
      ehrUsers: new EhrUserTable(storage.connection),
      meetings,
      smart: smartClient,
      fhir: appointmentReader,
      launchConfig: {
        environment: core.environment,
        allowPrivateNetwork: core.allowPrivateNetworkUrls,
        redirectUri: `${core.publicBaseUrl}${LAUNCH_CALLBACK_PATH}`,
        scopes: s.scopes,
        ehrTimeoutMs: s.ehrTimeoutMs,
      },
    },
  };
}
