import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_ROLES, loadOrCreateDevIssuerKey, signDevToken } from '../shared/adapters/devauth/dev-issuer';
import { isTenantId } from '../shared/domain/config/organisation';
import { adminAuthSettings } from '../shared/settings/admin-auth';
import { projectRoot } from './paths';

/**
 * `npm run dev:token -- --tenant <guid> --role admin|approver|reader --user <upn> [--minutes 60]`
 * prints an admin-API bearer token from the dev issuer (the key `npm start` publishes at
 * /api/dev-issuer/jwks). Uses the same settings as the app (PUBLIC_BASE_URL, ADMIN_AUTH_*).
 */
const USAGE = 'usage: npm run dev:token -- --tenant <tenant guid> --role admin|approver|reader --user <upn> [--minutes 60]';

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<string> {
  const { values } = parseArgs({ args: argv, options: { tenant: { type: 'string' }, role: { type: 'string' }, user: { type: 'string' }, minutes: { type: 'string' } } });
  const tenantId = (values.tenant ?? '').toLowerCase();
  const role = DEV_ROLES.find((r) => r === values.role);
  const user = values.user ?? '';
  const minutes = Number(values.minutes ?? '60');
  const problems = [
    isTenantId(tenantId) ? undefined : '--tenant must be a tenant GUID',
    role ? undefined : `--role must be one of ${DEV_ROLES.join(', ')}`,
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(user) ? undefined : '--user must be a user principal name such as admin@contoso.example',
    Number.isInteger(minutes) && minutes > 0 && minutes <= 1440 ? undefined : '--minutes must be 1 to 1440',
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0 || !role) throw new Error(`${problems.join('\n')}\n${USAGE}`);
  const settings = adminAuthSettings.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (settings.mode !== 'dev') throw new Error('ADMIN_AUTH_MODE is not dev: tokens come from Entra ID, not from this script.');
  const key = loadOrCreateDevIssuerKey(path.resolve(projectRoot(), settings.devIssuerKeyFile));
  return signDevToken(key, {
    issuer: settings.issuer, audience: settings.audience, tenantId, user, role,
    adminRoleName: settings.adminRole, readerRoleName: settings.readerRole, now: new Date(), lifetimeSeconds: minutes * 60,
  });
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (token) => process.stdout.write(`${token}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
