import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Hop, PersonRef, WarmPath } from "../../bindings/commands";
import PathCard from "./PathCard.svelte";

const p = (id: number, display_name: string): PersonRef => ({ id, display_name, title: "", organization_name: null, ring: "outer" });
const me = p(1, "James Nakamura");
const sara = p(35, "Sara Whitaker");
const naomi = p(34, "Naomi Hernandez");
const ian = p(165, "Ian Alvarez");

function hop(from: PersonRef, to: PersonRef, strength: number, recent_asks = 0, overdrawn = recent_asks > 0): Hop {
  return {
    from,
    to,
    relationship_id: from.id * 1000 + to.id,
    kind: "colleague",
    since: "2021-10-10",
    how_met: "",
    strength,
    evidence: `${from.display_name} and ${to.display_name}: 2 meetings; known since 2021`,
    last_contact: "2026-11-16T14:30:00Z",
    overridden: false,
    recent_asks,
    ledger_note: overdrawn ? `you asked them ${recent_asks} times this year and gave nothing` : null,
    doubt: null,
  };
}

function path(patch: Partial<WarmPath>): WarmPath {
  return {
    rank: 2,
    people: [me, sara, naomi, ian],
    hops: [hop(me, sara, 0.88, 2), hop(sara, naomi, 0.56), hop(naomi, ian, 0.3, 4)],
    tie_strength: 0.148,
    strength: 0.074,
    cost: 2.6,
    draft: null,
    alternatives: [],
    ...patch,
  };
}

describe("PathCard", () => {
  it("explains every hop, calling the user You", () => {
    render(PathCard, { props: { path: path({}), me: 1, selected: false, onselect: vi.fn() } });
    expect(screen.getByTestId("path-chain").textContent).toMatch(/You\s*Sara Whitaker\s*Naomi Hernandez\s*Ian Alvarez/);
    const hops = screen.getAllByTestId("hop");
    expect(hops).toHaveLength(3);
    expect(hops[0]?.textContent).toContain("You → Sara Whitaker");
    expect(hops[0]?.textContent).toContain("Colleague");
    expect(hops[0]?.textContent).toContain("88%");
    expect(screen.getAllByTestId("hop-evidence")[1]?.textContent).toContain("Sara Whitaker and Naomi Hernandez: 2 meetings");
    expect(screen.getByTestId("path-strength").getAttribute("aria-valuenow")).toBe("7");
  });

  it("flags connectors asked lately, but not the target, and says why the strength dropped", () => {
    render(PathCard, { props: { path: path({}), me: 1, selected: true, onselect: vi.fn() } });
    // The ledger's words say it; no second line about the same asks.
    expect(screen.queryByTestId("asked-lately")).toBeNull();
    expect(screen.getByTestId("ask-penalty").textContent).toMatch(/Lowered from 15%:\s+you have asked more of Sara Whitaker than you gave/);
    expect(screen.getAllByTestId("hop-ledger")[0]?.textContent).toContain("Sara Whitaker: you asked them 2 times this year and gave nothing");
    expect(screen.getByTestId("select-path").getAttribute("aria-pressed")).toBe("true");
  });

  it("folds the other ways to the same person under the best one", () => {
    const other = path({ people: [me, naomi, ian], hops: [hop(me, naomi, 0.5), hop(naomi, ian, 0.3)], tie_strength: 0.15, strength: 0.15 });
    render(PathCard, { props: { path: path({ alternatives: [other] }), me: 1, selected: false, onselect: vi.fn() } });
    expect(screen.getByTestId("path-alternatives").textContent).toContain("Other ways to Ian Alvarez");
    const alts = screen.getAllByTestId("path-alternative");
    expect(alts).toHaveLength(1);
    expect(alts[0]?.textContent).toMatch(/You → Naomi Hernandez → Ian Alvarez\s*15%/);
  });

  it("shows no alternatives for a path to a person", () => {
    render(PathCard, { props: { path: path({}), me: 1, selected: false, onselect: vi.fn() } });
    expect(screen.queryByTestId("path-alternatives")).toBeNull();
  });

  it("mentions asks of a connector whose account is not overdrawn, without a penalty", () => {
    render(PathCard, {
      props: { path: path({ hops: [hop(me, sara, 0.88, 2, false), hop(sara, naomi, 0.56), hop(naomi, ian, 0.3)], strength: 0.148 }), me: 1, selected: false, onselect: vi.fn() },
    });
    expect(screen.getByTestId("asked-lately").textContent).toContain("Sara Whitaker was asked for 2 introductions in the last year");
    expect(screen.queryByTestId("ask-penalty")).toBeNull();
  });

  it("says nothing about asks when the strength is the ties' own", () => {
    render(PathCard, {
      props: { path: path({ hops: [hop(me, sara, 0.88), hop(sara, naomi, 0.56), hop(naomi, ian, 0.3)], strength: 0.148 }), me: 1, selected: false, onselect: vi.fn() },
    });
    expect(screen.queryByTestId("ask-penalty")).toBeNull();
    expect(screen.queryByTestId("asked-lately")).toBeNull();
  });
});
