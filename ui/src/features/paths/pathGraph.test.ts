import { describe, expect, it } from "vitest";
import type { PersonRef } from "../../bindings/commands";
import { pathGraph, type GraphPath } from "./pathGraph";

const p = (id: number): PersonRef => ({ id, display_name: `P${id}`, title: "", organization_name: null, ring: "outer" });

/** A path through the given people, with relationship ids made from the pairs. */
function path(rank: number, ...ids: number[]): GraphPath {
  return {
    rank,
    people: ids.map(p),
    hops: ids.slice(1).map((to, i) => ({ relationship_id: Math.min(ids[i]!, to) * 1000 + Math.max(ids[i]!, to) })),
  };
}

describe("pathGraph", () => {
  it("is empty without paths", () => {
    expect(pathGraph([])).toEqual({ nodes: [], edges: [], columns: 0, rows: 0 });
  });

  it("lays the demo's paths to one person out from the start to the target", () => {
    // You → Naomi → Ian; You → Sara → Naomi → Ian; You → Naomi → William → Ian.
    const g = pathGraph([path(1, 1, 34, 165), path(2, 1, 35, 34, 165), path(3, 1, 34, 50, 165)]);
    const col = Object.fromEntries(g.nodes.map((n) => [n.id, n.column]));
    // Naomi is one hop away on the best path and two on the second: she sits in column 2, so
    // Sara's relationship with her points right, and William, after her, in column 3.
    expect(col).toEqual({ 1: 0, 35: 1, 34: 2, 50: 3, 165: 4 });
    expect(g.columns).toBe(5);
    expect(g.rows).toBe(2);
    const naomi = g.nodes.find((n) => n.id === 34)!;
    expect(naomi).toMatchObject({ row: 0, role: "connector", ranks: [1, 2, 3] });
    for (const e of g.edges) {
      const from = g.nodes.find((n) => n.id === e.from)!;
      const to = g.nodes.find((n) => n.id === e.to)!;
      expect(to.column).toBeGreaterThan(from.column);
    }
    expect(g.nodes.find((n) => n.id === 165)?.role).toBe("target");
    expect(g.nodes.find((n) => n.id === 1)?.role).toBe("start");
    // Each relationship once, with the paths that use it.
    expect(g.edges).toHaveLength(6);
    expect(g.edges.find((e) => e.from === 34 && e.to === 165)?.ranks).toEqual([1, 2]);
  });

  it("puts every target in the last column, and the best path on top", () => {
    const g = pathGraph([path(2, 1, 7, 9, 21), path(1, 1, 20)]);
    expect(g.nodes.filter((n) => n.role === "target").map((n) => [n.id, n.column, n.row])).toEqual([
      [20, 3, 0],
      [21, 3, 1],
    ]);
  });

  it("runs the best path along the top lane, with nobody else under its lines", () => {
    // The best path skips from You (column 0) to Naomi (column 2); the others fill column 1.
    const g = pathGraph([path(1, 1, 34, 165), path(2, 1, 35, 34, 165), path(3, 1, 36, 34, 165), path(4, 1, 34, 50, 165)]);
    const best = [1, 34, 165].map((id) => g.nodes.find((n) => n.id === id)!);
    expect(best.map((n) => n.row)).toEqual([0, 0, 0]);
    for (const n of g.nodes) {
      if (![1, 34, 165].includes(n.id)) expect(n.row).toBeGreaterThan(0);
    }
    // Two people never share a spot.
    expect(new Set(g.nodes.map((n) => `${n.column}:${n.row}`)).size).toBe(g.nodes.length);
  });

  it("copes with paths that cross in opposite directions", () => {
    // A then B in one path, B then A in the other: one of the two steps has to point left.
    const g = pathGraph([path(1, 1, 5, 6, 9), path(2, 1, 6, 5, 9)]);
    expect(g.nodes.map((n) => n.id).sort()).toEqual([1, 5, 6, 9]);
    expect(g.nodes.find((n) => n.id === 9)?.column).toBe(g.columns - 1);
    expect(new Set(g.nodes.map((n) => `${n.column}:${n.row}`)).size).toBe(4);
  });

  it("draws a direct relationship as two columns", () => {
    const g = pathGraph([path(1, 1, 2)]);
    expect(g.nodes.map((n) => [n.id, n.column])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect(g.columns).toBe(2);
  });

  it("is the same whatever order the paths come in", () => {
    const a = [path(1, 1, 34, 165), path(2, 1, 35, 34, 165), path(3, 2, 36, 165)];
    expect(pathGraph([...a].reverse())).toEqual(pathGraph(a));
  });
});
