export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** Answers whether the storage the app depends on is reachable right now. */
export interface StorageProbe {
  check(): Promise<ProbeResult>;
}
