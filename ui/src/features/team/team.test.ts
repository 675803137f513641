import { describe, expect, it } from "vitest";
import type { MemberInfo, TeamConflict, TeamPath, TeamSyncReport } from "../../bindings/commands";
import {
  conflictValue,
  defaultDeviceName,
  fieldLabel,
  groupConflicts,
  hopsLabel,
  joinErrors,
  joinRequest,
  pathsFrom,
  refusedRoute,
  setAsideLabel,
  sortMembers,
  syncDue,
  syncFigures,
  syncHeadline,
  syncTone,
  teamBandLabel,
  teamPathsRequest,
} from "./team";

const NOW = new Date("2026-12-07T12:00:00Z");

function report(over: Partial<TeamSyncReport> = {}): TeamSyncReport {
  return { at: "2026-12-07T11:55:00Z", pushed: 0, pulled: 0, conflicts: 0, matched: 0, pending: 0, refused: 0, error: null, ...over };
}

describe("joinErrors", () => {
  const ok = { server: "https://team.example.com", invite: "K7QX-2M9D", device: "Dana's computer" };

  it("accepts an https address, a loopback http address and a code", () => {
    expect(joinErrors(ok)).toEqual({});
    expect(joinErrors({ ...ok, server: "http://127.0.0.1:8787" })).toEqual({});
    expect(joinErrors({ ...ok, device: "" })).toEqual({});
  });

  it("names each missing or malformed field, so nothing is sent", () => {
    expect(Object.keys(joinErrors({ server: "", invite: "", device: "" })).sort()).toEqual(["invite", "server"]);
    expect(joinErrors({ ...ok, server: "team.example.com" }).server).toContain("starts with https://");
    expect(joinErrors({ ...ok, server: "ftp://team.example.com" }).server).toContain("is not a server address");
    expect(joinErrors({ ...ok, invite: "K7QX 2M9D" }).invite).toContain("no spaces");
    expect(joinErrors({ ...ok, device: "x".repeat(101) }).device).toContain("100");
    expect(joinErrors({ ...ok, device: "two\nlines" }).device).toContain("one line");
    expect(joinErrors({ ...ok, device: "x".repeat(100) })).toEqual({});
  });
});

describe("joinRequest", () => {
  it("trims, drops a trailing slash and leaves an empty device out (the core names it after the host)", () => {
    expect(joinRequest({ server: " https://team.example.com/ ", invite: " abc ", device: "  " })).toEqual({
      server: "https://team.example.com",
      invite: "abc",
    });
    expect(joinRequest({ server: "http://127.0.0.1:9", invite: "abc", device: " Laptop " })).toEqual({
      server: "http://127.0.0.1:9",
      invite: "abc",
      device: "Laptop",
    });
  });
});

describe("defaultDeviceName", () => {
  it("says whose computer and which system, as far as known", () => {
    expect(defaultDeviceName("Dana Fox", "Linux x86_64")).toBe("Dana's computer (Linux)");
    expect(defaultDeviceName("Dana Fox", "MacIntel")).toBe("Dana's computer (Mac)");
    expect(defaultDeviceName(null, "Win32")).toBe("This computer (Windows)");
    expect(defaultDeviceName("  ", "")).toBe("This computer");
  });
});

describe("syncTone and syncHeadline", () => {
  const check = (status: Parameters<typeof syncTone>[0], tone: string, headline: string) => {
    expect(syncTone(status)).toBe(tone);
    expect(syncHeadline(status, NOW)).toBe(headline);
  };

  it("is green only when the last sync went through and nothing waits", () => {
    check({ last_sync: report(), pending: 0, conflicts: 0 }, "synced", "Synced 5 minutes ago");
    check({ last_sync: report(), pending: 2, conflicts: 0 }, "pending", "Synced 5 minutes ago");
    check({ last_sync: null, pending: 0, conflicts: 0 }, "never", "Never synced");
  });

  it("is amber while changes the server refused are set aside", () => {
    const refused = [{ entity: "person", record: "Ana Lima (person)", local_id: 12, reason: "no" }];
    check({ last_sync: report(), pending: 0, conflicts: 0, refused }, "pending", "Synced 5 minutes ago");
    check({ last_sync: report(), pending: 0, conflicts: 0, refused: [] }, "synced", "Synced 5 minutes ago");
  });

  it("puts an error before conflicts, and conflicts before waiting changes", () => {
    check({ last_sync: report({ error: "the server did not answer" }), pending: 3, conflicts: 1 }, "error", "Sync failed 5 minutes ago");
    check({ last_sync: report(), pending: 3, conflicts: 1 }, "conflicts", "Synced 5 minutes ago");
    check({ last_sync: null, pending: 0, conflicts: 2 }, "conflicts", "Never synced");
  });
});

