// What the whole app shares: the core's app info (counts, the person at the centre) and
// whether this page lacks its token.
import type { ApiError, AppInfo, VaultHealth } from "../bindings/commands";
import { client } from "./api/client";
import { toApiError } from "./api/errors";
import { onUnauthorized } from "./api/transport";
import { markOnce } from "./startup";

export const session = $state({
  info: null as AppInfo | null,
  /** Sound, or damaged and open read-only (every page shows a banner then). */
  health: null as VaultHealth | null,
  error: null as ApiError | null,
  unauthorized: false,
});

onUnauthorized(() => {
  session.unauthorized = true;
});

let latest = 0;

/** Reloads the app info (counts change after creates, deletes and the demo). The answer to
 * the latest call wins, so counts never go back to what they were before a write. */
export async function refreshInfo(): Promise<AppInfo | null> {
  const mine = ++latest;
  try {
    const info = await client.app_info({});
    markOnce("app-info");
    // The health rides along (a field read, no check): a damaged file is said on every page.
    void refreshHealth();
    if (mine === latest) {
      session.info = info;
      session.error = null;
    }
    return info;
  } catch (e) {
    if (mine === latest) session.error = toApiError(e);
    return null;
  }
}

/** Reloads whether the database is sound or damaged (open read-only). */
export async function refreshHealth(): Promise<void> {
  try {
    session.health = await client.vault_health({});
  } catch {
    // The banner stays as it was; the page's own error says what failed.
  }
}
