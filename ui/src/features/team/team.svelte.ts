// Team mode's state as every view shares it (Settings → Team, the sidebar's sync indicator,
// the Coverage page's choice of graph): the core's `team_status`, reloaded after each change
// and every half minute while connected, so the pending count and the last sync stay current;
// and the sync that runs on its own every few minutes while the app is open.
import type { ApiError, TeamStatus } from "../../bindings/commands";
import { client } from "../../lib/api/client";
import { toApiError } from "../../lib/api/errors";
import { syncDue } from "./team";

export const team = $state({
  status: null as TeamStatus | null,
  error: null as ApiError | null,
  /** A sync is under way (from any view): "Sync now" is disabled everywhere meanwhile. */
  syncing: false,
});

let latest = 0;

/** Reloads the status; the answer to the latest call wins. */
export async function refreshTeam(): Promise<TeamStatus | null> {
  const mine = ++latest;
  try {
    const status = await client.team_status({});
    if (mine === latest) {
      team.status = status;
      team.error = null;
    }
    return status;
  } catch (e) {
    if (mine === latest) team.error = toApiError(e);
    return null;
  }
}

/** Puts a status a command answered with in place (and drops older answers still on their way). */
export function setTeamStatus(status: TeamStatus): void {
  latest++;
  team.status = status;
  team.error = null;
}

/** Runs a sync unless one is under way; the status is reloaded after it, whatever happened. */
export async function syncTeam(): Promise<void> {
  if (team.syncing) return;
  team.syncing = true;
  try {
    await client.team_sync({});
  } finally {
    team.syncing = false;
    await refreshTeam();
  }
}

/**
 * Keeps the status current while the app is open (every `every` ms while connected), and
 * syncs on its own when the last sync is older than `AUTO_SYNC_MINUTES`: changes waiting go
 * out once the server answers again. Returns the cleanup.
 */
export function watchTeam(every = 30_000): () => void {
  void refreshTeam();
  const timer = setInterval(() => {
    if (!team.status?.connected || team.syncing) return;
    if (syncDue(team.status, new Date())) {
      // A failed sync is in the status it reloads (`last_sync.error`); nothing to show here.
      syncTeam().catch(() => undefined);
    } else {
      void refreshTeam();
    }
  }, every);
  return () => clearInterval(timer);
}
