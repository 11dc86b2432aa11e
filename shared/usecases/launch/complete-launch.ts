import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { ehrUserIdOf } from '../../domain/launch/ehr-user';
import { launchError } from '../../domain/launch/launch-errors';
import { CLOSED_APPOINTMENT_STATUSES, patientTakesPart, referencedId, type LaunchRole } from '../../domain/launch/visit-context';
import { launchVisitNames } from '../../domain/launch/visit-names';
import type { Visit } from '../../ports/visit-store';
import { findOrCreateVisit } from '../visit/find-or-create-visit';
import { approvedBaseUrl } from './approved-base-url';
import type { LaunchDeps } from './launch-deps';
import { resolveVisit } from './resolve-visit';

/**
 * Step 2: the EHR sent the browser back to `/api/launch/callback` with `code` + `state`
 * (or `error`). Take the state (single use, 10 minutes), re-check the base URL is still
 * approved, exchange the code (private_key_jwt), verify the id_token, find the appointment
 * over FHIR, find or create its one visit (the same the SMS join link finds: see
 * find-or-create-visit.ts), keep the EHR user's id (once per organisation),
 * and send the person in: the clinician as organiser, the patient to the lobby. Every
 * failure is named and changes nothing.
 */
const callbackSchema = z.object({
  state: z.string().max(256).optional(),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().max(256).optional(),
});

export interface CompleteLaunchResult {
  redirectTo: string;
  role: LaunchRole;
  visit: Visit;
  /** The EHR user's id (`fhirUser` as an absolute URL), the one EHR identifier the product keeps. */
  ehrUserId: string;
}

export async function completeLaunch(deps: LaunchDeps, query: Record<string, string | undefined>): Promise<CompleteLaunchResult> {
  const parsed = callbackSchema.safeParse(query);
  if (!parsed.success) throw new DomainError('validation', 'The EHR sent back an invalid answer.', { reason: 'LAUNCH_REQUEST_INVALID' });
  const { state, code, error } = parsed.data;
  if (!state) {
    if (error) throw launchError('EHR_AUTHORIZATION_DENIED', `The EHR did not authorise the launch (${safe(error)}).`);
    throw new DomainError('validation', 'The EHR sent back no state.', { reason: 'LAUNCH_REQUEST_INVALID', fields: [{ field: 'state', message: 'is required' }] });
  }
  const pending = await deps.launchStates.take(state);
  if (!pending) throw launchError('LAUNCH_EXPIRED', 'This launch is unknown or was already used.');
  if (deps.clock.now().getTime() > Date.parse(pending.expiresAt)) throw launchError('LAUNCH_EXPIRED', 'This launch took longer than 10 minutes.');
  if (error) throw launchError('EHR_AUTHORIZATION_DENIED', `The EHR did not authorise the launch (${safe(error)}).`);
  if (!code) throw new DomainError('validation', 'The EHR sent back no authorization code.', { reason: 'LAUNCH_REQUEST_INVALID', fields: [{ field: 'code', message: 'is required' }] });

  const baseUrl = await approvedBaseUrl(deps, pending.iss);
  if (baseUrl.tenantId !== pending.tenantId || baseUrl.id !== pending.baseUrlId) throw launchError('BASE_URL_NOT_APPROVED', 'The EHR base URL changed while the launch was in progress.');

  const { token, identity } = await deps.smart.completeAuthorization({ iss: pending.iss, code, redirectUri: pending.redirectUri, codeVerifier: pending.codeVerifier });
  const ehrUser = ehrUserIdOf(identity.fhirUser, pending.iss);
  const reader = await deps.fhir({ baseUrl: pending.iss, accessToken: token.accessToken, timeoutMs: deps.launchConfig.ehrTimeoutMs });
  const context = { fhirContext: token.fhirContext, ...pick(token, ['patient', 'encounter', 'appointment']) };
  const { key, appointment, sessionIdentifier } = await resolveVisit(reader, pending.context, context);

  if (CLOSED_APPOINTMENT_STATUSES.has(appointment.status)) throw launchError('APPOINTMENT_CANCELLED', `The appointment is ${appointment.status}.`);
  if (pending.role === 'patient') {
    const patient = token.patient ?? (referencedId(identity.fhirUser, 'Patient') ? identity.fhirUser : undefined);
    if (!patientTakesPart(appointment, patient)) throw launchError('APPOINTMENT_NOT_FOUND', 'The appointment does not belong to the signed-in patient.');
  }

  const visit = await findOrCreateVisit(deps, {
    tenantId: pending.tenantId,
    baseUrlId: pending.baseUrlId,
    key,
    names: launchVisitNames(appointment, sessionIdentifier),
    ...instant('startsAt', appointment.start),
    ...instant('endsAt', appointment.end),
  });
  const recorded = await deps.visits.recordLaunch(pending.tenantId, pending.baseUrlId, visit.visitKey, pending.role, deps.clock.now());
  await deps.ehrUsers.remember({ tenantId: pending.tenantId, ehrUserId: ehrUser.id, type: ehrUser.type, baseUrlId: pending.baseUrlId, firstSeenAt: deps.clock.now().toISOString() });
  return {
    redirectTo: pending.role === 'provider' ? visit.organizerJoinUrl : visit.attendeeJoinUrl,
    role: pending.role,
    visit: recorded,
    ehrUserId: ehrUser.id,
  };
}

/** A FHIR instant as a Date for the meeting's times; left out when absent or unreadable. */
function instant<K extends string>(key: K, value: string | undefined): { [P in K]?: Date } {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(ms) ? {} : ({ [key]: new Date(ms) } as { [P in K]?: Date });
}

function pick<T extends object, K extends keyof T>(value: T, keys: K[]): { [P in K]?: NonNullable<T[P]> } {
  const out: { [P in K]?: NonNullable<T[P]> } = {};
  for (const k of keys) if (value[k] !== undefined && value[k] !== null) out[k] = value[k] as NonNullable<T[typeof k]>;
  return out;
}

const safe = (code: string): string => (/^[A-Za-z0-9_.-]{1,60}$/.test(code) ? code : 'error');
