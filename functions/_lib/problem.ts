import type { HttpResponseInit } from '@azure/functions';
import { isDomainError, type ErrorCode } from '../../shared/domain/errors';
import type { Logger } from '../../shared/observability/logger';

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  upstream_rejected: 502,
  upstream_unavailable: 503,
};

const TITLE: Record<ErrorCode, string> = {
  validation: 'The request is not valid',
  unauthorized: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  precondition_failed: 'The resource changed since you read it',
  payload_too_large: 'The request is too large',
  precondition_required: 'If-Match header required',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong on our side',
  upstream_rejected: 'A connected service refused the request',
  upstream_unavailable: 'A connected service is unavailable',
};

export const statusOf = (code: ErrorCode): number => STATUS[code];

/**
 * Maps any thrown value to `application/problem+json`. Domain errors keep their
 * message; anything else becomes a 500 that reveals nothing (details go to the log).
 */
export function problemResponse(error: unknown, invocationId: string, log: Logger): HttpResponseInit {
  if (isDomainError(error)) {
    const status = STATUS[error.code];
    if (status >= 500) log.warn('request failed upstream', { code: error.code, reason: error.reason, error });
    return problem(status, {
      title: TITLE[error.code],
      detail: error.message,
      code: error.code,
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.fields.length > 0 ? { errors: error.fields } : {}),
      invocationId,
    }, error.code === 'unauthorized' ? { 'WWW-Authenticate': 'Bearer' } : {});
  }
  log.error('unhandled error', { error });
  return problem(500, { title: TITLE.internal, detail: `Quote invocation id ${invocationId} to your administrator.`, code: 'internal', invocationId });
}

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): HttpResponseInit {
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers },
    body: JSON.stringify({ type: 'about:blank', status, ...body }),
  };
}
