import type { AdminTokenVerifier } from '../../../shared/ports/admin-token-verifier';
import type { Settings } from '../../../shared/settings';
import type { SmartClient } from '../../../shared/smart/smart-client';
import type { ConfigUseCaseDeps } from '../../../shared/usecases/config/config-deps';
import type { DevIssuerKey } from '../../../shared/adapters/devauth/dev-issuer';
import { loadOrCreateDevIssuerKey } from '../../../shared/adapters/devauth/dev-issuer';
import { JoseAdminTokenVerifier } from '../../../shared/adapters/adminauth/jose-token-verifier';
import { HttpEhrReachability } from '../../../shared/adapters/ehrcheck/http-ehr-reachability';
import { LocalPhoneNumberProvider } from '../../../shared/adapters/phonenumbers/local-phone-numbers';
import { AcsPhoneNumberProvider } from '../../../shared/adapters/phonenumbers/acs-phone-numbers';
import { SmartApproverSignIn } from '../../../shared/adapters/smartsignin/smart-approver-sign-in';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { TableApprovalSessionStore } from '../../../shared/adapters/tables/config-approval-sessions';
import { TableAuditTrail } from '../../../shared/adapters/tables/config-audit-table';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';

/** The configuration area: admin API auth, config store, audit, EHR checks, phone numbers, approval sign-in. */
export interface ConfigAreaDeps {
  config: ConfigUseCaseDeps;
  adminTokenVerifier: AdminTokenVerifier;
  /** The dev issuer's key (ADMIN_AUTH_MODE=dev only): the local host publishes its JWKS. */
  devIssuerKey: (() => DevIssuerKey) | undefined;
}

export function buildConfigDeps(settings: Settings, smartClient: SmartClient | undefined): ConfigAreaDeps {
  const { adminAuth: a, core, storage } = settings;
  const clock = systemClock;
  const phoneNumberProvider = a.phoneNumbers.provider === 'acs' && a.phoneNumbers.acsConnection
    ? new AcsPhoneNumberProvider(a.phoneNumbers.acsConnection)
    : new LocalPhoneNumberProvider(clock, a.phoneNumbers.localDelayMs);
  let devKey: DevIssuerKey | undefined;
  return {
    adminTokenVerifier: new JoseAdminTokenVerifier({ issuer: a.issuer, jwksUrl: a.jwksUrl, audience: a.audience, adminRole: a.adminRole, readerRole: a.readerRole, clock }),
    devIssuerKey: a.mode === 'dev' ? () => (devKey ??= loadOrCreateDevIssuerKey(a.devIssuerKeyFile)) : undefined,
    config: {
      clock,
      configStore: TableConfigStore.fromConnection(storage.connection),
      auditTrail: TableAuditTrail.fromConnection(storage.connection),
      ehrReachability: new HttpEhrReachability({ allowPrivateNetwork: core.allowPrivateNetworkUrls, timeoutMs: a.ehrCheckTimeoutMs }),
      phoneNumberProvider,
      ...(smartClient ? { approverSignIn: new SmartApproverSignIn(() => smartClient) } : {}),
      approvalSessions: TableApprovalSessionStore.fromConnection(storage.connection),
      appointmentStore: new AppointmentTable(storage.geographies),
      publicBaseUrl: core.publicBaseUrl,
      allowPrivateNetworkUrls: core.allowPrivateNetworkUrls,
    },
  };
}
