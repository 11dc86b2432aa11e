import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../shared/ports/clock';
import { systemClock } from '../../shared/adapters/system/system-clock';
import { handleAuthorize, handleDecision } from './authorize';
import { SandboxControl, type AuthorizationMode, type SandboxFaults } from './control';
import { endpointsOf, type SandboxEndpoints } from './discovery';
import { handleFhir } from './fhir-routes';
import { FhirStore } from './fhir-store';
import { createLaunchUrl, handleLaunchButton, homePage, mintLaunch } from './home-page';
import { page, sendHtml, sendJson } from './http';
import { sandboxKeys, type Hl7FeedSigner } from './keys';
import { buildSandboxRecords, type SandboxVisit } from './records';
import { SCHEDULE_PATH, scheduleJson } from './schedule-json';
import { SandboxState, type LaunchContext, type LaunchRole } from './state';
import { handleToken } from './token';
import { contextForVisit, visitByAppointment, type RecordedRequest, type RegisteredClient, type SandboxWorld } from './world';

export type { AuthorizationMode, FhirFault, FhirFaultKind, IdTokenTampering, SandboxFaults } from './control';
export type { Hl7FeedSigner } from './keys';
export { sandboxFillerId, sandboxMobile, sandboxSiu, type SandboxSiuOptions } from './scheduling-feed';
export { fetchSandboxSchedule, SCHEDULE_PATH } from './schedule-json';
export type { SandboxVisit } from './records';
export type { LaunchContext, LaunchRole } from './state';
export type { RecordedRequest, RegisteredClient } from './world';
export type { SandboxEndpoints } from './discovery';

export const DEFAULT_SANDBOX_EHR_PORT = 7080;

export interface SandboxEhrOptions {
  /** Default 7080 (`SANDBOX_EHR_PORT`); 0 picks a free port (tests). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Time for codes, tokens, id_tokens and "today's" appointments. Default: the system clock. */
  clock?: Clock;
  /** Build the generated schedule for this moment's UTC day instead of the clock's (tests that need every visit ahead). */
  scheduleFor?: Date;
  /** Shorthand for registering the connector at this base URL with this client id (see `connectorClient`). */
  connector?: { baseUrl: string; clientId: string };
  clients?: RegisteredClient[];
  /** approve (tests), deny, or ask: show the consent page (default, for people). */
  authorization?: AuthorizationMode;
  /** Faults active from the start (test-only; see control.ts). */
  faults?: SandboxFaults;
  /** Keep the sandbox's keys here across restarts (`npm start`); default: fresh keys in memory. */
  keyDirectory?: string;
  /** Where unexpected errors go (no tokens or bodies are passed). Default: stderr. */
  onError?: (message: string, error: unknown) => void;
}

export interface SandboxEhr {
  /** e.g. http://127.0.0.1:7080: the EHR home page. */
  url: string;
  port: number;
  /** The FHIR base URL, the `iss` of its launches: `{url}/api/FHIR/R4`. */
  fhirBaseUrl: string;
  endpoints: SandboxEndpoints;
  /** Today's generated visits (appointment, encounter, CSN, patient, practitioner, department). */
  visits: readonly SandboxVisit[];
  /** The EHR's HL7 feed key pair and certificate ("the EHR's private key"). */
  hl7: Hl7FeedSigner;
  /** Test-only controls: faults and the authorization decision. */
  control: SandboxControl;
  /** Requests received (method and path only), oldest first. */
  requests: readonly RecordedRequest[];
  registerClient(client: RegisteredClient): void;
  registerConnector(connector: { baseUrl: string; clientId: string }): RegisteredClient;
  /**
   * What a launch button does, without a browser: a fresh launch token for this visit and role
   * (or an explicit context), and the registered connector's launch URL when there is one.
   */
  createLaunch(input: { appointmentId: string; role: LaunchRole } | { context: LaunchContext }): { launch: string; url: string | undefined };
  stop(): Promise<void>;
}

