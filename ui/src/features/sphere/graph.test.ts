import { describe, expect, it } from "vitest";
import type { SpherePerson, SphereView } from "../../bindings/commands";
import {
  buildGraph,
  isFiltered,
  matches,
  NO_FILTER,
  organizationsOf,
  paletteFrom,
  pathHighlight,
  routeHighlight,
  tagsOf,
  tint,
  type Palette,
} from "./graph";
import { computeScene } from "./scene";

const person = (id: number, patch: Partial<SpherePerson> = {}): SpherePerson => ({
  id,
  name: `Person ${id}`,
  title: "",
  organization_id: null,
  organization_name: null,
  ring: "outer",
  is_team: false,
  tags: [],
  connected: true,
  ...patch,
});

const view: SphereView = {
  me: 1,
  people: [
    person(1, { name: "Me", ring: "centre" }),
    person(2, { ring: "inner", organization_id: 10, organization_name: "Acme", tags: ["champion"] }),
    person(3, { organization_id: 10, organization_name: "Acme", tags: ["decision-maker", "champion"] }),
    person(4, { ring: "beyond", organization_id: 11, organization_name: "Beta Bank" }),
  ],
  ties: [
    { id: 100, a: 1, b: 2, strength: 0.9 },
    { id: 101, a: 2, b: 3, strength: 0.4 },
    { id: 102, a: 3, b: 4, strength: 0.05 },
  ],
};

function hexRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const palette: Palette = { centre: "#7c3aed", inner: "#059669", outer: "#2563eb", beyond: "#8391a7", tie: "#475569" };

describe("buildGraph", () => {
  const graph = buildGraph(view, computeScene(view.people, view.ties), palette);

  it("has a node per person, coloured by ring, and an edge per tie", () => {
    expect(graph.order).toBe(4);
    expect(graph.size).toBe(3);
    expect(graph.getNodeAttribute("1", "color")).toBe("#7c3aed");
    expect(graph.getNodeAttribute("2", "color")).toBe("#059669");
    expect(graph.getNodeAttribute("4", "label")).toBe("Person 4");
    expect(graph.getNodeAttribute("1", "size")).toBeGreaterThan(graph.getNodeAttribute("3", "size"));
  });

  it("draws stronger ties thicker, in the colour of their outer end's ring", () => {
    expect(graph.getEdgeAttribute("100", "size")).toBeGreaterThan(graph.getEdgeAttribute("101", "size"));
    expect(graph.getEdgeAttribute("101", "size")).toBeGreaterThan(graph.getEdgeAttribute("102", "size"));
    // Inner green for the tie into the inner ring, beyond grey for the one into beyond; weaker is lighter.
    const [r, g, b] = hexRgb(graph.getEdgeAttribute("100", "color"));
    expect(g).toBeGreaterThan(r);
    expect(g).toBeGreaterThan(b);
    const weak = hexRgb(graph.getEdgeAttribute("102", "color"));
    expect(Math.min(...weak)).toBeGreaterThan(Math.min(r, g, b));
  });

  it("skips ties to people it does not hold", () => {
    const g = buildGraph({ ...view, ties: [...view.ties, { id: 103, a: 4, b: 99, strength: 1 }] }, computeScene(view.people, view.ties), palette);
    expect(g.size).toBe(3);
  });
});

describe("filters", () => {
  it("keep everyone when empty, and always keep the centre", () => {
    expect(isFiltered(NO_FILTER)).toBe(false);
    for (const p of view.people) expect(matches(p, NO_FILTER)).toBe(true);
    expect(matches(view.people[0]!, { ring: "beyond", organization: 99, tag: "nobody" })).toBe(true);
  });

  it("filter by ring, organization (or none) and tag together", () => {
    const ids = (f: Parameters<typeof matches>[1]) => view.people.filter((p) => matches(p, f)).map((p) => p.id);
    expect(ids({ ...NO_FILTER, ring: "inner" })).toEqual([1, 2]);
    expect(ids({ ...NO_FILTER, organization: 10 })).toEqual([1, 2, 3]);
    expect(ids({ ...NO_FILTER, organization: "none" })).toEqual([1]);
    expect(ids({ ...NO_FILTER, tag: "champion" })).toEqual([1, 2, 3]);
    expect(ids({ ring: "outer", organization: 10, tag: "champion" })).toEqual([1, 3]);
  });

  it("list tags by use and organizations by name", () => {
    expect(tagsOf(view.people)).toEqual([
      { tag: "champion", count: 2 },
      { tag: "decision-maker", count: 1 },
    ]);
    expect(organizationsOf(view.people)).toEqual([
      { id: 10, name: "Acme", count: 2 },
      { id: 11, name: "Beta Bank", count: 1 },
    ]);
  });
});

describe("pathHighlight", () => {
  const graph = buildGraph(view, computeScene(view.people, view.ties), palette);

  it("finds the people and the relationships of a path", () => {
    const h = pathHighlight(graph, [1, 2, 3, 4]);
    expect([...h.nodes]).toEqual(["1", "2", "3", "4"]);
    expect([...h.edges].sort()).toEqual(["100", "101", "102"]);
    expect(h.missing).toBe(0);
  });

  it("counts people the sphere no longer holds", () => {
    const h = pathHighlight(graph, [1, 2, 77]);
    expect(h.missing).toBe(1);
    expect([...h.edges]).toEqual(["100"]);
  });
});

describe("routeHighlight", () => {
  const graph = buildGraph(view, computeScene(view.people, view.ties), palette);

  it("is nothing when the route asks for nothing", () => {
    expect(routeHighlight(graph, {})).toBeNull();
    expect(routeHighlight(graph, { path: [1], people: [], pairs: [] })).toBeNull();
  });

  it("marks Today's people and both ends of each suggested pair, joined by a line", () => {
    const h = routeHighlight(graph, { people: [3], pairs: [[2, 4]] })!;
    expect([...h.nodes].sort()).toEqual(["2", "3", "4"]);
    expect(h.pairs).toEqual([["2", "4"]]);
    expect(h.edges.size).toBe(0);
    expect(h.missing).toBe(0);
  });

  it("counts each person it no longer holds once, and leaves out their pairs", () => {
    const h = routeHighlight(graph, { path: [1, 2], people: [77, 3], pairs: [[2, 77], [3, 4]] })!;
    expect(h.missing).toBe(1);
    expect(h.pairs).toEqual([["3", "4"]]);
    expect([...h.edges]).toEqual(["100"]);
  });
});

describe("colours", () => {
  it("read the ring tokens, with the defaults as a fallback", () => {
    const style = { getPropertyValue: (name: string) => (name === "--ring-inner" ? " #00ff00 " : "") };
    const p = paletteFrom(style);
    expect(p.inner).toBe("#00ff00");
    expect(p.centre).toBe("#7c3aed");
  });

  it("tint a colour towards white, staying opaque", () => {
    expect(tint("#2563eb", 1)).toBe("#2563eb");
    expect(tint("#2563eb", 0)).toBe("#ffffff");
    expect(tint("#000000", 0.5)).toBe("#808080");
    expect(tint("not a colour", 0.5)).toBe("not a colour");
  });
});
