import { z } from 'zod';
import { coreSettings } from './settings/core';
import { storageSettings } from './settings/storage';
import { launchSettings } from './settings/launch';
import { adminAuthSettings } from './settings/admin-auth';
import { smsSettings } from './settings/sms';
import { feedSettings } from './settings/feed';
import { portalSettings } from './settings/portal';

/**
 * Every setting is read here, once, from the environment (Azure app settings or
 * local.settings.json) and handed down. Each area keeps its schema in `settings/`.
 * Start-up fails with one message that names every missing or invalid setting.
 */
const sections = {
  core: coreSettings,
  storage: storageSettings,
  launch: launchSettings,
  adminAuth: adminAuthSettings,
  sms: smsSettings,
  feed: feedSettings,
  portal: portalSettings,
} as const;

type Sections = typeof sections;
export type Settings = { [K in keyof Sections]: z.output<Sections[K]> };
export type Environment = Record<string, string | undefined>;

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`The app cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

export function loadSettings(env: Environment = process.env): Settings {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  for (const [name, schema] of Object.entries(sections)) {
    const parsed = schema.safeParse(blankless);
    if (parsed.success) out[name] = parsed.data;
    else for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.') || name}: ${describe(issue, blankless)}`);
  }
  if (problems.length > 0) throw new SettingsError(problems);
  const settings = out as Settings;
  problems.push(...crossChecks(settings));
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}

/**
 * Rules that span areas. The development conveniences (self-issued admin tokens, plain-http
 * and private-network EHRs) would be holes on a public deployment: they are refused unless
 * the connector itself is only reachable on this machine.
 */
function crossChecks(settings: Settings): string[] {
  const local = isLoopback(settings.core.publicBaseUrl);
  const problems: string[] = [];
  if (!local && settings.adminAuth.mode === 'dev') problems.push('ADMIN_AUTH_MODE: dev sign-in is only allowed when PUBLIC_BASE_URL is a loopback address; use entra');
  if (!local && settings.core.allowPrivateNetworkUrls) problems.push('ALLOW_PRIVATE_NETWORK_URLS: only allowed when PUBLIC_BASE_URL is a loopback address');
  return problems;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function describe(issue: z.core.$ZodIssue, env: Environment): string {
  const [key] = issue.path;
  const absent = typeof key === 'string' && env[key] === undefined;
  if (absent && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return 'is missing';
  return issue.message;
}
