import type { ApprovalSessionStore, ApproverSignIn } from '../../ports/approver-sign-in';
import type { AuditTrail } from '../../ports/audit-trail';
import type { Clock } from '../../ports/clock';
import type { ConfigStore } from '../../ports/config-store';
import type { EhrReachability } from '../../ports/ehr-reachability';
import type { PhoneNumberProvider } from '../../ports/phone-number-provider';
import type { AppointmentStore } from '../../ports/appointment-store';

/** What the configuration use cases need; built in functions/_lib/deps/config.ts. */
export interface ConfigUseCaseDeps {
  clock: Clock;
  configStore: ConfigStore;
  auditTrail: AuditTrail;
  ehrReachability: EhrReachability;
  phoneNumberProvider: PhoneNumberProvider;
  /** Absent until the launch area's SMART client is wired: approval sign-in then answers 503. */
  approverSignIn?: ApproverSignIn;
  approvalSessions: ApprovalSessionStore;
  /** The scheduling feed's store, for the troubleshooting read (absent: 503). */
  appointmentStore?: AppointmentStore;
  /** PUBLIC_BASE_URL: integration records and the approval redirect are built from it. */
  publicBaseUrl: string;
  /** Dev setting: base URLs on loopback / private networks over http. */
  allowPrivateNetworkUrls: boolean;
}
