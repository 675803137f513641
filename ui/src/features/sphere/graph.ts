// The sphere as a graphology graph for sigma: people as nodes placed by the layout, coloured
// by ring; ties as edges, thicker and more opaque when stronger. Plus the filters and the
// highlighted warm path, as plain functions the renderer's reducers call.
import Graph from "graphology";
import type { Ring, SpherePerson, SphereView } from "../../bindings/commands";
import { CLUSTER_BUDGET, clusterLabel, clusterSize, isCrowded, PEOPLE_BUDGET, pickPeople, pickTies, TIE_BUDGET, type Box, type Detail } from "./detail";
import type { BandRing } from "./layout";
import type { Scene } from "./scene";

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  ring: Ring;
  zIndex: number;
  /** A cluster node (an organization's people in one ring, zoomed out): its head count. */
  cluster: { count: number; organization_id: number | null } | null;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  strength: number;
  /** Rank by strength (0 = the strongest): crowded spheres draw the strongest first. */
  rank: number;
  zIndex: number;
}

export type SphereGraph = Graph<NodeAttrs, EdgeAttrs>;

/** Solid colours of the rings (the `--ring-*` tokens) and of the ties. */
export type Palette = Record<Ring, string> & { tie: string };

/** Reads the ring colours from the design tokens, so the canvas and the page agree. */
export function paletteFrom(style: Pick<CSSStyleDeclaration, "getPropertyValue">): Palette {
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    centre: read("--ring-centre", "#7c3aed"),
    inner: read("--ring-inner", "#059669"),
    outer: read("--ring-outer", "#2563eb"),
    beyond: read("--ring-beyond", "#8391a7"),
    tie: read("--color-text-secondary", "#475569"),
  };
}

/**
 * `#rrggbb` seen at `alpha` over white, as an opaque `#rrggbb`. Sigma's WebGL canvas is
 * composited as premultiplied alpha, so translucent colours would come out too light; opaque
 * tints look the same on the sphere's white and stay exact.
 */
