/**
 * The one error type the domain raises. `code` says what kind of failure it is
 * (and so which HTTP status or HL7 acknowledgement it becomes); `message` is
 * written for the person who will read it and never contains personal data.
 */
export const ERROR_CODES = [
  'validation',
  'not_found',
  'conflict',
  'precondition_failed',
  'precondition_required',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'rate_limited',
  'upstream_unavailable',
  'upstream_rejected',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  /** Path of the offending field, e.g. `baseUrls.0.url` or `If-Match`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** A stable, named reason for people and runbooks, e.g. `BASE_URL_NOT_APPROVED`. */
  readonly reason: string | undefined;
  readonly fields: readonly FieldProblem[];

  constructor(code: ErrorCode, message: string, options: { reason?: string; fields?: FieldProblem[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.reason = options.reason;
    this.fields = options.fields ?? [];
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