/** The registration an EHR analyst makes for the connector at `baseUrl` (its routes under /api). */
export function connectorClient(baseUrl: string, clientId: string): RegisteredClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    clientId,
    jwksUrl: `${base}/api/.well-known/jwks.json`,
    redirectUris: [`${base}/api/launch/callback`, `${base}/api/approval-callback`],
    launchUrls: { provider: `${base}/api/launch/provider`, patient: `${base}/api/launch/patient` },
  };
}

export async function startSandboxEhr(options: SandboxEhrOptions = {}): Promise<SandboxEhr> {
  const clock = options.clock ?? systemClock;
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_SANDBOX_EHR_PORT, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoints = endpointsOf(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  const records = buildSandboxRecords(options.scheduleFor ?? clock.now());
  const world: SandboxWorld = {
    endpoints,
    clock,
    state: new SandboxState(clock),
    control: new SandboxControl(options.faults ?? {}, options.authorization ?? 'ask'),
    clients: new Map(),
    records,
    store: await FhirStore.create(endpoints.fhirBaseUrl, records.resources),
    keys: sandboxKeys(clock.now(), options.keyDirectory),
    requests: [],
    held: new Set(),
  };
  const registerClient = (client: RegisteredClient) => void world.clients.set(client.clientId, client);
  for (const client of options.clients ?? []) registerClient(client);
  if (options.connector) registerClient(connectorClient(options.connector.baseUrl, options.connector.clientId));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(world, req, res).catch((error: unknown) => {
      (options.onError ?? ((m, e) => console.error(m, e)))(`sandbox EHR failed on ${req.method ?? 'GET'} ${new URL(req.url ?? '/', endpoints.url).pathname}`, error);
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    url: endpoints.url,
    port,
    fhirBaseUrl: endpoints.fhirBaseUrl,
    endpoints,
    visits: records.visits,
    hl7: world.keys.hl7,
    control: world.control,
    requests: world.requests,
    registerClient,
    registerConnector: (connector) => {
      const client = connectorClient(connector.baseUrl, connector.clientId);
      registerClient(client);
      return client;
    },
    createLaunch: (input) => {
      let context: LaunchContext;
      if ('context' in input) context = input.context;
      else {
        const visit = visitByAppointment(world, input.appointmentId);
        if (!visit) throw new Error(`sandbox EHR: no visit with appointment id ${input.appointmentId}`);
        context = contextForVisit(visit, input.role);
      }
      const created = createLaunchUrl(world, context);
      return created ?? { launch: mintLaunch(world, context), url: undefined };
    },
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        for (const res of world.held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

async function route(world: SandboxWorld, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', world.endpoints.url);
  const method = (req.method ?? 'GET').toUpperCase();
  world.requests.push({ method, path: url.pathname, at: world.clock.now().toISOString() });
  if (world.requests.length > 1000) world.requests.splice(0, world.requests.length - 1000);
  const fhirPath = new URL(world.endpoints.fhirBaseUrl).pathname;
  if (url.pathname === fhirPath || url.pathname.startsWith(`${fhirPath}/`)) return handleFhir(world, req, res, url.pathname.slice(fhirPath.length), url);
  const key = `${method} ${url.pathname}`;
  switch (key) {
    case 'GET /':
      return sendHtml(res, 200, homePage(world));
    case 'POST /launch':
      return handleLaunchButton(world, req, res);
    case 'GET /oauth2/authorize':
      return handleAuthorize(world, url, res);
    case 'POST /oauth2/authorize/decision':
      return handleDecision(world, req, res);
    case 'POST /oauth2/token':
      return handleToken(world, req, res);
    case `GET ${SCHEDULE_PATH}`:
      return sendJson(res, 200, scheduleJson(world.records.visits));
    case 'GET /oauth2/jwks':
      return sendJson(res, 200, { keys: [world.keys.idTokenKey.publicJwk] }, { 'Cache-Control': 'max-age=300' });
    default:
      return sendHtml(res, 404, page('Not found', '<p>The sandbox EHR has no such page.</p>'));
  }
}

