// Team mode as the UI says it: what each share level lets the team see, the join form's checks,
// the last sync in words and colour, a conflict's values, and team paths' steps. Every figure is
// the core's (crates/sphere-api/src/team); nothing here decides what is shared.
import type {
  MemberInfo,
  ShareLevel,
  StrengthBand,
  TeamConflict,
  TeamPath,
  TeamPathsRequest,
  TeamRefused,
  TeamStatus,
  TeamSyncReport,
} from "../../bindings/commands";
import { humanize, plural, relativeTime } from "../../lib/format";
import type { Route } from "../../lib/router.svelte";
import { BAND_LABELS } from "../coverage/coverage";

export const SHARE_LEVELS: readonly ShareLevel[] = ["existence", "band", "how_met"];

export const SHARE_LEVEL_LABELS: Record<ShareLevel, string> = {
  existence: "Existence",
  band: "Band",
  how_met: "How we met",
};

/** Exactly what the team sees of "you know this person", per level. */
export const SHARE_LEVEL_SENTENCES: Record<ShareLevel, string> = {
  existence:
    "The team sees that you know each person you share, and nothing about the tie: team paths through you read “contact unknown”.",
  band: "The team also sees how strong each tie is (strong, medium or weak) and the month of your last two-way contact — never the interactions themselves.",
  how_met:
    "The team also sees how you met each person, with anything that reads as a never fact taken out. Notes, facts and interactions still stay on this computer.",
};

/** What never leaves this computer, whatever the level (the core's outbound projection). */
export const NEVER_SHARED = "Never facts, notes, interactions, the give & ask ledger, cadences, and mail and calendar details";

// ---- Joining ------------------------------------------------------------------------------

export interface JoinForm {
  server: string;
  invite: string;
  device: string;
}

/**
 * The join form's own checks, before the core is asked: an http(s) address and a code. The
 * core checks the rest (the server answers, the code is valid) and its error is shown as is.
 */
