import { z } from 'zod';

/**
 * An admin-API failure as the portal shows it: the API's `application/problem+json` (code,
 * reason, a message written for people, and per-field problems), or a network failure.
 */
const problemBody = z.looseObject({
  title: z.string().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  reason: z.string().optional(),
  invocationId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason: string | undefined = undefined,
    readonly fields: readonly FieldProblem[] = [],
    readonly invocationId: string | undefined = undefined,
  ) {
    super(message);
    this.name = 'ApiProblem';
  }

  /** 412: someone changed the thing since it was read. */
  get isStale(): boolean {
    return this.status === 412;
  }

  /** The message for one field (`url`, `reminderMinutesBefore`...), joining its problems; a field's own sub-paths count. */
  fieldMessage(field: string): string | undefined {
    const own = this.fields.filter((f) => f.field === field || f.field.startsWith(`${field}.`));
    return own.length > 0 ? own.map((f) => f.message).join('; ') : undefined;
  }

  /** Problems of fields the form does not show (they are listed with the general message). */
  otherFields(shown: readonly string[]): FieldProblem[] {
    return this.fields.filter((f) => !shown.some((s) => f.field === s || f.field.startsWith(`${s}.`)));
  }
}

export function problemFrom(status: number, text: string, contentType: string): ApiProblem {
  if (/json/i.test(contentType)) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const parsed = problemBody.safeParse(body);
    if (parsed.success) {
      const p = parsed.data;
      return new ApiProblem(status, p.code ?? `http_${status}`, p.detail ?? p.title ?? `The request failed (HTTP ${status}).`, p.reason, p.errors ?? [], p.invocationId);
    }
  }
  return new ApiProblem(status, `http_${status}`, `The request failed (HTTP ${status}).`);
}

export const networkProblem = (): ApiProblem =>
  new ApiProblem(0, 'network', 'The connector could not be reached. Check your connection and try again.');

/** Any thrown value as something the portal can show. */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem(0, 'internal', error instanceof Error ? error.message : 'Something went wrong in the portal.');
}

/** What to tell a person about a stale edit (412). */
export const STALE_EDIT_MESSAGE = 'Someone else changed this since you opened it, so your change was not saved. Reload to see the current values, then make your change again.';
