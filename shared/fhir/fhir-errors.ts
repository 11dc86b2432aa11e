/**
 * Named FHIR read failures: the launch turns `not_found` into APPOINTMENT_NOT_FOUND and
 * the others into FHIR_UNAVAILABLE, with the resource type but never the body.
 */
export type FhirFailureKind = 'not_found' | 'server_error' | 'timeout' | 'unreachable' | 'refused' | 'invalid_resource';

export class FhirReadError extends Error {
  constructor(readonly kind: FhirFailureKind, readonly resourceType: string, readonly status: number | undefined, cause?: unknown) {
    super(`FHIR ${resourceType} read failed: ${kind}${status !== undefined ? ` (HTTP ${status})` : ''}`, { cause });
    this.name = 'FhirReadError';
  }
}

/** fhir-kit-client throws plain `Error('HTTP 404: ...')` with `response.status`, or a fetch TypeError / abort. */
export function classifyFhirError(error: unknown, resourceType: string): FhirReadError {
  if (error instanceof FhirReadError) return error;
  const status = statusOf(error);
  if (status === 404 || status === 410) return new FhirReadError('not_found', resourceType, status, error);
  if (status !== undefined && status >= 500) return new FhirReadError('server_error', resourceType, status, error);
  if (status !== undefined) return new FhirReadError('refused', resourceType, status, error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return new FhirReadError('timeout', resourceType, undefined, error);
  return new FhirReadError('unreachable', resourceType, undefined, error);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = error.response;
  if (typeof response !== 'object' || response === null || !('status' in response)) return undefined;
  return typeof response.status === 'number' ? response.status : undefined;
}
