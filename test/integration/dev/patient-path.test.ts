import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { configureApp } from '../../../functions/_lib/app-context';
import { registeredFunctions } from '../../../functions/_lib/register';
import { startAzurite, type AzuriteInstance } from '../../../dev/azurite';
import type { InvocationRecord } from '../../../dev/host/host-events';
import { main as hl7Send } from '../../../dev/hl7-send';
import { sandboxMobile, SCHEDULE_PATH, type SandboxVisit } from '../../../dev/sandbox-ehr';
import { startDevelopmentSandbox, type DevelopmentSandbox } from '../../../dev/seed/development-sandbox';
import { DEV_SENDING_NUMBER } from '../../../dev/seed/development-sms';
import { DEV_HL7_SENDER_ID, DEV_TENANT_ID } from '../../../dev/seed/development-tenant';
import { outboxPageRoute } from '../../../shared/adapters/outbox/outbox-page';
import { OutboxStore } from '../../../shared/adapters/outbox/outbox-store';
import { recipientHash } from '../../../shared/domain/sms/keyed-hash';
import { visitTimeText } from '../../../shared/domain/sms/visit-time';
import { followLaunch } from '../launch/launch-harness';
import { testSettings } from '../../support/settings';
import { startTestHost, type TestHost } from '../../support/test-host';
import { waitFor } from '../../support/wait';

/**
 * What `npm start` promises a person on a fresh machine, with nothing else set up: the development
 * tenant seeded as npm start seeds it (startDevelopmentSandbox), `npm run hl7:send -- --sandbox`
 * sends the sandbox's S12 for each of its visits, the visits still ahead are texted to the
 * patient's mobile, the text shows on the SMS outbox page, its join link opens the lobby of the
 * meeting the clinician's "Start virtual visit" opens, and the clinician admits the patient.
 * Its own Azurite, so no other test file's host takes its queue messages, and the development
 * tenant's fixed ids (tenant, HL7 sender, sending number) meet nobody else's.
 */
const FUNCTIONS = [
  'launch-provider', 'launch-patient', 'launch-callback', 'jwks', 'visit-lobby', 'visit-host', 'visit-participants', 'visit-participant', 'visit-admit',
  'hl7-receive', 'hl7-process', 'sms-send', 'join-link',
];
const ORGANISATION = 'Development organisation (sandbox EHR)';
const outboxJson = z.array(z.object({ from: z.string(), toMasked: z.string(), recipientHash: z.string(), text: z.string() }));
type Text = z.infer<typeof outboxJson>[number];

