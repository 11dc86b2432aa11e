import type { IncomingMessage, ServerResponse } from 'node:http';
import { withParams } from './authorize';
import { escapeHtml, page, readForm, redirect, sendHtml } from './http';
import { LAUNCH_TTL_MS, opaqueToken, type LaunchContext, type LaunchRole } from './state';
import { contextForVisit, visitByAppointment, type RegisteredClient, type SandboxWorld } from './world';

/**
 * The EHR's home page: today's schedule, with the two buttons an Epic customer adds through
 * launch records: "Start virtual visit" (Hyperspace, provider) and "Virtual visit" (MyChart,
 * patient). Each performs a real EHR launch: a fresh `launch` token bound to the context, then
 * the browser goes to the connector's launch URL with `iss`, `launch`, `sessionId` and `departmentId`.
 */
export function homePage(world: SandboxWorld): string {
  const name = (ref: string) => escapeHtml(world.records.names.get(ref) ?? ref);
  const launchable = [...world.clients.values()].some((c) => c.launchUrls?.provider || c.launchUrls?.patient);
  const rows = [...world.records.visits]
    .sort((a, b) => a.start.localeCompare(b.start))
    .map(
      (v) => `<tr data-appointment="${escapeHtml(v.appointmentId)}"><td>${escapeHtml(v.start.slice(11, 16))}-${escapeHtml(v.end.slice(11, 16))} UTC</td>
<td>${name(`Patient/${v.patientId}`)}</td><td>${name(`Practitioner/${v.practitionerId}`)}</td><td>${escapeHtml(v.csn)}</td><td>${escapeHtml(v.departmentId)}</td>
<td><form method="post" action="/launch"><input type="hidden" name="appointment" value="${escapeHtml(v.appointmentId)}">
<button name="role" value="provider" class="provider-launch">Start virtual visit</button>
<button name="role" value="patient" class="patient-launch">Virtual visit</button></form></td></tr>`,
    )
    .join('\n');
  return page(
    'Sandbox EHR: today\'s schedule',
    `<p class="note">A development EHR. FHIR base URL (iss): <code id="fhir-base-url">${escapeHtml(world.endpoints.fhirBaseUrl)}</code>.
"Start virtual visit" launches as the visit's provider (Hyperspace); "Virtual visit" as its patient (MyChart).</p>
${launchable ? '' : '<p><b>No connector is registered with this sandbox, so the buttons cannot launch.</b></p>'}
<table><thead><tr><th>Time</th><th>Patient</th><th>Provider</th><th>CSN</th><th>Department</th><th></th></tr></thead><tbody>
${rows}</tbody></table>`,
  );
}

/** POST /launch from the home page's buttons. */
export async function handleLaunchButton(world: SandboxWorld, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  if (typeof form === 'string') return sendHtml(res, 400, page('Launch failed', '<p>Bad form submission.</p>'));
  const role = form.get('role');
  const visit = visitByAppointment(world, form.get('appointment') ?? '');
  if ((role !== 'provider' && role !== 'patient') || !visit) return sendHtml(res, 400, page('Launch failed', '<p>Unknown appointment or role.</p>'));
  const launch = createLaunchUrl(world, contextForVisit(visit, role));
  if (!launch) return sendHtml(res, 409, page('Launch failed', `<p>No connector launch URL is registered for the ${role} launch.</p>`));
  redirect(res, launch.url, 303);
}

export interface CreatedLaunch {
  /** The opaque launch token (valid five minutes, single use at authorize). */
  launch: string;
  /** The connector's launch URL with iss, launch, sessionId and departmentId, when a client has one for this role. */
  url: string;
}

/** Binds a context to a fresh launch token and builds the launch URL a launch record would open. */
export function createLaunchUrl(world: SandboxWorld, context: LaunchContext, client?: RegisteredClient): CreatedLaunch | undefined {
  const target = client ?? [...world.clients.values()].find((c) => c.launchUrls?.[context.role]);
  const launchUrl = target?.launchUrls?.[context.role];
  if (!launchUrl) return undefined;
  const launch = mintLaunch(world, context);
  const params: Record<string, string> = { iss: world.endpoints.fhirBaseUrl, launch };
  if (context.sessionId) params.sessionId = context.sessionId;
  if (context.departmentId) params.departmentId = context.departmentId;
  return { launch, url: withParams(launchUrl, params) };
}

export function mintLaunch(world: SandboxWorld, context: LaunchContext): string {
  const launch = opaqueToken(24);
  world.state.launches.put(launch, context, LAUNCH_TTL_MS);
  return launch;
}

export type { LaunchRole };
