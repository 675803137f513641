import { describe, expect, it } from "vitest";
import type { SpherePerson, SphereView } from "../../bindings/commands";
import {
  around,
  CLUSTER_BUDGET,
  clusterLabel,
  clustersFromRatio,
  clustersOf,
  contains,
  detailAt,
  importanceOrder,
  isCrowded,
  PEOPLE_BUDGET,
  pickPeople,
  pickTies,
  placeLabels,
  standing,
  TIE_BUDGET,
  tiesByStrength,
  type Box,
} from "./detail";
import { buildGraph, displayGraph, displayIndex, tiePainter, type Palette } from "./graph";
import { computeScene } from "./scene";

describe("clusters or people", () => {
  it("a small sphere always shows its people", () => {
    expect(isCrowded({ order: 300, size: 1200 })).toBe(false);
    expect(detailAt(1.6, false, 300)).toBe("people");
  });

  it("a crowded sphere shows clusters until about the people budget is in view", () => {
    expect(isCrowded({ order: 5000, size: 20000 })).toBe(true);
    expect(isCrowded({ order: 2000, size: 9000 })).toBe(true);
    // 30,000 people: the view holds ratio² of them, so people from ratio √(1200/30000) = 0.2.
    expect(clustersFromRatio(30000)).toBeCloseTo(0.2, 5);
    expect(detailAt(1, true, 30000)).toBe("clusters");
    expect(detailAt(0.21, true, 30000)).toBe("clusters");
    expect(detailAt(0.19, true, 30000)).toBe("people");
    // Fewer people: they show sooner, but never at the whole-sphere zoom.
    expect(clustersFromRatio(1500)).toBe(0.8);
    expect(detailAt(1, true, 1500)).toBe("clusters");
    expect(detailAt(0.7, true, 1500)).toBe("people");
  });
});

describe("which people and ties are drawn", () => {
  const people = [
    { key: "a", x: 0, y: 0 },
    { key: "b", x: 5, y: 5 },
    { key: "c", x: 1, y: 1 },
    { key: "d", x: 2, y: 2 },
  ];
  const box = { x0: -1, y0: -1, x1: 3, y1: 3 };

  it("people in the box, most important first, up to the budget; the kept ones always", () => {
    expect([...pickPeople(people, box, 10, new Set())]).toEqual(["a", "c", "d"]);
    expect([...pickPeople(people, box, 2, new Set())]).toEqual(["a", "c"]);
    // b is outside the box but highlighted: kept, and not counted against the budget.
    expect([...pickPeople(people, box, 2, new Set(["b"]))].sort()).toEqual(["a", "b", "c"]);
    expect([...pickPeople(people, null, 3, new Set())]).toEqual(["a", "b", "c"]);
  });

  it("the strongest ties whose two ends are drawn, up to the budget; the kept ones always", () => {
    const ties = [
      { key: "t1", a: "a", b: "c" },
      { key: "t2", a: "a", b: "b" },
      { key: "t3", a: "c", b: "d" },
      { key: "t4", a: "a", b: "d" },
    ];
    const drawn = new Set(["a", "c", "d"]);
    expect(pickTies(ties, drawn, 10, new Set()).map((t) => t.key)).toEqual(["t1", "t3", "t4"]);
    expect(pickTies(ties, drawn, 1, new Set()).map((t) => t.key)).toEqual(["t1"]);
    expect(pickTies(ties, drawn, 1, new Set(["t4"])).map((t) => t.key)).toEqual(["t1", "t4"]);
  });

  it("the area drawn reaches around the view, and is left when the view leaves it", () => {
    const drawnBox = around({ x0: 0, y0: 0, x1: 10, y1: 4 }, 0.5);
    expect(drawnBox).toEqual({ x0: -5, y0: -2, x1: 15, y1: 6 });
    expect(contains(drawnBox, { x0: 4, y0: 1, x1: 14, y1: 5 })).toBe(true);
    expect(contains(drawnBox, { x0: 6, y0: 1, x1: 16, y1: 5 })).toBe(false);
  });
});

