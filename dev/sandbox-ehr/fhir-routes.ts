import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { capabilityStatement, smartConfiguration } from './discovery';
import { isServedType } from './fhir-store';
import { sendFhir, sendJson } from './http';
import { readAccess } from './scopes';
import type { AccessToken } from './state';
import type { SandboxWorld } from './world';

/**
 * Everything under the FHIR base URL: discovery documents (no token) and the read / search
 * API (Bearer token required, limited by the token's scopes; `patient/` scopes see only the
 * launch patient's compartment). Test faults (404 / 500 / no answer) apply before the store.
 */
export async function handleFhir(world: SandboxWorld, req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  if (path === '/.well-known/smart-configuration' || path === '/metadata') {
    if (method !== 'GET') return sendFhir(res, 405, outcome('not-supported', 'Only GET is supported'));
    if (world.control.current.discoveryUnavailable) return sendFhir(res, 503, outcome('transient', 'The EHR is unavailable'));
    if (path === '/metadata') return sendFhir(res, 200, capabilityStatement(world.endpoints, world.clock.now().toISOString()));
    return sendJson(res, 200, smartConfiguration(world.endpoints, { withoutS256: world.control.current.withoutS256 ?? false }), { 'Cache-Control': 'max-age=60' });
  }
  const token = bearer(world, req);
  if (!token) {
    return sendFhir(res, 401, outcome('login', 'A valid Bearer access token is required'), { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  }
  if (method !== 'GET') return sendFhir(res, 405, outcome('not-supported', 'This EHR serves read and search only'));
  const match = /^\/([A-Za-z]+)(?:\/([^/]+))?$/.exec(path);
  if (!match) return sendFhir(res, 404, outcome('not-found', 'Unknown FHIR path'));
  const [, type = '', rawId] = match;
  if (!isServedType(type)) return sendFhir(res, 404, outcome('not-supported', `Resource type ${type} is not served`));
  const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
  if (id !== undefined && !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return sendFhir(res, 400, outcome('invalid', 'Invalid resource id'));
  const access = readAccess(token.scope, type);
  if (!access) return sendFhir(res, 403, outcome('forbidden', `The access token does not allow reading ${type}`));

  const fault = world.control.fhirFaultFor(type, id);
  if (fault?.kind === 'timeout') {
    world.held.add(res);
    res.on('close', () => world.held.delete(res));
    return;
  }
  if (fault?.kind === 'not_found') return sendFhir(res, 404, outcome('not-found', 'Not found'));
  if (fault?.kind === 'server_error') return sendFhir(res, 500, outcome('exception', 'Internal server error'));

  if (id !== undefined) {
    const answer = await world.store.read(type, id);
    if (answer.status === 200 && access === 'patient' && !inCompartment(answer.body, token)) {
      return sendFhir(res, 403, outcome('forbidden', "The resource is outside the launch patient's record"));
    }
    return sendFhir(res, answer.status, answer.body);
  }
  const answer = await world.store.search(type, url.searchParams);
  if (answer.body.resourceType === 'Bundle' && access === 'patient') {
    const entry = (answer.body.entry ?? []).filter((e) => e.resource && inCompartment(e.resource, token));
    return sendFhir(res, answer.status, { ...answer.body, entry, total: entry.length });
  }
  sendFhir(res, answer.status, answer.body);
}

function bearer(world: SandboxWorld, req: IncomingMessage): AccessToken | undefined {
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(req.headers.authorization ?? '');
  return m?.[1] ? world.state.accessTokens.get(m[1]) : undefined;
}

function inCompartment(resource: Resource, token: AccessToken): boolean {
  const patient = `Patient/${token.context.patientId}`;
  switch (resource.resourceType) {
    case 'Patient':
      return resource.id === token.context.patientId;
    case 'Appointment':
      return (resource.participant ?? []).some((p) => p.actor?.reference === patient);
    case 'Encounter':
      return resource.subject?.reference === patient;
    default:
      return true;
  }
}

export function outcome(code: OperationOutcome['issue'][number]['code'], text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] };
}