describe('npm start: the sandbox feed texts a patient, whose link and the clinician\'s launch meet in one meeting', () => {
  let azurite: AzuriteInstance;
  let host: TestHost;
  let dev: DevelopmentSandbox;
  let startedAt: number;
  const invocations = new Map<string, number>();

  beforeAll(async () => {
    azurite = await startAzurite();
    const env = { STORAGE_CONNECTION: azurite.connection, LOCAL_KEYS_DIR: mkdtempSync(path.join(os.tmpdir(), 'patient-path-keys-')), EHR_TIMEOUT_MS: '8000' };
    configureApp(testSettings(env));
    for (const name of FUNCTIONS) require(path.join(__dirname, '..', '..', '..', 'functions', `${name}.ts`));
    const outbox = OutboxStore.fromConnection(azurite.connection, testSettings(env).sms.hashKey);
    host = await startTestHost({
      definitions: registeredFunctions().filter((d) => FUNCTIONS.includes(d.name)),
      env,
      queues: { maxPollingIntervalMs: 100, visibilityTimeoutMs: 2000 },
      extraRoutes: [outboxPageRoute(outbox)],
    });
    host.events.on('invocation', (r: InvocationRecord) => void (r.ok && invocations.set(r.functionName, (invocations.get(r.functionName) ?? 0) + 1)));
    startedAt = Date.now();
    dev = await startDevelopmentSandbox({ settings: host.settings, environment: { SANDBOX_EHR_PORT: '0' } });
    // A person clicks "Allow" on the sandbox's consent page; the test approves at once.
    dev.sandbox.control.authorization = 'approve';
  });
  afterAll(async () => {
    await dev?.sandbox.stop();
    await host?.stop();
    await azurite?.stop();
  });

  const texts = async (): Promise<Text[]> => {
    const response = await host.fetch('/api/dev/sms.json');
    expect(response.status).toBe(200);
    return outboxJson.parse(await response.json());
  };
  const joinLinkOf = (text: Text): string => {
    const link = /https?:\/\/\S+\/api\/v\/[A-Za-z0-9_-]{22}/.exec(text.text)?.[0];
    if (!link) throw new Error('the text carries no join link');
    return link;
  };
  const meetingOf = (url: string | null | undefined): string => {
    const id = /\/api\/visits\/([^/?]+)\//.exec(url ?? '')?.[1];
    if (!id) throw new Error(`not a visit URL: ${String(url)}`);
    return id;
  };

  it('seeds SMS for the development tenant: consents, a fictional sending number linked, confirmation and reminders 60 and 15 minutes before', () => {
    expect(dev.tenant.tenantId).toBe(DEV_TENANT_ID);
    expect(dev.tenant.sms.sendingNumber).toBe(DEV_SENDING_NUMBER);
    expect(dev.tenant.baseUrl.sms).toEqual({ confirmation: true, reminders: true, reminderMinutesBefore: [60, 15], phoneNumber: DEV_SENDING_NUMBER });
    expect(dev.tenant.sms.organisation).toMatchObject({ geography: 'US', defaultPhoneCountry: 'US', timeZone: 'America/Chicago' });
  });

  it('lists today\'s visits read-only at /schedule.json', async () => {
    const response = await fetch(new URL(SCHEDULE_PATH, dev.sandbox.url));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { visits: SandboxVisit[] };
    expect(body.visits.map((v) => v.csn).sort()).toEqual(dev.sandbox.visits.map((v) => v.csn).sort());
    expect(JSON.stringify(body)).not.toMatch(/Derrick|Warren|Camila|McGinnis|\+1\d{10}/);
    expect((await fetch(new URL(SCHEDULE_PATH, dev.sandbox.url), { method: 'POST' })).status).toBe(404);
  });

  it('hl7:send --sandbox sends an S12 per visit; the visits ahead are texted; the link opens the lobby of the meeting the clinician opens and admits from', async () => {
    const lines: string[] = [];
    const code = await hl7Send(['--sandbox', '--url', host.url, '--ehr', dev.sandbox.url], {}, (line) => void lines.push(...line.split('\n')), { senderId: DEV_HL7_SENDER_ID, privateKey: dev.sandbox.hl7.privateKey });
    expect({ code, lines }).toEqual({ code: 0, lines: expect.any(Array) });
    for (const visit of dev.sandbox.visits) expect(lines.some((l) => l.startsWith(`visit CSN ${visit.csn},`))).toBe(true);
    expect(lines.filter((l) => /^MSA\|AA\|SBX-/.test(l))).toHaveLength(dev.sandbox.visits.length);

    // Texted: each visit still ahead when it was sent (the "15 minutes from start-up" one always is).
    const ahead = dev.sandbox.visits.filter((v) => Date.parse(v.start) > startedAt);
    expect(ahead.length).toBeGreaterThanOrEqual(1);
    const outbox = await waitFor(async () => {
      const all = await texts();
      return all.length >= ahead.length ? all : undefined;
    }, `${ahead.length} confirmation texts in the outbox`);
    expect(outbox).toHaveLength(ahead.length);
    const hashKey = host.settings.sms.hashKey;
    for (const visit of ahead) {
      const { time } = visitTimeText(new Date(visit.start), 'America/Chicago');
      const text = outbox.find((t) => t.recipientHash === recipientHash(hashKey, sandboxMobile(visit.patientId)) && t.text.includes(time));
      expect(text).toMatchObject({ from: DEV_SENDING_NUMBER, text: expect.stringMatching(new RegExp(`^${ORGANISATION.replace(/[()]/g, '\\$&')}: (your )?(video )?visit .*${time.replace(/[()]/g, '')}\\. Join( here)?: http://127\\.0\\.0\\.1:\\d+/api/v/`)) });
    }
    // The outbox page a person opens shows them with the link.
    const page = await (await host.fetch('/api/dev/sms')).text();
    for (const text of outbox) expect(page).toContain(`<a href="${joinLinkOf(text)}">`);

    // The soonest visit ahead: its text's link -> lobby; the clinician's launch -> the same meeting; admitted.
    const visit = ahead.sort((a, b) => a.start.localeCompare(b.start))[0]!;
    const { time } = visitTimeText(new Date(visit.start), 'America/Chicago');
    const text = outbox.find((t) => t.recipientHash === recipientHash(hashKey, sandboxMobile(visit.patientId)) && t.text.includes(time))!;
    const opened = await fetch(joinLinkOf(text), { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const lobby = opened.headers.get('location')!;
    expect(lobby).toMatch(/\/lobby$/);
    const joined = await fetch(new URL('participants', lobby), { method: 'POST' });
    expect(joined.status).toBe(201);
    const patient = (await joined.json()) as { participantId: string; state: string };
    expect(patient.state).toBe('waiting');

    const launchUrl = dev.sandbox.createLaunch({ appointmentId: visit.appointmentId, role: 'provider' }).url!;
    const provider = await followLaunch(launchUrl);
    expect(provider.status).toBe(302);
    expect(provider.location).toMatch(/\/host\?key=/);
    expect(meetingOf(provider.location)).toBe(meetingOf(lobby));
    const key = new URL(provider.location!).searchParams.get('key')!;
    const base = provider.location!.replace(/\/host\?.*$/, '');
    expect((await fetch(`${base}/participants/${patient.participantId}/admit`, { method: 'POST', headers: { 'X-Visit-Host-Key': key } })).status).toBe(200);
    expect(((await (await fetch(`${base}/participants/${patient.participantId}`)).json()) as { state: string }).state).toBe('admitted');
  });

  it('sent again (a second run), nothing new is texted: the visits are booked already', async () => {
    const before = (await texts()).length;
    const sent = invocations.get('sms-send');
    const processed = invocations.get('hl7-process') ?? 0;
    expect(await hl7Send(['--sandbox', '--url', host.url, '--ehr', dev.sandbox.url], {}, () => undefined, { senderId: DEV_HL7_SENDER_ID, privateKey: dev.sandbox.hl7.privateKey })).toBe(0);
    // Every message of the second run is applied before the outbox is read again.
    await waitFor(() => (invocations.get('hl7-process') ?? 0) >= processed + dev.sandbox.visits.length, 'the second run applied');
    expect(invocations.get('sms-send')).toBe(sent);
    expect((await texts()).length).toBe(before);
  });

  it('says what is wrong when no sandbox answers, and refuses a file together with --sandbox', async () => {
    const lines: string[] = [];
    expect(await hl7Send(['--sandbox', '--url', host.url, '--ehr', 'http://127.0.0.1:9'], {}, (line) => void lines.push(line))).toBe(1);
    expect(lines.join('\n')).toMatch(/cannot read the sandbox EHR's schedule at http:\/\/127\.0\.0\.1:9: .*SANDBOX_EHR_PORT or --ehr/);
    const usage: string[] = [];
    expect(await hl7Send(['--sandbox', 'some.hl7'], {}, (line) => void usage.push(line))).toBe(2);
    expect(usage.join('\n')).toMatch(/^usage: .*--sandbox/);
  });
});
