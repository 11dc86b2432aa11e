import { randomUUID, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bodySha256 } from '../shared/usecases/feed/verify-feed-token';
import { loadJose } from '../shared/smart/esm';
import { sandboxKeys } from './sandbox-ehr/keys';
import { DEV_HL7_SENDER_ID } from './seed/development-tenant';
import { projectRoot } from './paths';

/**
 * `npm run hl7:send -- <file|folder> [--url http://127.0.0.1:7071] [--sender SANDBOX-EHR]`
 * signs each HL7 file as the sandbox EHR would (its key in .local/sandbox-ehr, the one
 * `npm start` seeds the development tenant with) and posts it to the local host's feed.
 * Prints each file's name, then the ACK (or the HTTP status and problem).
 */
const USAGE = 'usage: npm run hl7:send -- <file|folder> [--url http://127.0.0.1:7071] [--sender SANDBOX-EHR]';

export interface Signer {
  senderId: string;
  privateKey: KeyObject;
}

export async function main(argv: string[], env: Record<string, string | undefined>, print: (line: string) => void, signer?: Signer): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { url: { type: 'string' }, sender: { type: 'string' } } });
  const target = positionals[0];
  if (!target) {
    print(USAGE);
    return 2;
  }
  const base = (values.url ?? env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT ?? '7071'}`).replace(/\/+$/, '');
  const { privateKey, senderId } = signer ?? { privateKey: sandboxKeys(new Date(), path.join(projectRoot(), '.local', 'sandbox-ehr')).hl7.privateKey, senderId: values.sender ?? DEV_HL7_SENDER_ID };
  let failures = 0;
  for (const file of filesOf(target)) {
    print(path.basename(file));
    const body = readFileSync(file);
    try {
      const res = await fetch(`${base}/api/hl7`, { method: 'POST', headers: { Authorization: `Bearer ${await sign(body, privateKey, senderId, `${base}/api/hl7`)}`, 'Content-Type': 'application/hl7-v2' }, body });
      const text = await res.text();
      if (res.status === 200 && /^(MSH|FHS|BHS)\|/.test(text)) print(text.replace(/\r/g, '\n'));
      else {
        failures++;
        print(`HTTP ${res.status} ${text}`);
      }
    } catch (error) {
      failures++;
      print(`cannot reach ${base}: ${error instanceof Error ? error.message : String(error)} (is npm start running? set PORT or --url)`);
    }
  }
  return failures === 0 ? 0 : 1;
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
