import { randomUUID } from 'node:crypto';
import type { Appointment } from '../../../shared/domain/appointment/appointment';
import type { SmsRequest } from '../../../shared/domain/sms-request';
import { AcsSmsSender } from '../../../shared/adapters/acs/acs-sms-sender';
import { FixedClock } from '../../../shared/adapters/system/fixed-clock';
import { AppointmentTable } from '../../../shared/adapters/tables/appointment-table';
import { TableJoinLinks } from '../../../shared/adapters/tables/sms-join-link-table';
import { TableSmsLog } from '../../../shared/adapters/tables/sms-log-table';
import { TableOptOuts } from '../../../shared/adapters/tables/sms-opt-out-table';
import { TableSmsPacing } from '../../../shared/adapters/tables/sms-pacing-table';
import { ensureTable } from '../../../shared/adapters/tables/table-client';
import { createLogger, memorySink } from '../../../shared/observability/logger';
import type { EnqueueOptions, WorkQueue } from '../../../shared/ports/work-queue';
import type { SendSmsDeps } from '../../../shared/usecases/sms/send-sms';
import type { SmsProfileView } from '../../../shared/usecases/sms/sms-sources';
import { smsAppointmentsFrom } from '../../../shared/usecases/sms/sms-views';
import type { AcsSmsStub } from '../../support/acs-sms-stub';

/** Real tables on the test Azurite (unique names per fixture), the real ACS adapter against the stub. */
export const PATIENT = '+16085550142';
export const SENDING_NUMBER = '+18005550100';
export const HASH_KEY = 'test-hash-key-'.padEnd(40, 'x');

export class RecordingQueue implements WorkQueue {
  readonly sent: { queue: string; message: object; options: EnqueueOptions }[] = [];
  async send(queue: string, message: object, options: EnqueueOptions = {}): Promise<void> {
    this.sent.push({ queue, message: JSON.parse(JSON.stringify(message)) as object, options });
  }
}

export async function smsFixture(stub: AcsSmsStub, start = new Date('2026-03-09T14:00:00Z')) {
  const connection = process.env.TEST_STORAGE_CONNECTION!;
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const names = { log: `smslog${suffix}`, optOuts: `smsopt${suffix}`, pacing: `smspace${suffix}`, links: `smslink${suffix}`, appointments: `appts${suffix}` };
  await Promise.all(Object.values(names).map((t) => ensureTable(connection, t)));
  const geographies = { US: connection, EU: connection, APAC: connection };
  const appointmentStore = new AppointmentTable(geographies, names.appointments);
  const clock = new FixedClock(new Date(start.getTime() - 24 * 3600_000));
  const queue = new RecordingQueue();
  const { sink, lines } = memorySink();
  const log = createLogger(sink, {}, 'debug');
  const tenantId = randomUUID();
  const profile: SmsProfileView = {
    organisationName: 'Lakeside Clinic',
    timeZone: 'America/Chicago',
    consentsGiven: true,
    sendingNumber: SENDING_NUMBER,
    confirmationEnabled: true,
    cancellationEnabled: true,
    remindersEnabled: true,
    reminderOffsets: [1440, 60],
  };
  const deps: SendSmsDeps = {
    clock,
    smsLog: TableSmsLog.fromConnection(connection, names.log),
    optOuts: TableOptOuts.fromConnection(connection, names.optOuts),
    pacing: TableSmsPacing.fromConnection(connection, 6000, 1000, names.pacing),
    smsSender: new AcsSmsSender(stub.connectionString, { timeoutMs: 5000, allowInsecureConnection: true }),
    workQueue: queue,
    smsAppointments: smsAppointmentsFrom(appointmentStore),
    smsProfiles: { get: async (t) => (t === tenantId ? profile : undefined) },
    joinLinks: TableJoinLinks.fromConnection(connection, names.links),
    smsRules: { hashKey: HASH_KEY, publicBaseUrl: 'https://connector.example.org', allowedCountries: ['US'], maxAttempts: 3 },
  };

  const appointment = (over: Partial<Appointment> = {}): Appointment => ({
    tenantId,
    baseUrlId: 'bu1',
    appointmentId: `appt-${randomUUID().slice(0, 8)}`,
    status: 'booked',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
    mobile: PATIENT,
    lastApplied: { controlId: 'c1', messageTime: '2026-03-01T00:00:00.000Z', event: 'S12' },
    recentControlIds: ['c1'],
    staleCount: 0,
    plannedDue: [],
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...over,
  });

  const request = (a: Appointment, over: Partial<SmsRequest> = {}): SmsRequest => ({
    type: 'confirmation',
    tenantId,
    baseUrlId: a.baseUrlId,
    appointmentId: a.appointmentId,
    geography: 'US',
    appointmentStart: a.startsAt!,
    requestId: `req-${randomUUID()}`,
    ...over,
  });

  return { connection, names, deps, clock, queue, log, lines, tenantId, profile, appointmentStore, appointment, request, start };
}