export function tint(hex: string, alpha: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return hex;
  const n = parseInt(m[1], 16);
  const a = Math.max(0, Math.min(1, alpha));
  const mix = (c: number) => Math.round(255 - (255 - c) * a);
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => mix(c).toString(16).padStart(2, "0")).join("")}`;
}

const RING_ORDER: Record<Ring, number> = { centre: 0, inner: 1, outer: 2, beyond: 3 };

/** Node and edge sizes (pixels at the default zoom), smaller as the sphere fills up. */
export function sizes(people: number, ties: number): { node: number; centre: number; edgeMin: number; edgeMax: number } {
  const node = Math.min(7, Math.max(2.2, 60 / Math.sqrt(Math.max(people, 1))));
  const crowded = ties > 4000;
  return { node, centre: Math.max(10, node * 2.2), edgeMin: 0.25, edgeMax: crowded ? 1.6 : 3.2 };
}

/**
 * The graph of a scene: people placed by the layout, sized by ring and standing (so the label
 * grid names the most important first), in order of importance; each tie with its rank by
 * strength; and, when the sphere is crowded, one cluster node per organization and ring.
 */
export function buildGraph(view: SphereView, scene: Scene, palette: Palette): SphereGraph {
  const graph: SphereGraph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const { layout } = scene;
  const s = sizes(view.people.length, view.ties.length);
  const byId = new Map(view.people.map((p) => [p.id, p]));
  for (const id of scene.order) {
    const p = byId.get(id);
    const at = layout.positions.get(id);
    if (!p || !at) continue;
    const base = p.ring === "centre" ? s.centre : p.ring === "inner" ? s.node * 1.35 : s.node;
    graph.addNode(String(p.id), {
      x: at.x,
      y: at.y,
      size: p.ring === "centre" ? base : base * (0.85 + 0.5 * (scene.standing.get(id) ?? 0)),
      color: palette[p.ring],
      label: p.name,
      ring: p.ring,
      zIndex: 4 - RING_ORDER[p.ring],
      cluster: null,
    });
  }
  const crowded = isCrowded({ order: view.people.length, size: view.ties.length });
  if (crowded) {
    for (const c of scene.clusters) {
      graph.addNode(c.key, {
        x: c.x,
        y: c.y,
        size: clusterSize(c.count, s.node * 1.2),
        color: tint(palette[c.ring], 0.78),
        label: clusterLabel(c),
        ring: c.ring,
        zIndex: 2,
        cluster: { count: c.count, organization_id: c.organization_id },
      });
    }
  }
  // A crowded sphere's ties are added after its first drawing, a slice at a time
  // (`tiePainter`): its first drawing needs only the clusters.
  if (!crowded) tiePainter(view, scene, palette)(graph, 0, view.ties.length);
  return graph;
}

/**
 * Adds ties `from`..`to` of the view to the graph, each with its size, colour (the ring of its
 * outer end, lighter when weaker) and rank by strength. Ties to people the graph does not hold
 * are skipped.
 */
export function tiePainter(view: SphereView, scene: Scene, palette: Palette): (graph: SphereGraph, from: number, to: number) => void {
  const s = sizes(view.people.length, view.ties.length);
  const rank = new Map(scene.tieOrder.map((id, i) => [id, i]));
  // Faint when many, so 20,000 ties read as a texture rather than a blot.
  const faint = view.ties.length > 4000;
  const tints = new Map<string, string>();
  return (graph, from, to) => {
    for (let i = from; i < Math.min(to, view.ties.length); i++) {
      const t = view.ties[i];
      if (!t) continue;
      const a = String(t.a);
      const b = String(t.b);
      if (a === b || !graph.hasNode(a) || !graph.hasNode(b) || graph.hasEdge(a, b)) continue;
      const ra = graph.getNodeAttribute(a, "ring");
      const rb = graph.getNodeAttribute(b, "ring");
      // A tie takes the colour of its outer end's ring: ties into the inner ring are green…
      const outer = RING_ORDER[ra] >= RING_ORDER[rb] ? ra : rb;
      const strength = Math.max(0, Math.min(1, t.strength));
      // Twenty shades per ring are plenty, and spare a string per tie.
      const step = Math.round(strength * 20) / 20;
      const shade = `${outer}:${step}`;
      let color = tints.get(shade);
      if (color === undefined) {
        color = tint(outer === "centre" ? palette.tie : palette[outer], faint ? 0.12 + 0.4 * step : 0.14 + 0.5 * step);
        tints.set(shade, color);
      }
      graph.addEdgeWithKey(String(t.id), a, b, {
        size: s.edgeMin + (s.edgeMax - s.edgeMin) * strength,
        color,
        strength,
        rank: rank.get(t.id) ?? Number.MAX_SAFE_INTEGER,
        zIndex: Math.round(strength * 10),
      });
    }
  };
}

/** The whole graph in the orders a crowded sphere picks from: people by importance, ties by strength. */
export interface DisplayIndex {
  people: { key: string; x: number; y: number }[];
  clusters: string[];
  ties: { key: string; a: string; b: string }[];
}

export function displayIndex(full: SphereGraph): DisplayIndex {
  const people: DisplayIndex["people"] = [];
  const clusters: string[] = [];
  full.forEachNode((key, a) => {
    if (a.cluster) clusters.push(key);
    else people.push({ key, x: a.x, y: a.y });
  });
  const slots: DisplayIndex["ties"] = [];
  full.forEachEdge((key, a, source, target) => {
    slots[a.rank] = { key, a: source, b: target };
  });
  return { people, clusters, ties: slots.filter((t) => t !== undefined) };
}

/**
 * What a crowded sphere hands the renderer at one level of detail: zoomed out, the largest
 * clusters (up to `CLUSTER_BUDGET`) and the people in `keep` (you, the highlighted, the person found); zoomed in (or filtered),
 * the people in `box` that pass the filter, most important first up to `PEOPLE_BUDGET`, and
 * the strongest ties among them up to `TIE_BUDGET` (ties in `keepTies` always).
 */
export function displayGraph(
  full: SphereGraph,
  index: DisplayIndex,
  at: { detail: Detail; box: Box | null; visible: ReadonlySet<string> | null; keep: ReadonlySet<string>; keepTies: ReadonlySet<string> },
): SphereGraph {
  const g: SphereGraph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const keep = new Set([...at.keep].filter((k) => full.hasNode(k) && (!at.visible || at.visible.has(k))));
  let nodes: Set<string>;
  if (at.detail === "clusters" && !at.visible) {
    nodes = new Set([...keep, ...index.clusters.slice(0, CLUSTER_BUDGET)]);
  } else {
    const candidates = at.visible ? index.people.filter((p) => at.visible?.has(p.key)) : index.people;
    // A filter that leaves few enough people shows them all, wherever the camera is.
    const box = at.visible && candidates.length <= PEOPLE_BUDGET ? null : at.box;
    nodes = pickPeople(candidates, box, PEOPLE_BUDGET, keep);
  }
  for (const key of nodes) g.addNode(key, full.getNodeAttributes(key));
  for (const t of pickTies(index.ties, nodes, TIE_BUDGET, at.keepTies)) g.addEdgeWithKey(t.key, t.a, t.b, full.getEdgeAttributes(t.key));
  return g;
}

export interface SphereFilter {
  ring: BandRing | null;
  /** An organization's id, "none" for people with no organization, or null for all. */
  organization: number | "none" | null;
  tag: string | null;
}

export const NO_FILTER: SphereFilter = Object.freeze({ ring: null, organization: null, tag: null });

export function isFiltered(f: SphereFilter): boolean {
  return f.ring !== null || f.organization !== null || f.tag !== null;
}

/** Whether a person passes the filters; the user at the centre always does. */
export function matches(p: Pick<SpherePerson, "ring" | "organization_id" | "tags">, f: SphereFilter): boolean {
  if (p.ring === "centre") return true;
  if (f.ring !== null && p.ring !== f.ring) return false;
  if (f.organization === "none" && p.organization_id !== null) return false;
  if (typeof f.organization === "number" && p.organization_id !== f.organization) return false;
  if (f.tag !== null && !p.tags.includes(f.tag)) return false;
  return true;
}

export interface Highlight {
  nodes: Set<string>;
  edges: Set<string>;
  /** Suggested introductions: pairs of people drawn joined by a dashed line (node keys). */
  pairs: [string, string][];
  /** People of the path the sphere does not hold (deleted since). */
  missing: number;
}

/** The nodes and edges of a warm path (people from start to target) on the graph. */
export function pathHighlight(graph: SphereGraph, path: readonly number[]): Highlight {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  let missing = 0;
  path.forEach((id, i) => {
    const key = String(id);
    if (graph.hasNode(key)) nodes.add(key);
    else missing += 1;
    const next = path[i + 1];
    if (next !== undefined && graph.hasNode(key) && graph.hasNode(String(next))) {
      const edge = graph.edge(key, String(next));
      if (edge !== undefined) edges.add(edge);
    }
  });
  return { nodes, edges, pairs: [], missing };
}

/**
 * What the route asks to highlight, on the graph: a warm path, people (Today's items) and
 * suggested introductions (pairs, both people highlighted and joined). People the sphere does
 * not hold are counted in `missing` (each once); a pair with one of them is left out.
 */
export function routeHighlight(
  graph: SphereGraph,
  asked: { path?: readonly number[] | undefined; people?: readonly number[] | undefined; pairs?: readonly (readonly [number, number])[] | undefined },
): Highlight | null {
  const path = asked.path && asked.path.length > 1 ? asked.path : [];
  const people = asked.people ?? [];
  const pairs = asked.pairs ?? [];
  if (!path.length && !people.length && !pairs.length) return null;
  const h = pathHighlight(graph, path);
  const absent = new Set<number>(path.filter((id) => !graph.hasNode(String(id))));
  const mark = (id: number) => {
    if (graph.hasNode(String(id))) h.nodes.add(String(id));
    else absent.add(id);
  };
  for (const id of people) mark(id);
  for (const [a, b] of pairs) {
    mark(a);
    mark(b);
    if (a !== b && graph.hasNode(String(a)) && graph.hasNode(String(b))) h.pairs.push([String(a), String(b)]);
  }
  h.missing = absent.size;
  return h;
}

/** Tags in use, most used first (for the tag filter). */
export function tagsOf(people: readonly Pick<SpherePerson, "tags">[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of people) for (const t of p.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag, "en"));
}

/** Organizations in use, by name (for the organization filter). */
export function organizationsOf(
  people: readonly Pick<SpherePerson, "organization_id" | "organization_name">[],
): { id: number; name: string; count: number }[] {
  const counts = new Map<number, { id: number; name: string; count: number }>();
  for (const p of people) {
    if (p.organization_id === null) continue;
    const o = counts.get(p.organization_id);
    if (o) o.count += 1;
    else counts.set(p.organization_id, { id: p.organization_id, name: p.organization_name ?? `Organization ${p.organization_id}`, count: 1 });
  }
  return [...counts.values()].sort((a, b) => a.name.localeCompare(b.name, "en") || a.id - b.id);
}
