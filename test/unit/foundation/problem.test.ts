import { problemResponse } from '../../../functions/_lib/problem';
import { DomainError, ERROR_CODES } from '../../../shared/domain/errors';
import { createLogger, memorySink } from '../../../shared/observability/logger';

describe('errors become application/problem+json', () => {
  const { sink, lines } = memorySink();
  const log = createLogger(sink);
  beforeEach(() => lines.splice(0));

  const body = (r: { body?: unknown }) => JSON.parse(String(r.body)) as Record<string, unknown>;

  it('maps each domain error code to its HTTP status with the invocation id', () => {
    const expected: Record<string, number> = {
      validation: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, precondition_failed: 412,
      payload_too_large: 413, precondition_required: 428, rate_limited: 429, internal: 500, upstream_rejected: 502, upstream_unavailable: 503,
    };
    for (const code of ERROR_CODES) {
      const res = problemResponse(new DomainError(code, `message for ${code}`), 'inv-42', log);
      expect(res.status).toBe(expected[code]);
      expect(res.headers).toMatchObject({ 'Content-Type': 'application/problem+json' });
      expect(body(res)).toMatchObject({ status: expected[code], code, detail: `message for ${code}`, invocationId: 'inv-42' });
    }
  });

  it('names the offending fields and the reason', () => {
    const res = problemResponse(new DomainError('validation', 'The base URL is not valid', { reason: 'BASE_URL_INVALID', fields: [{ field: 'url', message: 'must use https' }] }), 'i', log);
    expect(body(res)).toMatchObject({ reason: 'BASE_URL_INVALID', errors: [{ field: 'url', message: 'must use https' }] });
  });

  it('asks for a bearer token on 401', () => {
    expect(problemResponse(new DomainError('unauthorized', 'Sign in'), 'i', log).headers).toMatchObject({ 'WWW-Authenticate': 'Bearer' });
  });

  it('turns an unknown error into a 500 that reveals nothing, and logs it redacted', () => {
    const res = problemResponse(new Error('SELECT * FROM secrets; phone +16085550142'), 'inv-9', log);
    expect(res.status).toBe(500);
    expect(String(res.body)).not.toContain('SELECT');
    expect(body(res)).toMatchObject({ code: 'internal', invocationId: 'inv-9' });
    expect(lines.join('\n')).toContain('SELECT');
    expect(lines.join('\n')).not.toContain('6085550142');
  });
});
