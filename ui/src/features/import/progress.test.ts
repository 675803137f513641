import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobStatus } from "../../bindings/commands";
import { pollStatus, withProgress } from "./progress";

const status = (done: number): JobStatus => ({
  job: "j",
  running: true,
  cancel_requested: false,
  progress: { phase: "people", done, total: 10 },
});

describe("pollStatus", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("polls after each answer, never two at once, and stops when told", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let n = 0;
    const poll = vi.fn(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 400)); // slower than the interval
      inFlight--;
      return status(++n);
    });
    const seen: number[] = [];
    const stop = pollStatus(poll, (s) => seen.push(s.progress!.done), 150);
    await vi.advanceTimersByTimeAsync(150 + 400 + 150 + 400);
    expect(seen).toEqual([1, 2]);
    expect(maxInFlight).toBe(1);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([1, 2]);
  });

  it("keeps going after a failed poll", async () => {
    const poll = vi.fn().mockRejectedValueOnce(new Error("busy")).mockResolvedValue(status(3));
    const seen: JobStatus[] = [];
    const stop = pollStatus(poll, (s) => seen.push(s), 100);
    await vi.advanceTimersByTimeAsync(250);
    expect(poll).toHaveBeenCalledTimes(2);
    expect(seen).toHaveLength(1);
    stop();
  });

  it("reports nothing that arrives after stop", async () => {
    let resolve: (s: JobStatus) => void = () => {};
    const poll = () => new Promise<JobStatus>((r) => (resolve = r));
    const seen: JobStatus[] = [];
    const stop = pollStatus(poll, (s) => seen.push(s), 100);
    await vi.advanceTimersByTimeAsync(100);
    stop();
    resolve(status(1));
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([]);
  });
});

describe("withProgress", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("polls while the work runs and stops when it fails", async () => {
    const poll = vi.fn(async () => status(1));
    const work = () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error("cancelled")), 500));
    const done = withProgress(work, poll, () => {}, 100);
    const settled = expect(done).rejects.toThrow("cancelled");
    await vi.advanceTimersByTimeAsync(500);
    await settled;
    const calls = poll.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(poll.mock.calls.length).toBe(calls);
  });
});
