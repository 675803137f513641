// The vault as the whole app sees it: whether the database is encrypted and locked, and the
// idle lock (lock after N minutes without a key press, click or scroll; a setting of this
// device, kept in localStorage). Any command answering `locked` shows the unlock screen.
import type { VaultStatus } from "../bindings/commands";
import { client } from "./api/client";
import { toApiError } from "./api/errors";
import { onLocked } from "./api/transport";

export const vault = $state({
  status: null as VaultStatus | null,
  /** The unlock screen is shown instead of the app. */
  locked: false,
});

onLocked(() => {
  vault.locked = true;
});

/** Reads whether the database is encrypted and locked. */
export async function refreshVault(): Promise<VaultStatus | null> {
  try {
    const status = await client.vault_status({});
    vault.status = status;
    vault.locked = status.locked;
    return status;
  } catch (e) {
    // An older core or a failed read: the app works as for a plain database.
    void toApiError(e);
    return null;
  }
}

/** Unlocks with `passphrase`; rejects with the core's error (a wrong passphrase names the
 * `passphrase` field). */
export async function unlock(passphrase: string, remember: boolean | undefined): Promise<void> {
  const status = await client.vault_unlock(remember === undefined ? { passphrase } : { passphrase, remember });
  vault.status = status;
  vault.locked = status.locked;
}

/** Locks now: the core closes the database and forgets its key. */
export async function lockNow(): Promise<void> {
  const status = await client.vault_lock({});
  vault.status = status;
  vault.locked = true;
}

// ---- Locking after idle time ----------------------------------------------------------------

const IDLE_KEY = "sphere.lockAfterMinutes";
export const IDLE_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 1, label: "1 minute" },
  { minutes: 5, label: "5 minutes" },
  { minutes: 15, label: "15 minutes" },
  { minutes: 30, label: "30 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 0, label: "Never" },
];
export const DEFAULT_IDLE_MINUTES = 15;

/** Minutes of inactivity before the app locks (0: never). */
export function lockAfterMinutes(): number {
  try {
    const raw = localStorage.getItem(IDLE_KEY);
    const n = raw === null ? NaN : Number(raw);
    return IDLE_CHOICES.some((c) => c.minutes === n) ? n : DEFAULT_IDLE_MINUTES;
  } catch {
    return DEFAULT_IDLE_MINUTES;
  }
}

export function setLockAfterMinutes(minutes: number): void {
  try {
    localStorage.setItem(IDLE_KEY, String(minutes));
  } catch {
    /* storage unavailable: the choice lasts until the window closes */
  }
  idle.minutes = minutes;
  armIdleTimer();
}

const idle = $state({ minutes: DEFAULT_IDLE_MINUTES });
let timer: ReturnType<typeof setTimeout> | undefined;

function armIdleTimer(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (!vault.status?.encrypted || vault.locked || idle.minutes === 0) return;
  timer = setTimeout(() => {
    void lockNow().catch(() => {
      vault.locked = true;
    });
  }, idle.minutes * 60_000);
}

const ACTIVITY = ["keydown", "pointerdown", "wheel", "touchstart"] as const;
let lastArm = 0;

/** Starts watching for inactivity (once, at start-up); returns a stop function. */
export function watchIdle(win: Window = window): () => void {
  idle.minutes = lockAfterMinutes();
  const onActivity = () => {
    // Re-arming on every event is wasteful; once a second is plenty.
    const now = Date.now();
    if (now - lastArm < 1000) return;
    lastArm = now;
    armIdleTimer();
  };
  for (const ev of ACTIVITY) win.addEventListener(ev, onActivity, { passive: true });
  armIdleTimer();
  return () => {
    for (const ev of ACTIVITY) win.removeEventListener(ev, onActivity);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** Re-arms the idle timer after the vault's state changed (unlocked, status read). */
export function vaultChanged(): void {
  armIdleTimer();
}
