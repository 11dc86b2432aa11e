import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { acsHmacProblem, AcsStubServer, rawBody } from './acs-stub-server';

/**
 * A loopback stub of the Azure Communication Services phone numbers REST API, as the real
 * `PhoneNumbersClient` (@azure/communication-phone-numbers 1.5, api-version 2025-06-01) calls it:
 *
 *   POST /availablePhoneNumbers/countries/{cc}/:search   202, Operation-Location + Location + search-id
 *   GET  /phoneNumbers/operations/{id}                   {status: notStarted|running|succeeded|failed, resourceLocation, error?}
 *   GET  /availablePhoneNumbers/searchResults/{searchId} {searchId, phoneNumbers, cost, ...}
 *   POST /availablePhoneNumbers/:purchase                202, Operation-Location + purchase-id
 *   GET  /phoneNumbers/{e164}                            the purchased number, 404 until the purchase succeeded
 *
 * Every request must carry the access-key HMAC (`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256`
 * over `VERB\n/path?query\n{date};{host};{sha256(body)}`) and the api-version; request bodies are
 * checked field by field. Answers follow the service's recordings (see the SDK's test recordings).
 */
export const PHONE_NUMBERS_API_VERSION = '2025-06-01';

export interface PhoneStubScenario {
  /** Numbers the search finds (empty: the search succeeds with no number). */
  available: string[];
  /** Operation polls answering running / notStarted before the search ends. */
  searchPolls: number;
  searchOutcome: 'succeeded' | 'failed';
  purchasePolls: number;
  purchaseOutcome: 'succeeded' | 'failed';
  /** Answer the next `times` requests matching `on` with this status (429 with Retry-After). */
  refuse?: { on: 'search' | 'purchase' | 'operation' | 'number'; status: 429 | 500; times: number };
}

const searchBody = z.strictObject({
  phoneNumberType: z.enum(['geographic', 'tollFree', 'mobile']),
  assignmentType: z.enum(['person', 'application']),
  capabilities: z.strictObject({ calling: z.enum(['none', 'inbound', 'outbound', 'inbound+outbound']), sms: z.enum(['none', 'inbound', 'outbound', 'inbound+outbound']) }),
  areaCode: z.string().regex(/^\d{3}$/).optional(),
  quantity: z.number().int().min(1).max(100).optional(),
});
const purchaseBody = z.strictObject({ searchId: z.string().min(1), agreeToNotResell: z.boolean().optional() });

interface StubOperation {
  id: string;
  type: 'search' | 'purchase';
  pollsLeft: number;
  outcome: 'succeeded' | 'failed';
  searchId: string;
  createdDateTime: string;
}

interface StubSearch {
  id: string;
  countryCode: string;
  request: z.infer<typeof searchBody>;
  phoneNumbers: string[];
  purchased: boolean;
}

export class AcsPhoneNumbersStub extends AcsStubServer {
  readonly accessKey = randomBytes(32).toString('base64');
  scenario: PhoneStubScenario = defaultScenario();
  /** Every request: method, path (no query), status, and why it was refused. */
  readonly requests: { method: string; path: string; status: number; problem?: string }[] = [];
  /** The search and purchase bodies as the stub received them. */
  readonly searches: { countryCode: string; body: z.infer<typeof searchBody> }[] = [];
  readonly purchases: z.infer<typeof purchaseBody>[] = [];
  /** Numbers the resource owns. */
  readonly owned = new Map<string, { id: string; countryCode: string; phoneNumberType: string }>();
  private readonly operations = new Map<string, StubOperation>();
  private readonly searchResults = new Map<string, StubSearch>();

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get connectionString(): string {
    return `endpoint=${this.endpoint}/;accesskey=${this.accessKey}`;
  }

  /** A new scenario, with the request records cleared (numbers bought stay owned). */
  reset(scenario: Partial<PhoneStubScenario> = {}): void {
    this.scenario = { ...defaultScenario(), ...scenario };
    this.requests.length = 0;
    this.searches.length = 0;
    this.purchases.length = 0;
  }

