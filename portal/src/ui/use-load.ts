import { useCallback, useEffect, useState } from 'preact/hooks';
import { asProblem, type ApiProblem } from '../lib/problem';

/** Loads a page's data; `reload` reads it again (after a save, or to recover from a 412). */
export function useLoad<T>(load: () => Promise<T>, keys: unknown[]): { data: T | undefined; problem: ApiProblem | undefined; loading: boolean; reload: () => Promise<void> } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const run = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load());
      setProblem(undefined);
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setLoading(false);
    }
  }, keys);
  useEffect(() => void run(), [run]);
  return { data, problem, loading, reload: run };
}

/** Runs one change at a time, keeping its problem until the next attempt. */
export function useAction(): { busy: boolean; problem: ApiProblem | undefined; run: <T>(action: () => Promise<T>) => Promise<T | undefined>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);
  const run = async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setProblem(undefined);
    try {
      return await action();
    } catch (error) {
      setProblem(asProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run, clear: () => setProblem(undefined) };
}
