import { describe, expect, it } from "vitest";
import type { AccountRow, Verdict, WeekPoint } from "../../bindings/commands";
import {
  addRole,
  coverageQuery,
  exportQuery,
  filterRows,
  functionLabel,
  hasFilters,
  monthLabel,
  removeRole,
  roleCoverageLabel,
  shortNames,
  tiesLabel,
  trendLine,
  VERDICTS,
  verdictRisk,
  verdictTone,
  verdictTotals,
} from "./coverage";
import { ownerChoices } from "./owners";

function row(id: number, verdict: Verdict): AccountRow {
  return {
    organization: { id, name: `Org ${id}`, domain: "" },
    tier: 1,
    owner: null,
    verdict,
    known_verdict: verdict,
    risk: 3,
    why: "",
    people: 3,
    threads: 0,
    concentration: null,
    best: null,
    cells: [],
    roles_required: 3,
    roles_covered: 1,
    role_gaps: [],
    stale: false,
    last_two_way: null,
    hidden_ties: 0,
    open_requests: 0,
    trend: [],
  };
}

const week = (w: string, threads: number, verdict: Verdict = "multi_threaded"): WeekPoint => ({
  week: w,
  verdict,
  threads,
  roles_covered: 0,
  roles_required: 0,
});

describe("verdicts", () => {
  it("colour carries meaning: no path and no thread red, one thread amber, unknown grey, many green", () => {
    expect(verdictTone("no_path")).toBe("danger");
    expect(verdictTone("no_thread")).toBe("danger");
    expect(verdictTone("single_threaded_ours")).toBe("warning");
    expect(verdictTone("single_threaded_theirs")).toBe("warning");
    expect(verdictTone("unknown")).toBe("neutral");
    expect(verdictTone("multi_threaded")).toBe("success");
  });

  it("lists the verdicts riskiest first, as the core ranks them", () => {
    const risks = VERDICTS.map(verdictRisk);
    expect([...risks].sort((a, b) => b - a)).toEqual(risks);
    expect(VERDICTS[0]).toBe("no_path");
    expect(VERDICTS[VERDICTS.length - 1]).toBe("multi_threaded");
  });

  it("totals count each verdict over the rows, riskiest first, without the empty ones", () => {
    const rows = [row(1, "multi_threaded"), row(2, "no_path"), row(3, "multi_threaded"), row(4, "single_threaded_ours")];
    expect(verdictTotals(rows)).toEqual([
      { verdict: "no_path", count: 1 },
      { verdict: "single_threaded_ours", count: 1 },
      { verdict: "multi_threaded", count: 2 },
    ]);
    expect(verdictTotals([])).toEqual([]);
  });

  it("filters rows by verdict, keeping the core's order, and keeps all without one", () => {
    const rows = [row(1, "no_path"), row(2, "single_threaded_theirs"), row(3, "no_path")];
    expect(filterRows(rows, "no_path").map((r) => r.organization.id)).toEqual([1, 3]);
    expect(filterRows(rows, undefined).map((r) => r.organization.id)).toEqual([1, 2, 3]);
    expect(filterRows(rows, "unknown")).toEqual([]);
  });
});

describe("the grid's query", () => {
  it("asks the core for owner, tier and member, and leaves the verdict to the page", () => {
    expect(coverageQuery({ owner: 3, tier: 1, verdict: "no_path", member: 5 })).toEqual({ owner_id: 3, tier: 1, member_id: 5 });
    expect(coverageQuery({})).toEqual({});
  });

  it("adds who leaves for a what-if", () => {
    expect(coverageQuery({ tier: 2 }, 9)).toEqual({ tier: 2, if_leaves: 9 });
    expect(coverageQuery({ tier: 2 }, null)).toEqual({ tier: 2 });
  });

  it("exports what is shown: the verdict filter included", () => {
    expect(exportQuery({ owner: 3, verdict: "single_threaded_ours" })).toEqual({ owner_id: 3, verdict: "single_threaded_ours" });
  });

  it("knows when a filter is on", () => {
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ owner: undefined, tier: undefined })).toBe(false);
    expect(hasFilters({ verdict: "unknown" })).toBe(true);
    expect(hasFilters({ member: 4 })).toBe(true);
  });
});

