import { z } from 'zod';
import { ApiProblem, networkProblem, problemFrom } from './problem';
import * as s from './schemas';

/**
 * The admin API for one tenant, as the portal calls it. Reads answer the value with its
 * ETag; changes send the ETag they were given back as If-Match, so a stale edit fails with
 * 412 (an ApiProblem with `isStale`) instead of overwriting someone's change.
 */
export interface Versioned<T> {
  value: T;
  etag: string | undefined;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class AdminApi {
  constructor(
    private readonly base: string,
    readonly tenantId: string,
    private readonly token: () => Promise<string>,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly onUnauthorized: (problem: ApiProblem) => void = () => undefined,
  ) {}

  readOrganisation = () => this.call('GET', '/organisation', s.organisationSchema);
  saveOrganisation = (body: { displayName: string; geography: string; timeZone: string; defaultPhoneCountry: string }, etag: string | undefined) =>
    this.call('PUT', '/organisation', s.organisationSchema, { body, etag });

  listBaseUrls = () => this.call('GET', '/base-urls', s.baseUrlListSchema);
  readBaseUrl = (id: string) => this.call('GET', `/base-urls/${encodeURIComponent(id)}`, s.baseUrlSchema);
  addBaseUrl = (body: { url: string; environment: string; vendor: string; approverUpn?: string }) => this.call('POST', '/base-urls', s.baseUrlSchema, { body });
  /** Only the fields sent change; a change to url, environment or approver of an approved URL sends it back to pending approval (`notice`). */
  changeBaseUrl = (id: string, body: s.BaseUrlChange, etag: string | undefined) =>
    this.call('PATCH', `/base-urls/${encodeURIComponent(id)}`, s.baseUrlSchema, { body, etag });
  /** "Check connection": ok with the FHIR version, or an ApiProblem naming the reason (BASE_URL_NOT_R4...). */
  checkBaseUrl = (id: string) => this.call('POST', `/base-urls/${encodeURIComponent(id)}/check`, s.reachabilitySchema);
  removeBaseUrl = (id: string, etag: string | undefined) => this.call('DELETE', `/base-urls/${encodeURIComponent(id)}`, z.undefined(), { etag });
  saveBaseUrlSms = (id: string, body: { confirmation: boolean; reminders: boolean; reminderMinutesBefore: number[]; phoneNumber: string | null }, etag: string | undefined) =>
    this.call('PUT', `/base-urls/${encodeURIComponent(id)}/sms`, s.baseUrlSchema, { body, etag });

  readConsents = () => this.call('GET', '/sms/consents', s.consentsSchema);
  saveConsents = (body: { sendOnBehalf: boolean; patientPhoneProcessing: boolean }, etag: string | undefined) => this.call('PUT', '/sms/consents', s.consentsSchema, { body, etag });

  listPhoneNumbers = () => this.call('GET', '/phone-numbers', s.phoneNumberListSchema);
  startPurchase = (body: { country: string; areaCode?: string }) => this.call('POST', '/phone-numbers', s.operationSchema, { body });
  readOperation = (id: string) => this.call('GET', `/operations/${encodeURIComponent(id)}`, s.operationSchema);
  /** The tenant's operations still running (number purchases), whoever started them. */
  listRunningOperations = () => this.call('GET', '/operations', s.operationListSchema);

  readCertificate = (environment: s.Environment) => this.call('GET', `/environments/${environment}/certificate`, s.certificateSchema);
  uploadCertificate = (environment: s.Environment, certificate: string, etag: string | undefined) =>
    this.call('PUT', `/environments/${environment}/certificate`, s.certificateSchema, { body: { certificate }, etag });

  startApprovalSignIn = (id: string) => this.call('POST', `/base-urls/${encodeURIComponent(id)}/approval/sign-in`, s.signInSchema);
  approve = (id: string, signInState: string, etag: string | undefined) =>
    this.call('POST', `/base-urls/${encodeURIComponent(id)}/approval`, s.baseUrlSchema, { body: { signInState }, etag });

  readIntegrationRecords = () => this.call('GET', '/integration-records', s.integrationRecordsSchema);
  readAudit = (before?: string) => this.call('GET', `/audit?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`, s.auditPageSchema);

  /** One request; any non-2xx becomes an ApiProblem carrying the API's own words. */
  async call<T>(method: Method, path: string, schema: z.ZodType<T>, options: { body?: unknown; etag?: string | undefined } = {}): Promise<Versioned<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${await this.token()}`, Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.etag) headers['If-Match'] = options.etag;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}/tenants/${this.tenantId}${path}`, {
        method, headers, cache: 'no-store', ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch {
      throw networkProblem();
    }
    const text = await response.text();
    if (!response.ok) {
      const problem = problemFrom(response.status, text, response.headers.get('content-type') ?? '');
      if (response.status === 401) this.onUnauthorized(problem);
      throw problem;
    }
    const etag = response.headers.get('etag') ?? undefined;
    const parsed = schema.safeParse(text ? parseJson(text) : undefined);
    if (!parsed.success) throw new ApiProblem(response.status, 'unexpected_response', `The connector answered ${method} ${path} in a form this portal does not understand.`);
    return { value: parsed.data, etag };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return Symbol('not JSON');
  }
}