describe("labels by importance", () => {
  it("rank by ring, then the strongest tie and the number of ties, then name", () => {
    const people = [
      { id: 1, ring: "centre" as const, name: "Me" },
      { id: 2, ring: "beyond" as const, name: "Zed" },
      { id: 3, ring: "outer" as const, name: "Olga" },
      { id: 4, ring: "inner" as const, name: "Ines" },
      { id: 5, ring: "outer" as const, name: "Oscar" },
      { id: 6, ring: "outer" as const, name: "Anna" },
      { id: 7, ring: "beyond" as const, name: "Bea" },
    ];
    const ties = [
      { a: 1, b: 4, strength: 0.9 },
      { a: 1, b: 3, strength: 0.3 },
      { a: 1, b: 5, strength: 0.8 },
      { a: 3, b: 2, strength: 0.2 },
      { a: 3, b: 7, strength: 0.2 },
    ];
    const { order, standing: st } = importanceOrder(people, ties);
    // Oscar (0.8 strongest) before Olga (0.3 but three ties) before Anna (no tie); in
    // beyond, Zed and Bea tie on standing and go by name.
    expect(order).toEqual([1, 4, 5, 3, 6, 7, 2]);
    expect(st.get(6)).toBe(0);
    expect(st.get(5)!).toBeGreaterThan(st.get(3)!);
  });

  it("weigh strength over degree, both within 0–1", () => {
    expect(standing(1, 10, 10)).toBeCloseTo(1, 9);
    expect(standing(0, 0, 10)).toBe(0);
    expect(standing(0.5, 10, 10)).toBeGreaterThan(standing(0.5, 1, 10));
    expect(standing(2, 3, 0)).toBeCloseTo(0.6, 9);
  });

  it("ties go strongest first, ties broken by id", () => {
    expect(tiesByStrength([{ id: 3, strength: 0.2 }, { id: 1, strength: 0.9 }, { id: 2, strength: 0.2 }])).toEqual([1, 2, 3]);
  });
});

const person = (id: number, patch: Partial<SpherePerson> = {}): SpherePerson => ({
  id,
  name: `Person ${String(id).padStart(5, "0")}`,
  title: "",
  organization_id: null,
  organization_name: null,
  ring: "beyond",
  is_team: false,
  tags: [],
  connected: true,
  ...patch,
});

/** You, and 3,000 people in 10 organizations (0–9) over the three rings, each tied to you or the one before. */
function crowdedView(): SphereView {
  const people = [person(1, { ring: "centre", name: "Me" })];
  const ties: SphereView["ties"] = [];
  for (let id = 2; id <= 3001; id++) {
    const org = id % 10;
    const ring = id % 7 === 0 ? "inner" : id % 3 === 0 ? "outer" : "beyond";
    people.push(person(id, { ring, organization_id: 100 + org, organization_name: `Org ${org}` }));
    ties.push({ id: 10_000 + id, a: ring === "beyond" ? id - 1 : 1, b: id, strength: (id % 100) / 100 });
  }
  return { me: 1, people, ties };
}

const palette: Palette = { centre: "#7c3aed", inner: "#059669", outer: "#2563eb", beyond: "#8391a7", tie: "#475569" };

