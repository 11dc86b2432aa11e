import type { z } from 'zod';
import { DomainError, type FieldProblem } from '../../domain/errors';

/** Validates a request body; every problem names its field, and nothing is changed. */
export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields: FieldProblem[] = parsed.error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ field: base ? `${base}.${k}` : k, message: 'is not a known field' }));
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return [{ field: base || 'body', message }];
  });
  throw invalid(fields);
}

export function invalid(fields: FieldProblem[]): DomainError {
  const summary = fields.slice(0, 3).map((f) => `${f.field} ${f.message}`).join('; ');
  return new DomainError('validation', `The request is not valid: ${summary}.`, { fields });
}

/** Changes need the ETag that was read: `If-Match` missing is 428, not a blind write. */
export function requireIfMatch(ifMatch: string | undefined): string {
  if (!ifMatch) throw new DomainError('precondition_required', 'Send the ETag you read in an If-Match header, so concurrent changes are not overwritten.', { reason: 'IF_MATCH_REQUIRED', fields: [{ field: 'If-Match', message: 'is required' }] });
  if (!/^(W\/)?"[^"\s]{1,200}"$/.test(ifMatch)) throw new DomainError('precondition_failed', 'The If-Match header does not match the current version; read it again.', { reason: 'ETAG_MISMATCH' });
  return ifMatch;
}
