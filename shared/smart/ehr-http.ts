/**
 * Outbound HTTP to an EHR with a deadline. A refused connection, a DNS failure and a
 * timeout all become `EhrUnreachableError`, so callers map them to one named failure.
 */
export class EhrUnreachableError extends Error {
  constructor(readonly url: string, readonly timedOut: boolean, cause: unknown) {
    super(timedOut ? `no answer from ${originOf(url)} in time` : `cannot reach ${originOf(url)}`, { cause });
    this.name = 'EhrUnreachableError';
  }
}

export async function fetchFromEhr(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new EhrUnreachableError(url, timedOut, error);
  }
}

/** Reads a JSON body; `undefined` when it is not JSON (the caller names the failure). */
export async function jsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the EHR';
  }
}
