import type { EventEmitter } from 'node:events';

/** Polls a condition until it holds or the deadline passes (a deadline, not a sleep). */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let delay = 10;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** Resolves with the first event of that name whose payload matches. */
export function nextEvent<T>(emitter: EventEmitter, name: string, matches: (payload: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(name, listener);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for event ${name}`));
    }, timeoutMs);
    const listener = (payload: T): void => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      emitter.off(name, listener);
      resolve(payload);
    };
    emitter.on(name, listener);
  });
}
