import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AccountRow, CoverageReport, TeamMember, TeamStatus } from "../../bindings/commands";
import { team } from "../team/team.svelte";
import CoveragePage from "./CoveragePage.svelte";

const api = vi.hoisted(() => ({
  team_status: vi.fn(),
  team_coverage: vi.fn(),
  team_paths: vi.fn(),
  coverage: vi.fn(),
  team_list: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

const person = (id: number, display_name: string) => ({ id, display_name, title: "", organization_name: null, ring: "inner" as const });
const members: TeamMember[] = [
  { person: person(901, "Dana Fox"), you: true },
  { person: person(902, "Ben Ortiz"), you: false },
];

function row(id: number, name: string): AccountRow {
  return {
    organization: { id, name, domain: "" },
    tier: 1,
    owner: null,
    verdict: "no_path",
    known_verdict: "no_path",
    risk: 5,
    why: "Nobody reaches it",
    people: 2,
    threads: 0,
    concentration: null,
    best: null,
    cells: members.map((m) => ({ member_id: m.person.id, best: null, threads: 0 })),
    roles_required: 0,
    roles_covered: 0,
    role_gaps: [],
    stale: false,
    last_two_way: null,
    hidden_ties: 0,
    open_requests: 0,
    trend: [],
  };
}

const report = (accounts: AccountRow[]): CoverageReport => ({
  members,
  accounts,
  by_verdict: [],
  targets: accounts.length,
  what_if: null,
  valued_at: "2026-12-07T12:00:00Z",
});

const status = (connected: boolean): TeamStatus => ({
  connected,
  server: connected ? "http://127.0.0.1:8787" : null,
  team_name: connected ? "Acme" : null,
  me: null,
  members: [],
  share_level: "band",
  never_share: [],
  last_sync: null,
  pending: 0,
  conflicts: 0,
  refused: [],
});

beforeEach(() => {
  for (const f of Object.values(api)) f.mockReset();
  team.status = null;
  team.error = null;
  api.team_list.mockResolvedValue([]);
  api.coverage.mockResolvedValue(report([row(7, "Local Account")]));
  api.team_coverage.mockResolvedValue(report([row(4001, "Team Account")]));
  api.team_paths.mockResolvedValue({ paths: [], people: 2, unknown: 0 });
});

describe("CoveragePage and team mode", () => {
  it("uses this file's graph when not on a team, with no choice shown", async () => {
    api.team_status.mockResolvedValue(status(false));
    render(CoveragePage, { props: { initial: {} } });
    await screen.findByText("Local Account");
    expect(api.team_coverage).not.toHaveBeenCalled();
    expect(screen.queryByTestId("coverage-scope-team")).toBeNull();
  });

  it("falls back to this file's graph when the team status cannot be read", async () => {
    api.team_status.mockRejectedValue({ kind: "storage", message: "database is locked" });
    render(CoveragePage, { props: { initial: {} } });
    await screen.findByText("Local Account");
    expect(api.team_coverage).not.toHaveBeenCalled();
  });

  it("shows the shared graph by default when connected, and this file's on demand", async () => {
    api.team_status.mockResolvedValue(status(true));
    render(CoveragePage, { props: { initial: {} } });
    await screen.findByText("Team Account");
    // Never computed from this file first: the team's status is known before the grid loads.
    expect(api.coverage).not.toHaveBeenCalled();
    expect(screen.getByTestId("coverage-scope-team").getAttribute("aria-pressed")).toBe("true");
    // The local-only tools are not offered on the server's report.
    expect(screen.queryByTestId("whatif-open")).toBeNull();
    expect(screen.queryByTestId("coverage-export")).toBeNull();
    await fireEvent.click(screen.getByTestId("coverage-scope-file"));
    await screen.findByText("Local Account");
    expect(screen.getAllByTestId("coverage-cell")[0]?.getAttribute("href")).toBe("#/paths?organization=7");
  });

  it("opens the team paths panel from a cell, asking for the account the server named", async () => {
    api.team_status.mockResolvedValue(status(true));
    render(CoveragePage, { props: { initial: {} } });
    await screen.findByText("Team Account");
    const cells = screen.getAllByTestId("coverage-cell");
    expect(cells[1]?.tagName).toBe("BUTTON");
    await fireEvent.click(cells[1]!);
    await waitFor(() => expect(api.team_paths).toHaveBeenCalledWith({ organization: "4001", limit: 10 }));
    expect((await screen.findByTestId("team-paths-empty")).textContent).toContain("Team Account");
    expect(screen.getByTestId("team-paths-panel").textContent).toContain("From Ben Ortiz first");
  });

  it("keeps an owner and a member with negative ids (members who have not shared their own person) from the address", async () => {
    api.team_status.mockResolvedValue(status(true));
    const team = [...members, { person: person(-2, "Eve Stone"), you: false }];
    api.team_coverage.mockResolvedValue({ ...report([row(4001, "Team Account")]), members: team });
    window.location.hash = "#/coverage?owner=-2&member=-2";
    render(CoveragePage, { props: { initial: { owner: -2, member: -2 } } });
    await screen.findByText("Team Account");
    await waitFor(() => expect(api.team_coverage).toHaveBeenLastCalledWith({ owner_id: -2, member_id: -2 }));
    const owner = screen.getByTestId("filter-owner") as HTMLSelectElement;
    await waitFor(() => expect(owner.selectedOptions[0]?.textContent).toBe("Eve Stone"));
    expect(window.location.hash).toBe("#/coverage?owner=-2&member=-2");
  });
});
