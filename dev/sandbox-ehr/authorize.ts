import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, page, readForm, redirect, sendHtml, single } from './http';
import { SERVED_TYPES } from './fhir-store';
import { parseScopes } from './scopes';
import { CODE_TTL_MS, opaqueToken, PENDING_TTL_MS, type LaunchContext, type PendingAuthorization } from './state';
import { contextForVisit, visitByAppointment, type SandboxWorld } from './world';

/**
 * GET /oauth2/authorize, strict like a production EHR. Problems with client_id or redirect_uri
 * are shown on a page (never redirected to an unverified URI, RFC 6749 4.1.2.1); every other
 * problem goes back to the client as `error=` with the state.
 */
export function handleAuthorize(world: SandboxWorld, url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  const clientId = single(q, 'client_id');
  const client = typeof clientId === 'string' && clientId !== 'repeated' ? world.clients.get(clientId) : undefined;
  if (!client) return sendHtml(res, 400, page('Sign-in refused', '<p>The application (client_id) is not registered with this EHR.</p>'));
  const redirectUri = single(q, 'redirect_uri');
  if (typeof redirectUri !== 'string' || redirectUri === 'repeated' || !client.redirectUris.includes(redirectUri)) {
    return sendHtml(res, 400, page('Sign-in refused', '<p>The redirect_uri is not registered for this application.</p>'));
  }
  const rawState = single(q, 'state');
  const state = typeof rawState === 'string' && rawState !== 'repeated' && rawState.length > 0 ? rawState : undefined;
  const fail = (error: string, description: string) => redirect(res, withParams(redirectUri, { error, error_description: description, ...(state ? { state } : {}) }));

  const value = (name: string): string | undefined => {
    const v = single(q, name);
    return v === 'repeated' ? undefined : v;
  };
  for (const name of ['response_type', 'scope', 'aud', 'code_challenge', 'code_challenge_method', 'launch', 'nonce']) {
    if (single(q, name) === 'repeated') return fail('invalid_request', `${name} is repeated`);
  }
  if (value('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  if (!state) return fail('invalid_request', 'state is required');
  const scopes = parseScopes(value('scope') ?? '', SERVED_TYPES);
  if (!scopes.ok) return fail('invalid_scope', scopes.message);
  if (stripSlash(value('aud') ?? '') !== world.endpoints.fhirBaseUrl) return fail('invalid_request', "aud must be this EHR's FHIR base URL");
  if (value('code_challenge_method') !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  const challenge = value('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');

  const launch = value('launch');
  let context: LaunchContext | undefined;
  if (launch !== undefined) {
    if (!scopes.scopes.includes('launch')) return fail('invalid_scope', 'an EHR launch needs the launch scope');
    context = world.state.launches.take(launch);
    if (!context) return fail('invalid_request', 'launch is unknown, used or expired');
  } else if (scopes.scopes.includes('launch')) {
    return fail('invalid_request', 'the launch scope needs a launch parameter');
  }

  const nonce = value('nonce');
  const pending: PendingAuthorization = { clientId: client.clientId, redirectUri, state, scope: scopes.scopes, codeChallenge: challenge, context, ...(nonce ? { nonce } : {}) };
  if (world.control.authorization === 'deny') return fail('access_denied', 'The user declined');
  if (world.control.authorization === 'approve' && context) return issueCode(world, res, pending, context);
  const id = opaqueToken();
  world.state.pending.put(id, pending, PENDING_TTL_MS);
  sendHtml(res, 200, consentPage(world, id, pending));
}

/** POST /oauth2/authorize/decision: the consent page's Allow / Deny. */
export async function handleDecision(world: SandboxWorld, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  if (typeof form === 'string') return sendHtml(res, 400, page('Sign-in refused', '<p>Bad form submission.</p>'));
  const pending = world.state.pending.take(form.get('request') ?? '');
  if (!pending) return sendHtml(res, 400, page('Sign-in expired', '<p>This sign-in request expired or was already answered. Start the launch again.</p>'));
  if (form.get('decision') !== 'allow') {
    return redirect(res, withParams(pending.redirectUri, { error: 'access_denied', error_description: 'The user declined', state: pending.state }));
  }
  const context = pickedContext(world, form, pending.context);
  if (!context) return sendHtml(res, 400, page('Sign-in refused', '<p>Pick a user and a patient the EHR knows.</p>'));
  issueCode(world, res, pending, context);
}

function issueCode(world: SandboxWorld, res: ServerResponse, pending: PendingAuthorization, context: LaunchContext): void {
  const code = opaqueToken();
  world.state.codes.put(code, { ...pending, context, used: false }, CODE_TTL_MS);
  redirect(res, withParams(pending.redirectUri, { code, state: pending.state }));
}

/** The consent page may change the user, patient and appointment (standalone launches need it). */
function pickedContext(world: SandboxWorld, form: URLSearchParams, launched: LaunchContext | undefined): LaunchContext | undefined {
  const appointment = form.get('appointment') ?? '';
  const visit = appointment ? visitByAppointment(world, appointment) : undefined;
  const base: LaunchContext | undefined = visit ? contextForVisit(visit, launched?.role ?? 'provider') : launched;
  const user = (form.get('user') ?? '').split('/');
  const patientId = form.get('patient') || base?.patientId;
  const [type, id] = user;
  if ((type !== 'Practitioner' && type !== 'Patient') || !id || !world.records.names.has(`${type}/${id}`)) return undefined;
  if (!patientId || !world.records.names.has(`Patient/${patientId}`)) return undefined;
  return { ...(base ?? {}), role: type === 'Patient' ? 'patient' : 'provider', user: { resourceType: type, id }, patientId };
}

function consentPage(world: SandboxWorld, id: string, pending: PendingAuthorization): string {
  const ctx = pending.context;
  const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const people = [...world.records.names].map(([ref, name]) => option(ref, `${name} (${ref})`, ctx ? ref === `${ctx.user.resourceType}/${ctx.user.id}` : false)).join('');
  const patients = [...world.records.names].filter(([ref]) => ref.startsWith('Patient/')).map(([ref, name]) => option(ref.slice(8), name, ctx?.patientId === ref.slice(8))).join('');
  const visits = world.records.visits.map((v) => option(v.appointmentId, `${v.start.slice(11, 16)} UTC, CSN ${v.csn}`, ctx?.appointmentId === v.appointmentId)).join('');
  return page(
    'Allow access?',
    `<p><b>${escapeHtml(pending.clientId)}</b> asks for: <code>${escapeHtml(pending.scope.join(' '))}</code></p>
<form method="post" action="${escapeHtml(world.endpoints.authorizeDecision)}">
<input type="hidden" name="request" value="${escapeHtml(id)}">
<p><label>Signed-in user <select name="user">${people}</select></label></p>
<p><label>Patient <select name="patient">${patients}</select></label></p>
<p><label>Appointment <select name="appointment"><option value="">(none)</option>${visits}</select></label></p>
<button name="decision" value="allow" id="allow">Allow</button> <button name="decision" value="deny" id="deny">Deny</button>
</form>`,
  );
}

export function withParams(base: string, params: Record<string, string>): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

const stripSlash = (s: string) => s.replace(/\/+$/, '');