  /** How many requests of `method path-prefix` reached the stub. */
  count(method: string, pathPrefix: string): number {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)).length;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await rawBody(req);
    const url = new URL(req.url ?? '/', this.endpoint);
    const method = req.method ?? '';
    const path = url.pathname;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}, problem?: string) => {
      this.requests.push({ method, path, status, ...(problem ? { problem } : {}) });
      res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8' }), ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string, headers: Record<string, string> = {}) => reply(status, { error: { code, message } }, headers, `${code}: ${message}`);

    const query = url.searchParams.toString();
    const denied = acsHmacProblem(req, `${url.pathname}${query ? `?${query}` : ''}`, raw, this.accessKey, { maxSkewMs: 5 * 60_000 });
    if (denied) return error(401, 'Unauthorized', denied);
    if (url.searchParams.get('api-version') !== PHONE_NUMBERS_API_VERSION) return error(400, 'InvalidApiVersion', `api-version must be ${PHONE_NUMBERS_API_VERSION}`);

    const route = routeOf(method, path);
    if (!route) return error(404, 'NotFound', `no route ${method} ${path}`);
    const refuse = this.scenario.refuse;
    if (refuse && refuse.on === route.kind && refuse.times > 0) {
      refuse.times--;
      return refuse.status === 429 ? error(429, 'TooManyRequests', 'Rate limit exceeded', { 'Retry-After': '0' }) : error(500, 'InternalServerError', 'Something went wrong');
    }
    switch (route.kind) {
      case 'search': {
        const body = parseJson(searchBody, raw);
        if (!body.success) return error(400, 'BadRequest', body.problem);
        this.searches.push({ countryCode: route.id, body: body.data });
        const search: StubSearch = { id: randomUUID(), countryCode: route.id, request: body.data, phoneNumbers: this.scenario.available.slice(0, body.data.quantity ?? 1), purchased: false };
        this.searchResults.set(search.id, search);
        const operation = this.operation('search', search.id, this.scenario.searchPolls, this.scenario.searchOutcome);
        return reply(202, undefined, {
          'Operation-Location': `${this.endpoint}/phoneNumbers/operations/${operation.id}?api-version=${PHONE_NUMBERS_API_VERSION}`,
          Location: `${this.endpoint}/availablePhoneNumbers/searchResults/${search.id}?api-version=${PHONE_NUMBERS_API_VERSION}`,
          'operation-id': operation.id,
          'search-id': search.id,
        });
      }
      case 'operation': {
        const operation = this.operations.get(route.id);
        if (!operation) return error(404, 'NotFound', 'operation not found');
        return reply(200, this.operationView(operation));
      }
      case 'searchResult': {
        const search = this.searchResults.get(route.id);
        if (!search) return error(404, 'NotFound', 'search not found');
        const tollFree = search.request.phoneNumberType === 'tollFree';
        return reply(200, {
          searchId: search.id, phoneNumbers: search.phoneNumbers, phoneNumberType: search.request.phoneNumberType, assignmentType: search.request.assignmentType,
          capabilities: search.request.capabilities, cost: { amount: tollFree ? 2 : 1, currencyCode: 'USD', billingFrequency: 'monthly' },
          searchExpiresBy: new Date(Date.now() + 16 * 60_000).toISOString(),
        });
      }
      case 'purchase': {
        const body = parseJson(purchaseBody, raw);
        if (!body.success) return error(400, 'BadRequest', body.problem);
        this.purchases.push(body.data);
        const search = this.searchResults.get(body.data.searchId);
        if (!search) return error(404, 'NotFound', 'search not found or expired');
        if (search.purchased) return error(409, 'Conflict', 'this search was purchased already');
        if (body.data.agreeToNotResell !== true) return error(400, 'BadRequest', 'agreeToNotResell must be true to purchase numbers for this use');
        search.purchased = true;
        const operation = this.operation('purchase', search.id, this.scenario.purchasePolls, this.scenario.purchaseOutcome);
        return reply(202, undefined, {
          'Operation-Location': `${this.endpoint}/phoneNumbers/operations/${operation.id}?api-version=${PHONE_NUMBERS_API_VERSION}`,
          'operation-id': operation.id,
          'purchase-id': search.id,
        });
      }
      case 'number': {
        const owned = this.owned.get(route.id);
        if (!owned) return error(404, 'NotFound', `Input phoneNumber ${route.id} cannot be found.`);
        return reply(200, {
          id: owned.id, phoneNumber: route.id, countryCode: owned.countryCode, phoneNumberType: owned.phoneNumberType,
          capabilities: { calling: 'none', sms: 'inbound+outbound' }, assignmentType: 'application', purchaseDate: new Date().toISOString(),
          cost: { amount: 2, currencyCode: 'USD', billingFrequency: 'monthly' },
        });
      }
    }
  }

  private operation(type: StubOperation['type'], searchId: string, polls: number, outcome: StubOperation['outcome']): StubOperation {
    const operation: StubOperation = { id: `${type}_${randomUUID()}`, type, pollsLeft: polls, outcome, searchId, createdDateTime: new Date().toISOString() };
    this.operations.set(operation.id, operation);
    return operation;
  }

  /** One poll: notStarted, then running, until the polls run out; then the outcome (a purchase that succeeds makes the numbers owned). */
  private operationView(operation: StubOperation): Record<string, unknown> {
    const search = this.searchResults.get(operation.searchId);
    const base = {
      id: operation.id, operationType: operation.type, createdDateTime: operation.createdDateTime, lastActionDateTime: new Date().toISOString(),
      resourceLocation: operation.type === 'search' ? `${this.endpoint}/availablePhoneNumbers/searchResults/${operation.searchId}?api-version=${PHONE_NUMBERS_API_VERSION}` : null,
    };
    if (operation.pollsLeft > 0) {
      operation.pollsLeft--;
      return { ...base, status: operation.pollsLeft % 2 === 0 ? 'running' : 'notStarted' };
    }
    if (operation.outcome === 'failed') {
      const error = operation.type === 'search'
        ? { code: 'NoPhoneNumbersAvailable', message: 'No phone numbers are available for the requested criteria.' }
        : { code: 'PurchaseFailed', message: 'The purchase of the phone numbers failed.' };
      return { ...base, status: 'failed', error };
    }
    if (operation.type === 'purchase' && search) {
      for (const number of search.phoneNumbers) this.owned.set(number, { id: number.slice(1), countryCode: search.countryCode, phoneNumberType: search.request.phoneNumberType });
    }
    return { ...base, status: 'succeeded' };
  }

}

