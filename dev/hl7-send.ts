import { randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bodySha256 } from '../shared/usecases/feed/verify-feed-token';
import { loadJose } from '../shared/smart/esm';
import { sandboxKeys } from './sandbox-ehr/keys';
import type { SandboxVisit } from './sandbox-ehr/records';
import { fetchSandboxSchedule } from './sandbox-ehr/schedule-json';
import { sandboxSiu } from './sandbox-ehr/scheduling-feed';
import { DEV_HL7_SENDER_ID } from './seed/development-tenant';
import { projectRoot } from './paths';

/**
 * `npm run hl7:send -- <file|folder> [--url http://127.0.0.1:7071] [--sender SANDBOX-EHR]`
 * signs each HL7 file as the sandbox EHR would (its key in .local/sandbox-ehr, the one
 * `npm start` seeds the development tenant with) and posts it to the local host's feed.
 * Prints each file's name, then the ACK (or the HTTP status and problem).
 *
 * `npm run hl7:send -- --sandbox [--ehr http://127.0.0.1:7080]` sends, signed the same way, the
 * S12 the running sandbox EHR's interface would send for each of today's visits on its home
 * page (read from its `/schedule.json`: the schedule is made when the sandbox starts, so it is
 * asked, not recomputed), with the patient's fictional US mobile; a visit still ahead is texted.
 */
const USAGE = 'usage: npm run hl7:send -- <file|folder> | --sandbox [--ehr http://127.0.0.1:7080] [--url http://127.0.0.1:7071] [--sender SANDBOX-EHR]';
/** The sandbox EHR's port when SANDBOX_EHR_PORT is not set (DEFAULT_SANDBOX_EHR_PORT; not imported: that loads the whole sandbox). */
const SANDBOX_EHR_DEFAULT_PORT = '7080';

export interface Signer {
  senderId: string;
  privateKey: KeyObject;
}

export async function main(argv: string[], env: Record<string, string | undefined>, print: (line: string) => void, signer?: Signer): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { url: { type: 'string' }, sender: { type: 'string' }, sandbox: { type: 'boolean' }, ehr: { type: 'string' } },
  });
  const target = positionals[0];
  if (values.sandbox ? target !== undefined : target === undefined || values.ehr !== undefined) {
    print(USAGE);
    return 2;
  }
  const base = (values.url ?? env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT ?? '7071'}`).replace(/\/+$/, '');
  const { privateKey, senderId } = signer ?? { privateKey: sandboxKeys(new Date(), path.join(projectRoot(), '.local', 'sandbox-ehr')).hl7.privateKey, senderId: values.sender ?? DEV_HL7_SENDER_ID };
  const send = (body: Buffer<ArrayBuffer>) => post(base, body, { privateKey, senderId }, print);
  if (values.sandbox) return sendSandboxVisits((values.ehr ?? `http://127.0.0.1:${env.SANDBOX_EHR_PORT || SANDBOX_EHR_DEFAULT_PORT}`).replace(/\/+$/, ''), send, print);
  let failures = 0;
  for (const file of filesOf(target ?? '')) {
    print(path.basename(file));
    if (!(await send(readFileSync(file)))) failures++;
  }
  return failures === 0 ? 0 : 1;
}

/** One S12 per visit the running sandbox lists; prints the visit's name, then the ACK. */
async function sendSandboxVisits(ehr: string, send: (body: Buffer<ArrayBuffer>) => Promise<boolean>, print: (line: string) => void): Promise<number> {
  let visits: SandboxVisit[];
  try {
    visits = await fetchSandboxSchedule(ehr);
  } catch (error) {
    print(`cannot read the sandbox EHR's schedule at ${ehr}: ${error instanceof Error ? error.message : String(error)} (is npm start running? set SANDBOX_EHR_PORT or --ehr)`);
    return 1;
  }
  if (visits.length === 0) {
    print(`the sandbox EHR at ${ehr} lists no visits`);
    return 1;
  }
  const run = randomBytes(3).toString('hex').toUpperCase();
  let failures = 0;
  for (const visit of visits) {
    const now = new Date();
    const ahead = Date.parse(visit.start) > now.getTime();
    print(`visit CSN ${visit.csn}, ${visit.start.slice(0, 10)} ${visit.start.slice(11, 16)}-${visit.end.slice(11, 16)} UTC${ahead ? '' : ' (already started: stored without the mobile, nothing is texted)'}`);
    const body = Buffer.from(sandboxSiu(visit, { controlId: `SBX-${visit.csn}-${run}`, messageTime: now }), 'utf8');
    if (!(await send(body))) failures++;
  }
  return failures === 0 ? 0 : 1;
}

/** Posts one signed message; prints the ACK (true) or what went wrong (false). */
async function post(base: string, body: Buffer<ArrayBuffer>, signer: Signer, print: (line: string) => void): Promise<boolean> {
  try {
    const res = await fetch(`${base}/api/hl7`, { method: 'POST', headers: { Authorization: `Bearer ${await sign(body, signer.privateKey, signer.senderId, `${base}/api/hl7`)}`, 'Content-Type': 'application/hl7-v2' }, body });
    const text = await res.text();
    if (res.status === 200 && /^(MSH|FHS|BHS)\|/.test(text)) {
      print(text.replace(/\r/g, '\n'));
      return true;
    }
    print(`HTTP ${res.status} ${text}`);
  } catch (error) {
    print(`cannot reach ${base}: ${error instanceof Error ? error.message : String(error)} (is npm start running? set PORT or --url)`);
  }
  return false;
}

function filesOf(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target).filter((f) => /\.(hl7|txt|er7)$/i.test(f)).sort().map((f) => path.join(target, f));
}

async function sign(body: Buffer, privateKey: KeyObject, senderId: string, audience: string): Promise<string> {
  const { SignJWT } = await loadJose();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ body_sha256: bodySha256(body) })
    .setProtectedHeader({ alg: 'RS384', typ: 'JWT' })
    .setIssuer(senderId)
    .setAudience(audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 120)
    .sign(privateKey);
}

if (require.main === module) {
  main(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`))
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
