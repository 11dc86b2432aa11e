import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registeredFunctions } from '../../../functions/_lib/register';
import { loadOrCreateDevIssuerKey, signDevToken, type DevIssuerKey, type DevRole } from '../../../shared/adapters/devauth/dev-issuer';
import { connectorClient, startSandboxEhr, type SandboxEhr } from '../../../dev/sandbox-ehr';
import { startTestHost, type TestHost } from '../../support/test-host';

/**
 * The admin API's real parts: the local host serving the config functions, Azurite, the
 * dev issuer (tokens signed with the same key file the host publishes), and the sandbox
 * EHR with the connector registered (launch and approval redirect URIs).
 */
export const CLIENT_ID = 'connector-admin-under-test';
export const ADMIN = 'admin@riverside.example';
export const APPROVER = 'analyst@riverside.example';

export const CONFIG_FUNCTIONS = [
  'config-organisation', 'config-base-urls', 'config-base-url', 'config-base-url-check', 'config-base-url-sms', 'config-sms-consents',
  'config-phone-numbers', 'config-operation', 'config-operations', 'config-certificate', 'config-approval-sign-in', 'config-approval', 'approval-callback',
  'config-integration-records', 'config-audit', 'config-appointment', 'dev-issuer-jwks',
];

export interface AdminWorld {
  host: TestHost;
  ehr: SandboxEhr;
  key: DevIssuerKey;
  token(input: { tenantId: string; role: DevRole; user?: string; lifetimeSeconds?: number; claims?: Record<string, unknown>; now?: Date; key?: DevIssuerKey; issuer?: string; audience?: string }): Promise<string>;
  call(method: string, pathName: string, options?: { token?: string; body?: unknown; rawBody?: string; ifMatch?: string; contentType?: string }): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  etag: string | null;
  location: string | null;
  body: Record<string, unknown>;
  text: string;
}

export async function startAdminWorld(env: Record<string, string> = {}): Promise<AdminWorld> {
  // `jwks` (the launch area's) publishes the connector's keys: the EHR checks the approval sign-in's client assertion with them.
  for (const name of [...CONFIG_FUNCTIONS, 'jwks']) require(path.join(__dirname, '..', '..', '..', 'functions', `${name}.ts`));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'admin-api-'));
  const keyFile = path.join(dir, 'dev-issuer.json');
  const host = await startTestHost({
    definitions: registeredFunctions(),
    env: { SMART_CLIENT_ID: CLIENT_ID, LOCAL_KEYS_DIR: path.join(dir, 'keys'), EHR_TIMEOUT_MS: '8000', ADMIN_AUTH_MODE: 'dev', DEV_ISSUER_KEY_FILE: keyFile, LOCAL_PHONE_PURCHASE_DELAY_MS: '300', ...env },
  });
  const ehr = await startSandboxEhr({ port: 0, authorization: 'approve', onError: () => undefined });
  const client = connectorClient(host.url, CLIENT_ID);
  ehr.registerClient({ ...client, redirectUris: [...client.redirectUris, `${host.url}/api/approval-callback`] });
  const key = loadOrCreateDevIssuerKey(keyFile);
  const auth = host.settings.adminAuth;
  return {
    host,
    ehr,
    key,
    token: (t) =>
      signDevToken(t.key ?? key, {
        issuer: t.issuer ?? auth.issuer, audience: t.audience ?? auth.audience, tenantId: t.tenantId, user: t.user ?? (t.role === 'approver' ? APPROVER : ADMIN),
        role: t.role, adminRoleName: auth.adminRole, readerRoleName: auth.readerRole, now: t.now ?? new Date(), ...(t.lifetimeSeconds ? { lifetimeSeconds: t.lifetimeSeconds } : {}), ...(t.claims ? { claims: t.claims } : {}),
      }),
    call: async (method, pathName, o = {}) => {
      const headers: Record<string, string> = {};
      if (o.token) headers.Authorization = `Bearer ${o.token}`;
      if (o.ifMatch) headers['If-Match'] = o.ifMatch;
      const body = o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
      if (body !== undefined) headers['Content-Type'] = o.contentType ?? 'application/json';
      const response = await host.fetch(pathName, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        const value: unknown = JSON.parse(text);
        if (typeof value === 'object' && value !== null) parsed = Object.fromEntries(Object.entries(value));
      } catch {
        parsed = {};
      }
      return { status: response.status, etag: response.headers.get('etag'), location: response.headers.get('location'), body: parsed, text };
    },
    stop: async () => {
      await ehr.stop();
      await host.stop();
    },
  };
}

export const newTenant = (): string => randomUUID();

/** Answers the sandbox EHR's consent page as the approver would: sign in as a practitioner and allow. */
export async function signInAtSandbox(ehr: SandboxEhr, authorizeUrl: string): Promise<string> {
  const consent = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await consent.text();
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1];
  const practitioner = /value="(Practitioner\/[^"]+)"/.exec(html)?.[1];
  const patient = /name="patient"><option value="([^"]+)"/.exec(html)?.[1] ?? /<select name="patient">\s*<option value="([^"]+)"/.exec(html)?.[1];
  if (!request || !practitioner) throw new Error(`sandbox consent page not understood (HTTP ${consent.status})`);
  const form = new URLSearchParams({ request, user: practitioner, decision: 'allow', ...(patient ? { patient } : {}) });
  const decided = await fetch(`${ehr.url}/oauth2/authorize/decision`, { method: 'POST', body: form, redirect: 'manual' });
  const location = decided.headers.get('location');
  if (!location) throw new Error(`sandbox decision gave no redirect (HTTP ${decided.status}): ${(await decided.text()).slice(0, 300)}`);
  return location;
}