describe("clusters", () => {
  const view = crowdedView();
  const scene = computeScene(view.people, view.ties);

  it("one per organization and ring, at the centroid of its people, largest first", () => {
    const cs = clustersOf(scene.layout, view.people);
    expect(cs.length).toBe(30);
    expect(cs.reduce((n, c) => n + c.count, 0)).toBe(3000);
    for (let i = 1; i < cs.length; i++) expect(cs[i - 1]!.count).toBeGreaterThanOrEqual(cs[i]!.count);
    const c = cs.find((x) => x.organization_id === 103 && x.ring === "inner")!;
    const members = view.people.filter((p) => p.organization_id === 103 && p.ring === "inner");
    expect(c.count).toBe(members.length);
    const mx = members.reduce((s, p) => s + scene.layout.positions.get(p.id)!.x, 0) / members.length;
    expect(c.x).toBeCloseTo(mx, 9);
    expect(clusterLabel(c)).toBe(`Org 3 · ${members.length}`);
    expect(clusterLabel({ label: "A very long organization name indeed", count: 1234 })).toBe("A very long organizat… · 1,234");
  });

  it("zoomed out, the renderer gets the clusters and you, not the people", () => {
    const full = buildGraph(view, scene, palette);
    const index = displayIndex(full);
    expect(index.people[0]!.key).toBe("1");
    const g = displayGraph(full, index, { detail: "clusters", box: null, visible: null, keep: new Set(["1", "42"]), keepTies: new Set() });
    const kinds = g.mapNodes((_, a) => (a.cluster ? "cluster" : "person"));
    expect(kinds.filter((k) => k === "cluster").length).toBe(Math.min(30, CLUSTER_BUDGET));
    expect(g.filterNodes((_, a) => !a.cluster).sort()).toEqual(["1", "42"]);
    expect(g.getNodeAttribute("cluster:org:103:inner", "label")).toMatch(/^Org 3 · \d+$/);
  });

  it("zoomed in, the people around the view up to the budget, and the ties among them", () => {
    const full = buildGraph(view, scene, palette);
    // A crowded graph is built without its ties (the first drawing needs only the clusters);
    // they are painted in afterwards, slice by slice.
    expect(full.size).toBe(0);
    const paint = tiePainter(view, scene, palette);
    for (let at = 0; at < view.ties.length; at += 1000) paint(full, at, at + 1000);
    expect(full.size).toBe(view.ties.length);
    const index = displayIndex(full);
    const everywhere = { x0: -1e6, y0: -1e6, x1: 1e6, y1: 1e6 };
    const g = displayGraph(full, index, { detail: "people", box: everywhere, visible: null, keep: new Set(["1"]), keepTies: new Set() });
    expect(g.order).toBe(PEOPLE_BUDGET + 1);
    expect(g.filterNodes((_, a) => !!a.cluster)).toEqual([]);
    expect(g.size, "the strongest ties among the people drawn").toBeGreaterThan(0);
    expect(g.size).toBeLessThanOrEqual(TIE_BUDGET);
    g.forEachEdge((_, __, a, b) => {
      expect(g.hasNode(a) && g.hasNode(b)).toBe(true);
    });
    // The budget goes to the most important: you and everyone in the inner ring first.
    const inner = view.people.filter((p) => p.ring === "inner").map((p) => String(p.id));
    for (const id of inner) expect(g.hasNode(id)).toBe(true);
    // A filter that leaves a few people shows them all, wherever the camera is.
    const few = new Set(["1", "2", "3000"]);
    const f = displayGraph(full, index, { detail: "clusters", box: { x0: 0, y0: 0, x1: 0, y1: 0 }, visible: few, keep: new Set(["1"]), keepTies: new Set() });
    expect(f.nodes().sort()).toEqual(["1", "2", "3000"]);
  });
});

describe("placeLabels", () => {
  const at = (x: number, y: number, w = 50): Box => ({ x0: x, y0: y, x1: x + w, y1: y + 14 });

  it("keeps the more important of two overlapping labels, and every label with room", () => {
    const chosen = placeLabels([
      { box: at(0, 0), priority: 2, forced: false },
      { box: at(30, 5), priority: 5, forced: false }, // overlaps the first, more important
      { box: at(200, 0), priority: 1, forced: false }, // room of its own
    ]);
    expect(chosen.sort()).toEqual([1, 2]);
  });

  it("always draws forced labels, placed first so the others give way", () => {
    const chosen = placeLabels([
      { box: at(0, 0), priority: 9, forced: false },
      { box: at(10, 0), priority: 1, forced: true },
      { box: at(20, 0), priority: 1, forced: true },
    ]);
    expect(chosen).toEqual([1, 2]);
  });

  it("labels side by side or one above the other do not clash", () => {
    expect(placeLabels([{ box: at(0, 0), priority: 1, forced: false }, { box: at(50, 0), priority: 1, forced: false }, { box: at(0, 14), priority: 1, forced: false }])).toEqual([0, 1, 2]);
  });
});