describe("words", () => {
  it("names a path's length by its hops", () => {
    expect(tiesLabel(1)).toBe("Direct");
    expect(tiesLabel(2)).toBe("1 hop");
    expect(tiesLabel(3)).toBe("2 hops");
  });

  it("writes the month of the last two-way touch, and 'never' without one", () => {
    expect(monthLabel("2026-09")).toBe("Sep 2026");
    expect(monthLabel("2025-01")).toBe("Jan 2025");
    expect(monthLabel(null)).toBe("never");
    expect(monthLabel("2026-13")).toBe("2026-13");
  });

  it("counts covered roles against the required ones", () => {
    expect(roleCoverageLabel({ roles_covered: 1, roles_required: 3 })).toBe("1/3 roles");
    expect(roleCoverageLabel({ roles_covered: 0, roles_required: 0 })).toBe("No role required");
  });

  it("writes functions as words", () => {
    expect(functionLabel("customer_success")).toBe("Customer success");
    expect(functionLabel("finance")).toBe("Finance");
  });
});

describe("roles", () => {
  it("adds a role once, in the buying group's order", () => {
    expect(addRole(["champion"], "economic_buyer")).toEqual(["economic_buyer", "champion"]);
    expect(addRole(["champion"], "champion")).toEqual(["champion"]);
    expect(addRole([], "blocker")).toEqual(["blocker"]);
  });

  it("removes only the role named", () => {
    expect(removeRole(["economic_buyer", "champion"], "champion")).toEqual(["economic_buyer"]);
    expect(removeRole(["user"], "champion")).toEqual(["user"]);
  });
});

describe("trend", () => {
  it("draws the weekly threads left to right, the largest at the top, zero on the floor", () => {
    const t = trendLine([week("2026-11-16", 0), week("2026-11-23", 2), week("2026-11-30", 4)], 100, 20, 0);
    expect(t.points.map((p) => [p.x, p.y])).toEqual([
      [0, 20],
      [50, 10],
      [100, 0],
    ]);
    expect(t.path).toBe("M0 20 L50 10 L100 0");
    expect(t.direction).toBe("up");
    expect(t.summary).toBe("4 threads in the week of 30 Nov, up from 0 in the week of 16 Nov");
  });

  it("says when an account lost threads", () => {
    const t = trendLine([week("2026-11-23", 3), week("2026-11-30", 1, "single_threaded_ours")]);
    expect(t.direction).toBe("down");
    expect(t.summary).toBe("1 thread in the week of 30 Nov, down from 3 in the week of 23 Nov");
  });

  it("keeps a flat zero on the floor rather than dividing by zero", () => {
    const t = trendLine([week("2026-11-23", 0), week("2026-11-30", 0)], 40, 10, 0);
    expect(t.points.every((p) => p.y === 10 && Number.isFinite(p.x))).toBe(true);
    expect(t.direction).toBe("flat");
  });

  it("centres a single week and says there is nothing without one", () => {
    const one = trendLine([week("2026-11-30", 2)], 40, 10, 0);
    expect(one.points).toHaveLength(1);
    expect(one.points[0]?.x).toBe(20);
    expect(one.summary).toBe("2 threads in the week of 30 Nov");
    const none = trendLine([]);
    expect(none.path).toBe("");
    expect(none.summary).toBe("No weekly figures yet");
  });
});

describe("owners", () => {
  const ref = (id: number, display_name: string) => ({ id, display_name, title: "", organization_name: null, ring: "inner" as const });

  it("puts you first, then the team by name, without you twice", () => {
    const owners = ownerChoices({ id: 1, display_name: "Sam Reed" }, [ref(4, "zoe Park"), ref(1, "Sam Reed"), ref(3, "Ana Ruiz")]);
    expect(owners).toEqual([
      { id: 1, label: "You", you: true },
      { id: 3, label: "Ana Ruiz", you: false },
      { id: 4, label: "zoe Park", you: false },
    ]);
  });

  it("lists the team alone when there is no one at the centre", () => {
    expect(ownerChoices(null, [ref(2, "Bo")])).toEqual([{ id: 2, label: "Bo", you: false }]);
  });
});

describe("column heads", () => {
  it("calls the user You and the others by first name, in full where two share one", () => {
    const m = (id: number, display_name: string, you = false) => ({ person: { id, display_name }, you });
    const heads = shortNames([m(1, "Sam Reed", true), m(2, "Ana Ruiz"), m(3, "Leon Delgado"), m(4, "Ana Park")]);
    expect([...heads.entries()]).toEqual([
      [1, "You"],
      [2, "Ana Ruiz"],
      [3, "Leon"],
      [4, "Ana Park"],
    ]);
  });
});