export function joinErrors(form: JoinForm): Record<string, string> {
  const errors: Record<string, string> = {};
  const server = form.server.trim();
  if (!server) {
    errors.server = "Enter the team server's address, such as https://team.example.com.";
  } else if (!/^https?:\/\/[^\s/?#]+/i.test(server)) {
    errors.server = `“${server}” is not a server address: it starts with https:// (or http:// on this computer).`;
  } else {
    try {
      new URL(server);
    } catch {
      errors.server = `“${server}” is not a server address.`;
    }
  }
  if (!form.invite.trim()) errors.invite = "Enter the invitation code your team's admin gave you.";
  else if (/\s/.test(form.invite.trim())) errors.invite = "An invitation code has no spaces: paste it as it was given.";
  const device = form.device.trim();
  if ([...device].length > 100 || /[\u0000-\u001f\u007f]/.test(device)) errors.device = "The device name is one line of at most 100 characters.";
  return errors;
}

/** The request the core gets: trimmed, without a trailing slash, the device left out when empty. */
export function joinRequest(form: JoinForm): { server: string; invite: string; device?: string } {
  const device = form.device.trim();
  return {
    server: form.server.trim().replace(/\/+$/, ""),
    invite: form.invite.trim(),
    ...(device ? { device } : {}),
  };
}

/** "Dana's computer (Linux)": a name the team's member list can tell apart. */
export function defaultDeviceName(me: string | null | undefined, platform: string | null | undefined): string {
  const first = me?.trim().split(/\s+/)[0];
  const os = platformName(platform);
  const base = first ? `${first}'s computer` : "This computer";
  return os ? `${base} (${os})` : base;
}

function platformName(platform: string | null | undefined): string | null {
  const p = (platform ?? "").toLowerCase();
  if (p.includes("mac")) return "Mac";
  if (p.includes("win")) return "Windows";
  if (p.includes("linux")) return "Linux";
  return null;
}

// ---- The last sync ------------------------------------------------------------------------

/** Green when everything went and nothing waits, amber for conflicts, changes still waiting or set aside, red for an error. */
export type SyncTone = "synced" | "pending" | "conflicts" | "error" | "never";

export function syncTone(status: Pick<TeamStatus, "last_sync" | "pending" | "conflicts"> & { refused?: readonly unknown[] }): SyncTone {
  if (status.last_sync?.error) return "error";
  if (status.conflicts > 0) return "conflicts";
  if (!status.last_sync) return "never";
  if (status.pending > 0 || (status.refused?.length ?? 0) > 0) return "pending";
  return "synced";
}

/** "Synced 5 minutes ago", "Never synced", "Sync failed 2 hours ago". */
export function syncHeadline(status: Pick<TeamStatus, "last_sync" | "pending" | "conflicts">, now: Date = new Date()): string {
  const last = status.last_sync;
  if (!last) return "Never synced";
  const when = relativeTime(last.at, now);
  return last.error ? `Sync failed ${when}` : `Synced ${when}`;
}

/** "3 sent · 12 received · 1 conflict · 2 linked" (the parts that happened), or "Nothing to send or receive". */
export function syncFigures(report: TeamSyncReport): string {
  const parts = [
    report.pushed ? `${report.pushed.toLocaleString("en-GB")} sent` : "",
    report.pulled ? `${report.pulled.toLocaleString("en-GB")} received` : "",
    report.conflicts ? plural(report.conflicts, "conflict", "conflicts") : "",
    report.matched ? `${report.matched.toLocaleString("en-GB")} linked to the team's records` : "",
    report.refused ? setAsideLabel(report.refused) : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "Nothing to send or receive";
}

/** How often Sphere syncs on its own while it is open. */
export const AUTO_SYNC_MINUTES = 5;

/** Whether a sync is due: connected, and the last one (or none) is older than `minutes`. */
export function syncDue(status: Pick<TeamStatus, "connected" | "last_sync"> | null, now: Date, minutes = AUTO_SYNC_MINUTES): boolean {
  if (!status?.connected) return false;
  if (!status.last_sync) return true;
  const at = new Date(status.last_sync.at).getTime();
  return Number.isNaN(at) || now.getTime() - at >= minutes * 60_000;
}

/** "2 changes waiting to be sent" or "". */
export function pendingLabel(pending: number): string {
  return pending ? `${plural(pending, "change", "changes")} waiting to be sent` : "";
}

/** "1 change set aside" or "": changes the team server refused, not sent again until their record changes. */
export function setAsideLabel(refused: number): string {
  return refused ? `${plural(refused, "change", "changes")} set aside` : "";
}

/**
 * Where a change the server refused can be mended here: the person (for a person, a tie or a
 * role), the organization's people, or the target account; null when there is no local record.
 */
export function refusedRoute(r: Pick<TeamRefused, "entity" | "local_id">): Route | null {
  if (r.local_id == null) return null;
  switch (r.entity) {
    case "person":
    case "knows":
    case "role":
      return { name: "person", id: r.local_id };
    case "organization":
      return { name: "people", organization: r.local_id };
    case "target":
      return { name: "account", id: r.local_id };
    default:
      return null;
  }
}

// ---- Members ------------------------------------------------------------------------------

/** Admins first, then by name; you among them where you fall. */
export function sortMembers(members: readonly MemberInfo[]): MemberInfo[] {
  return [...members].sort(
    (a, b) => Number(b.admin) - Number(a.admin) || a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.id.localeCompare(b.id),
  );
}

// ---- Conflicts ----------------------------------------------------------------------------

/** A field's name in words: `last_two_way` → "Last two-way contact". */
export function fieldLabel(field: string): string {
  const known: Record<string, string> = {
    name: "Name",
    title: "Title",
    organization: "Organization",
    profile_url: "Profile URL",
    linkedin_url: "LinkedIn",
    domain: "Domain",
    band: "Strength band",
    last_two_way: "Last two-way contact",
    how_met: "How we met",
    tier: "Tier",
    owner: "Owner",
    note: "Note",
    state: "State",
    confirmed: "Confirmed",
  };
  return known[field] ?? humanize(field.replace(/-/g, "_"));
}

/** A value as the conflict list shows it: empty reads as "(empty)". */
export function conflictValue(value: string): string {
  return value.trim() ? value : "(empty)";
}

/** Conflicts grouped by record, in the order the core listed them. */
export function groupConflicts(conflicts: readonly TeamConflict[]): { record: string; conflicts: TeamConflict[] }[] {
  const groups = new Map<string, TeamConflict[]>();
  for (const c of conflicts) {
    const list = groups.get(c.record);
    if (list) list.push(c);
    else groups.set(c.record, [c]);
  }
  return [...groups].map(([record, list]) => ({ record, conflicts: list }));
}

// ---- Team paths ---------------------------------------------------------------------------

/**
 * Team paths into an account of the team coverage grid. The grid's ids are the server's (the
 * report the team server built), so the organization goes as the server's id, in text.
 */
export function teamPathsRequest(organizationId: number, limit = 10): TeamPathsRequest {
  return { organization: String(organizationId), limit };
}

/** "Strong", "Weak", or "Contact unknown" when a tie's band is not shared. */
export function teamBandLabel(band: StrengthBand | null): string {
  return band ? BAND_LABELS[band] : "Contact unknown";
}

/** "Direct", "1 introduction", "2 introductions": the people between the member and the target. */
export function hopsLabel(path: Pick<TeamPath, "steps">): string {
  const between = Math.max(0, path.steps.length - 2);
  return between === 0 ? "Direct" : plural(between, "introduction", "introductions");
}

/** Paths that start at the member named `from` first (the column clicked), the rest after, each group in the server's order. */
export function pathsFrom(paths: readonly TeamPath[], from: string | null): TeamPath[] {
  if (!from) return [...paths];
  const starts = (p: TeamPath) => p.steps[0]?.name === from;
  return [...paths.filter(starts), ...paths.filter((p) => !starts(p))];
}
