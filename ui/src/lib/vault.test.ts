import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLockAfterMinutes, vault, vaultChanged, watchIdle } from "./vault.svelte";

const api = vi.hoisted(() => ({
  vault_status: vi.fn(),
  vault_unlock: vi.fn(),
  vault_lock: vi.fn(),
}));
vi.mock("./api/client", () => ({ client: api }));

const OPEN = { encrypted: true, locked: false, db_path: "/x/sphere.db", key_store: false, remembered: false };

describe("locking after idle time", () => {
  let stop: () => void = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    vi.resetAllMocks();
    localStorage.clear();
    api.vault_lock.mockResolvedValue({ ...OPEN, locked: true });
    vault.status = OPEN;
    vault.locked = false;
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it("locks after 15 minutes without activity by default, not before", async () => {
    stop = watchIdle(window);
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(api.vault_lock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000 + 10);
    expect(api.vault_lock).toHaveBeenCalledTimes(1);
    expect(vault.locked).toBe(true);
  });

  it("a key press starts the wait again", async () => {
    stop = watchIdle(window);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(api.vault_lock, "only 10 minutes since the key press").not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 10);
    expect(api.vault_lock).toHaveBeenCalledTimes(1);
  });

  it("the chosen time is kept on this device, and never means never", async () => {
    stop = watchIdle(window);
    setLockAfterMinutes(5);
    expect(localStorage.getItem("sphere.lockAfterMinutes")).toBe("5");
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 10);
    expect(api.vault_lock).toHaveBeenCalledTimes(1);

    vault.locked = false;
    setLockAfterMinutes(0);
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(api.vault_lock, "never locks").toHaveBeenCalledTimes(1);
  });

  it("a plain database never locks", async () => {
    vault.status = { ...OPEN, encrypted: false };
    stop = watchIdle(window);
    vaultChanged();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(api.vault_lock).not.toHaveBeenCalled();
  });
});
