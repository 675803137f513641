// Follows a long commit by polling the core (`import_progress`) while the commit's own call is
// pending: Tauri events are not granted to the UI, and the browser has no push channel.
import type { JobStatus } from "../../bindings/commands";

export const POLL_MS = 150;

export interface Timers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Polls every `intervalMs` after the previous answer (never two polls in flight), reporting
 * each status; a failed poll is skipped, not fatal (the commit's own answer decides). Returns
 * a function that stops it; no status is reported after it is called.
 */
export function pollStatus(
  poll: () => Promise<JobStatus>,
  onStatus: (status: JobStatus) => void,
  intervalMs: number = POLL_MS,
  timers: Timers = realTimers,
): () => void {
  let stopped = false;
  let handle: unknown;
  const tick = async () => {
    try {
      const status = await poll();
      if (!stopped) onStatus(status);
    } catch {
      /* a missed poll: try again next tick */
    }
    if (!stopped) handle = timers.setTimeout(() => void tick(), intervalMs);
  };
  handle = timers.setTimeout(() => void tick(), intervalMs);
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}

/** Runs `work` while polling its job's status; polling stops when the work settles. */
export async function withProgress<T>(
  work: () => Promise<T>,
  poll: () => Promise<JobStatus>,
  onStatus: (status: JobStatus) => void,
  intervalMs: number = POLL_MS,
  timers: Timers = realTimers,
): Promise<T> {
  const stop = pollStatus(poll, onStatus, intervalMs, timers);
  try {
    return await work();
  } finally {
    stop();
  }
}
