import type { Clock } from '../../../shared/ports/clock';
import type { Geography } from '../../../shared/domain/appointment/geography';
import type { OptOuts } from '../../../shared/ports/opt-outs';
import type { SmsLog } from '../../../shared/ports/sms-log';
import type { SmsPacing } from '../../../shared/ports/sms-pacing';
import type { SmsSender } from '../../../shared/ports/sms-sender';
import type { Settings } from '../../../shared/settings';
import { systemClock } from '../../../shared/adapters/system/system-clock';
import { AcsSmsSender } from '../../../shared/adapters/acs/acs-sms-sender';
import { OutboxSmsSender } from '../../../shared/adapters/outbox/outbox-sms-sender';
import { OutboxStore } from '../../../shared/adapters/outbox/outbox-store';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { DueIndexTable } from '../../../shared/adapters/tables/due-index-table';
import { TableJoinLinks } from '../../../shared/adapters/tables/sms-join-link-table';
import { TableSmsLog } from '../../../shared/adapters/tables/sms-log-table';
import { TableOptOuts } from '../../../shared/adapters/tables/sms-opt-out-table';
import { TableSmsPacing } from '../../../shared/adapters/tables/sms-pacing-table';
import type { DueIndex } from '../../../shared/ports/due-index';
import type { JoinLinks, SmsAppointments, SmsProfiles, VisitLobby } from '../../../shared/usecases/sms/sms-sources';
import { organisationNameForNumberFrom, smsAppointmentsFrom, smsProfilesFrom, visitLobbyFrom } from '../../../shared/usecases/sms/sms-views';
import type { MeetingProvider } from '../../../shared/ports/meeting-provider';
import type { VisitStore } from '../../../shared/ports/visit-store';
import { distinctGeographies } from './core';

/** The SMS area: sender (outbox or ACS), SMS log, opt-outs, pacing, join links and the views it reads. */
export interface SmsAreaDeps {
  clock: Clock;
  smsSender: SmsSender;
  smsLog: SmsLog;
  optOuts: OptOuts;
  pacing: SmsPacing;
  joinLinks: JoinLinks;
  smsAppointments: SmsAppointments;
  smsProfiles: SmsProfiles;
  /** HELP replies name the organisation of the sending number. */
  organisationNameForNumber: (sendingNumber: string) => Promise<string | undefined>;
  dueIndex: DueIndex;
  /** One geography per distinct storage account, for the reminder tick. */
  tickGeographies: Geography[];
  smsRules: { hashKey: string; publicBaseUrl: string; allowedCountries: readonly string[]; maxAttempts: number };
  joinWindowMinutes: number;
  eventsSecret: string;
  /** The visit's lobby; set from the launch area's visit store and meeting service (see deps.ts). */
  visitLobby: VisitLobby | undefined;
  /** Local development only: the outbox behind `/dev/sms`. */
  outbox: OutboxStore | undefined;
}

export interface SmsDeps {
  sms: SmsAreaDeps;
}

/** `visits`: the launch area's visit store and meeting service, so a join link lands in the launch's meeting. */
export function buildSmsDeps(settings: Settings, visits?: { visits: VisitStore; meetings: MeetingProvider }): SmsDeps {
  return { sms: buildSmsArea(settings, visits ? visitLobbyFrom({ ...visits, clock: systemClock }) : undefined) };
}

function buildSmsArea(settings: Settings, visitLobby: VisitLobby | undefined): SmsAreaDeps {
  const { sms, storage, core } = settings;
  const outbox = sms.sender === 'outbox' ? OutboxStore.fromConnection(storage.connection, sms.hashKey) : undefined;
  const smsSender: SmsSender =
    sms.sender === 'acs' && sms.acsConnectionString
      ? new AcsSmsSender(sms.acsConnectionString, { timeoutMs: sms.sendTimeoutMs })
      : new OutboxSmsSender(outbox ?? OutboxStore.fromConnection(storage.connection, sms.hashKey), systemClock);
  const config = TableConfigStore.fromConnection(storage.connection);
  return {
    clock: systemClock,
    smsSender,
    smsLog: TableSmsLog.fromConnection(storage.connection),
    optOuts: TableOptOuts.fromConnection(storage.connection),
    pacing: TableSmsPacing.fromConnection(storage.connection, sms.ratePerMinute, sms.rateBurst),
    joinLinks: TableJoinLinks.fromConnection(storage.connection),
    smsAppointments: smsAppointmentsFrom(new AppointmentTable(storage.geographies)),
    smsProfiles: smsProfilesFrom(config),
    organisationNameForNumber: organisationNameForNumberFrom(config),
    dueIndex: new DueIndexTable(storage.geographies),
    tickGeographies: distinctGeographies(storage.geographies),
    smsRules: { hashKey: sms.hashKey, publicBaseUrl: core.publicBaseUrl, allowedCountries: sms.allowedCountries, maxAttempts: sms.maxAttempts },
    joinWindowMinutes: sms.joinWindowMinutes,
    eventsSecret: sms.eventsSecret,
    visitLobby,
    outbox,
  };
}
