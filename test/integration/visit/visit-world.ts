import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configureApp } from '../../../functions/_lib/app-context';
import { registeredFunctions } from '../../../functions/_lib/register';
import { startAzurite, type AzuriteInstance } from '../../../dev/azurite';
import { main as hl7Send } from '../../../dev/hl7-send';
import { sandboxSiu, startSandboxEhr, type SandboxEhr, type SandboxSiuOptions, type SandboxVisit } from '../../../dev/sandbox-ehr';
import { certificateOf } from '../../../dev/seed/development-tenant';
import { OutboxStore, type OutboxMessage } from '../../../shared/adapters/outbox/outbox-store';
import { TableConfigStore } from '../../../shared/adapters/tables/config-table-store';
import { recipientHash } from '../../../shared/domain/sms/keyed-hash';
import { seedApprovedBaseUrl } from '../../../shared/usecases/launch/seed-approved-base-url';
import { testSettings } from '../../support/settings';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait';

/**
 * The whole product on one machine for the "same meeting" tests: its own Azurite (so no other
 * test file's host takes our queue messages), the local host serving the launch, visit-room,
 * scheduling-feed, SMS and join-link functions, and the sandbox EHR with its schedule built for
 * tomorrow (every visit ahead, so the feed keeps the mobile and texts it). One organisation whose
 * approved base URL is the sandbox, with its HL7 certificate, both SMS consents and a number.
 */
export const CLIENT_ID = 'connector-under-test';
export const ORGANISATION = 'Lakeside Virtual Care';
export const EVENTS_SECRET = 'event-grid-secret-'.padEnd(48, 'v');
const FUNCTIONS = [
  'launch-provider', 'launch-patient', 'launch-callback', 'jwks', 'visit-lobby', 'visit-host', 'visit-participants', 'visit-participant', 'visit-admit',
  'hl7-receive', 'hl7-process', 'sms-send', 'sms-events', 'join-link',
];

export interface VisitWorld {
  azurite: AzuriteInstance;
  host: TestHost;
  ehr: SandboxEhr;
  connection: string;
  tenantId: string;
  baseUrlId: string;
  senderId: string;
  sendingNumber: string;
  outbox: OutboxStore;
  /** Signs the sandbox's SIU for this visit like `npm run hl7:send` and posts it; returns the printed ACK. */
  sendSiu(visit: SandboxVisit, options: Omit<SandboxSiuOptions, 'messageTime'> & { messageTime?: Date }): Promise<string>;
  /** The texts the outbox holds for this mobile, newest first. */
  textsTo(mobile: string): Promise<OutboxMessage[]>;
  /** Waits for the text with a join link to this mobile and returns the link. */
  joinLinkTextedTo(mobile: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startVisitWorld(): Promise<VisitWorld> {
  const azurite = await startAzurite();
  configureApp(testSettings({ STORAGE_CONNECTION: azurite.connection }));
  for (const name of FUNCTIONS) require(path.join(__dirname, '..', '..', '..', 'functions', `${name}.ts`));
  const keysDir = mkdtempSync(path.join(os.tmpdir(), 'visit-keys-'));
  const host = await startTestHost({
    definitions: registeredFunctions().filter((d) => FUNCTIONS.includes(d.name)),
    env: { STORAGE_CONNECTION: azurite.connection, SMART_CLIENT_ID: CLIENT_ID, LOCAL_KEYS_DIR: keysDir, EHR_TIMEOUT_MS: '8000', SMS_EVENTS_SECRET: EVENTS_SECRET },
    queues: { maxPollingIntervalMs: 100, visibilityTimeoutMs: 2000 },
  });
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  const ehr = await startSandboxEhr({ port: 0, authorization: 'approve', connector: { baseUrl: host.url, clientId: CLIENT_ID }, scheduleFor: tomorrow, onError: () => undefined });

  const connection = host.settings.storage.connection;
  const config = TableConfigStore.fromConnection(connection);
  const tenantId = randomUUID();
  const baseUrlId = `b${randomBytes(5).toString('hex')}`;
  const senderId = `SBX${randomBytes(5).toString('hex').toUpperCase()}`;
  const sendingNumber = `+1800555${String(1000 + Math.floor(Math.random() * 9000))}`;
  const now = new Date();
  const at = now.toISOString();
  await seedApprovedBaseUrl(config, { tenantId, baseUrlId, url: ehr.fhirBaseUrl, environment: 'test', now, hl7SenderId: senderId, displayName: ORGANISATION });
  await config.saveCertificate(certificateOf(tenantId, 'test', ehr.hl7.certificatePem, now), undefined);
  await config.saveSmsConsents({ tenantId, sendOnBehalf: { givenBy: 'admin@x.example', givenAt: at }, patientPhoneProcessing: { givenBy: 'admin@x.example', givenAt: at }, updatedAt: at }, undefined);
  await config.createPhoneNumber({ tenantId, e164: sendingNumber, country: 'US', providerId: `local:${sendingNumber}`, purchasedAt: at, operationId: 'op' });
  const current = (await config.getBaseUrl(tenantId, baseUrlId))!;
  await config.updateBaseUrl({ ...current.value, sms: { confirmation: true, reminders: false, reminderMinutesBefore: [], phoneNumber: sendingNumber } }, current.etag);

  const outbox = OutboxStore.fromConnection(connection, host.settings.sms.hashKey);
  const files = mkdtempSync(path.join(os.tmpdir(), 'visit-siu-'));
  let sequence = 0;
  const textsTo = async (mobile: string) => (await outbox.list()).filter((m) => m.recipientHash === recipientHash(host.settings.sms.hashKey, mobile));
  return {
    azurite, host, ehr, connection, tenantId, baseUrlId, senderId, sendingNumber, outbox, textsTo,
    sendSiu: async (visit, options) => {
      const file = path.join(files, `${visit.csn}-${++sequence}.hl7`);
      writeFileSync(file, sandboxSiu(visit, { messageTime: options.messageTime ?? new Date(), ...options }));
      const lines: string[] = [];
      const code = await hl7Send([file, '--url', host.url], {}, (line) => void lines.push(line), { senderId, privateKey: ehr.hl7.privateKey });
      if (code !== 0) throw new Error(`hl7:send failed: ${lines.join('\n')}`);
      return lines.slice(1).join('\n');
    },
    joinLinkTextedTo: async (mobile) => {
      const text = await waitFor(async () => (await textsTo(mobile)).find((m) => m.text.includes('/api/v/')), 'the confirmation text with the join link');
      const link = /https?:\/\/\S+\/api\/v\/[A-Za-z0-9_-]{22}/.exec(text.text)?.[0];
      if (!link) throw new Error('the text carries no join link');
      return link;
    },
    stop: async () => {
      await ehr.stop();
      await host.stop();
      await azurite.stop();
    },
  };
}