function defaultScenario(): PhoneStubScenario {
  return { available: ['+18335550123'], searchPolls: 0, searchOutcome: 'succeeded', purchasePolls: 0, purchaseOutcome: 'succeeded' };
}

type Route = { kind: 'search' | 'operation' | 'searchResult' | 'number'; id: string } | { kind: 'purchase'; id: '' };

function routeOf(method: string, path: string): Route | undefined {
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = /^\/availablePhoneNumbers\/countries\/([A-Z]{2})\/:search$/.exec(path))) return { kind: 'search', id: m[1]! };
  if (method === 'POST' && path === '/availablePhoneNumbers/:purchase') return { kind: 'purchase', id: '' };
  if (method === 'GET' && (m = /^\/phoneNumbers\/operations\/([\w-]+)$/.exec(path))) return { kind: 'operation', id: m[1]! };
  if (method === 'GET' && (m = /^\/availablePhoneNumbers\/searchResults\/([\w-]+)$/.exec(path))) return { kind: 'searchResult', id: m[1]! };
  if (method === 'GET' && (m = /^\/phoneNumbers\/(%2B\d{7,15})$/i.exec(path))) return { kind: 'number', id: decodeURIComponent(m[1]!) };
  return undefined;
}

function parseJson<T>(schema: z.ZodType<T>, raw: string): { success: true; data: T } | { success: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { success: false, problem: 'body is not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ') };
}