describe("changes set aside", () => {
  it("counts them in words", () => {
    expect(setAsideLabel(0)).toBe("");
    expect(setAsideLabel(1)).toBe("1 change set aside");
    expect(setAsideLabel(3)).toBe("3 changes set aside");
  });

  it("links each to the local record it concerns, when there is one", () => {
    expect(refusedRoute({ entity: "person", local_id: 12 })).toEqual({ name: "person", id: 12 });
    expect(refusedRoute({ entity: "knows", local_id: 12 })).toEqual({ name: "person", id: 12 });
    expect(refusedRoute({ entity: "role", local_id: 5 })).toEqual({ name: "person", id: 5 });
    expect(refusedRoute({ entity: "organization", local_id: 3 })).toEqual({ name: "people", organization: 3 });
    expect(refusedRoute({ entity: "target", local_id: 3 })).toEqual({ name: "account", id: 3 });
    expect(refusedRoute({ entity: "ask", local_id: 3 })).toBeNull();
    expect(refusedRoute({ entity: "person", local_id: null })).toBeNull();
  });
});

describe("syncDue", () => {
  it("syncs when connected and the last sync is older than the interval, or there was none", () => {
    expect(syncDue({ connected: true, last_sync: report({ at: "2026-12-07T11:55:00Z" }) }, NOW)).toBe(true);
    expect(syncDue({ connected: true, last_sync: report({ at: "2026-12-07T11:55:01Z" }) }, NOW)).toBe(false);
    expect(syncDue({ connected: true, last_sync: null }, NOW)).toBe(true);
    expect(syncDue({ connected: false, last_sync: null }, NOW)).toBe(false);
    expect(syncDue(null, NOW)).toBe(false);
  });
});

describe("syncFigures", () => {
  it("lists what happened, and says so when nothing did", () => {
    expect(syncFigures(report())).toBe("Nothing to send or receive");
    expect(syncFigures(report({ pushed: 3, pulled: 1200, conflicts: 1, matched: 2 }))).toBe(
      "3 sent · 1,200 received · 1 conflict · 2 linked to the team's records",
    );
    expect(syncFigures(report({ pulled: 4, conflicts: 2 }))).toBe("4 received · 2 conflicts");
    expect(syncFigures(report({ pushed: 2, refused: 1 }))).toBe("2 sent · 1 change set aside");
  });
});

describe("sortMembers", () => {
  const m = (id: string, name: string, admin: boolean): MemberInfo => ({
    id,
    name,
    admin,
    share_level: "band",
    person: null,
    joined_at: "2026-12-01T00:00:00Z",
    last_sync_at: null,
  });

  it("puts admins first, then orders by name", () => {
    const sorted = sortMembers([m("3", "zoe", false), m("1", "Ben", false), m("2", "Dana", true)]);
    expect(sorted.map((x) => x.name)).toEqual(["Dana", "Ben", "zoe"]);
  });
});

describe("conflicts", () => {
  const c = (id: number, record: string, field: string): TeamConflict => ({
    id,
    entity: "person",
    record,
    local_id: 4,
    field,
    yours: "",
    theirs: "VP Sales",
    by: "Dana",
    at: "2026-12-07T10:00:00Z",
  });

  it("groups by record in the core's order", () => {
    const groups = groupConflicts([c(1, "Ana Lima (person)", "title"), c(2, "Acme (organization)", "domain"), c(3, "Ana Lima (person)", "name")]);
    expect(groups.map((g) => [g.record, g.conflicts.map((x) => x.id)])).toEqual([
      ["Ana Lima (person)", [1, 3]],
      ["Acme (organization)", [2]],
    ]);
  });

  it("names fields in words and shows an empty value as such", () => {
    expect(fieldLabel("last_two_way")).toBe("Last two-way contact");
    expect(fieldLabel("how_met")).toBe("How we met");
    expect(fieldLabel("match_keys")).toBe("Match keys");
    expect(conflictValue(" ")).toBe("(empty)");
    expect(conflictValue("VP Sales")).toBe("VP Sales");
  });
});

describe("team paths", () => {
  const step = (name: string) => ({ key: name.padEnd(32, "0"), name, title: "", organization: null, member: null });
  const path = (names: string[], band: TeamPath["band"]): TeamPath => ({ steps: names.map(step), band, score: 0.5 });

  it("asks for the account by the server's id", () => {
    expect(teamPathsRequest(42)).toEqual({ organization: "42", limit: 10 });
  });

  it("says contact unknown where a band is not shared, and counts the introductions", () => {
    expect(teamBandLabel(null)).toBe("Contact unknown");
    expect(teamBandLabel("strong")).toBe("Strong");
    expect(hopsLabel(path(["Dana", "Ana"], "strong"))).toBe("Direct");
    expect(hopsLabel(path(["Dana", "Bo", "Ana"], "weak"))).toBe("1 introduction");
    expect(hopsLabel(path(["Dana", "Bo", "Cy", "Ana"], null))).toBe("2 introductions");
  });

  it("puts the clicked member's paths first, keeping the server's order within each group", () => {
    const paths = [path(["Ben", "Ana"], "strong"), path(["Dana", "Bo", "Ana"], "weak"), path(["Dana", "Ana"], null)];
    expect(pathsFrom(paths, "Dana").map((p) => p.steps.map((s) => s.name).join(">"))).toEqual(["Dana>Bo>Ana", "Dana>Ana", "Ben>Ana"]);
    expect(pathsFrom(paths, null)).toEqual(paths);
  });
});
