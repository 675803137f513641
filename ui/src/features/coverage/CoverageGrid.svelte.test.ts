import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { AccountRow, TeamMember } from "../../bindings/commands";
import CoverageGrid from "./CoverageGrid.svelte";

const person = (id: number, display_name: string, title = "") => ({ id, display_name, title, organization_name: "Orchard", ring: "inner" as const });
const members: TeamMember[] = [
  { person: person(1, "Sam Reed"), you: true },
  { person: person(2, "Ana Ruiz"), you: false },
];

function account(id: number, name: string, over: Partial<AccountRow>): AccountRow {
  return {
    organization: { id, name, domain: "" },
    tier: 1,
    owner: person(1, "Sam Reed"),
    verdict: "single_threaded_ours",
    known_verdict: "single_threaded_ours",
    risk: 3,
    why: "3 threads, all held by you",
    people: 5,
    threads: 3,
    concentration: { member: person(1, "Sam Reed"), share: 1 },
    best: null,
    cells: [
      { member_id: 1, best: { member_id: 1, to: person(9, "Dana Fox", "CTO"), band: "strong", ties: 1 }, threads: 3 },
      { member_id: 2, best: { member_id: 2, to: person(9, "Dana Fox", "CTO"), band: "medium", ties: 2 }, threads: 0 },
    ],
    roles_required: 3,
    roles_covered: 1,
    role_gaps: ["economic_buyer", "champion"],
    stale: false,
    last_two_way: "2026-11",
    hidden_ties: 0,
    open_requests: 2,
    trend: [],
    ...over,
  };
}

const rows = [
  account(10, "Polaris Maritime", {
    verdict: "no_path",
    why: "Nobody at Polaris Maritime is on record yet",
    threads: 0,
    concentration: null,
    cells: [
      { member_id: 1, best: null, threads: 0 },
      { member_id: 2, best: null, threads: 0 },
    ],
    last_two_way: null,
    open_requests: 0,
  }),
  account(11, "Atlas Publishing", {}),
];

describe("CoverageGrid", () => {
  it("heads the columns with you first, and shades each cell by its best path", () => {
    render(CoverageGrid, { props: { members, accounts: rows } });
    expect(screen.getAllByTestId("member-col").map((c) => c.textContent?.trim())).toEqual(["You", "Ana"]);
    const cells = screen.getAllByTestId("coverage-cell");
    expect(cells.map((c) => c.dataset.band)).toEqual(["none", "none", "strong", "medium"]);
    expect(cells[2]?.textContent?.replace(/\s+/g, " ").trim()).toBe("Direct 3");
    expect(cells[3]?.textContent?.replace(/\s+/g, " ").trim()).toBe("1 hop no thread");
    expect(cells[3]?.getAttribute("aria-label")).toBe("Ana Ruiz → Dana Fox (CTO): medium, 1 hop, no thread. Open the paths");
    expect(cells[0]?.getAttribute("aria-label")).toBe("You: no path into Polaris Maritime within three ties");
    // Every cell opens the warm paths into its account.
    expect(cells[2]?.getAttribute("href")).toBe("#/paths?organization=11");
    // A colleague's cell opens the paths that start from their relationships.
    expect(cells[3]?.getAttribute("href")).toBe("#/paths?organization=11&from=2");
  });

  it("shows the verdict, the why, the threads held by one member, the role gaps and the month", () => {
    render(CoverageGrid, { props: { members, accounts: rows } });
    const [polaris, atlas] = screen.getAllByTestId("coverage-row");
    expect(polaris?.dataset.verdict).toBe("no_path");
    expect(polaris?.textContent).toContain("No path");
    expect(polaris?.textContent).toContain("never");
    expect(atlas?.textContent).toContain("Single-threaded (our side)");
    expect(atlas?.textContent).toContain("3 threads, all held by you");
    expect(atlas?.textContent).toContain("100% you");
    expect(atlas?.textContent).toContain("1/3 roles");
    expect(atlas?.textContent).toContain("Gaps: Economic buyer, Champion");
    expect(atlas?.textContent).toContain("Nov 2026");
    expect(atlas?.textContent).toContain("Owner: you");
    expect(screen.getAllByTestId("account-link")[1]?.getAttribute("href")).toBe("#/accounts/11");
  });

  it("moves the focus across the cells with the arrow keys, Home and End", async () => {
    render(CoverageGrid, { props: { members, accounts: rows } });
    const names = screen.getAllByTestId("account-link");
    const cells = screen.getAllByTestId("coverage-cell");
    names[0]?.focus();
    await fireEvent.keyDown(names[0]!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(cells[0]);
    await fireEvent.keyDown(cells[0]!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(cells[1]);
    // Past the last column the focus stays put.
    await fireEvent.keyDown(cells[1]!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(cells[1]);
    await fireEvent.keyDown(cells[1]!, { key: "ArrowDown" });
    expect(document.activeElement).toBe(cells[3]);
    await fireEvent.keyDown(cells[3]!, { key: "Home" });
    expect(document.activeElement).toBe(names[1]);
    await fireEvent.keyDown(names[1]!, { key: "End" });
    expect(document.activeElement).toBe(cells[3]);
    await fireEvent.keyDown(cells[3]!, { key: "ArrowUp" });
    expect(document.activeElement).toBe(cells[1]);
  });

  it("in team mode opens the team paths panel from a cell or an account's name, never a local page", async () => {
    const opened: [string, string | null][] = [];
    render(CoverageGrid, {
      props: { members, accounts: rows, onopen: (row: AccountRow, m: TeamMember | null) => opened.push([row.organization.name, m?.person.display_name ?? null]) },
    });
    const cells = screen.getAllByTestId("coverage-cell");
    const names = screen.getAllByTestId("account-link");
    // The server's ids mean nothing to this file's pages: buttons, not links.
    expect(cells.every((c) => c.tagName === "BUTTON" && !c.hasAttribute("href"))).toBe(true);
    expect(names.every((n) => n.tagName === "BUTTON")).toBe(true);
    await fireEvent.click(cells[3]!);
    await fireEvent.click(names[0]!);
    expect(opened).toEqual([
      ["Atlas Publishing", "Ana Ruiz"],
      ["Polaris Maritime", null],
    ]);
    // Still one grid for the keyboard.
    names[0]?.focus();
    await fireEvent.keyDown(names[0]!, { key: "ArrowRight" });
    expect(document.activeElement).toBe(cells[0]);
  });
});
