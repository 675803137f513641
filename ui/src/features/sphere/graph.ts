// The sphere as a graphology graph for sigma: people as nodes placed by the layout, coloured
// by ring; ties as edges, thicker and more opaque when stronger. Plus the filters and the
// highlighted warm path, as plain functions the renderer's reducers call.
import Graph from "graphology";
import type { Ring, SpherePerson, SphereView } from "../../bindings/commands";
import type { BandRing, SphereLayout } from "./layout";

export interface NodeAttrs {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  ring: Ring;
  zIndex: number;
}

export interface EdgeAttrs {
  size: number;
  color: string;
  strength: number;
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

/**
 * A crowded sphere (thousands of people or ties) is drawn with less work per frame: hovering
 * highlights a person's ties without fading everyone else (which would redraw everything),
 * and, zoomed out, ties weaker than `WEAK_TIE` wait until the user zooms in.
 */
export function isCrowded(g: { order: number; size: number }): boolean {
  return g.order > 2500 || g.size > 8000;
}

export const WEAK_TIE = 0.15;
/** Zoomed out further than this camera ratio (1 = the whole sphere), weak ties are left out. */
export const WEAK_TIES_FROM_RATIO = 0.5;

/** Whether a tie is left out at this zoom. */
export function hideWeakTie(strength: number, crowded: boolean, cameraRatio: number): boolean {
  return crowded && cameraRatio > WEAK_TIES_FROM_RATIO && strength < WEAK_TIE;
}

/** Node and edge sizes (pixels at the default zoom), smaller as the sphere fills up. */
export function sizes(people: number, ties: number): { node: number; centre: number; edgeMin: number; edgeMax: number } {
  const node = Math.min(7, Math.max(2.2, 60 / Math.sqrt(Math.max(people, 1))));
  const crowded = ties > 4000;
  return { node, centre: Math.max(10, node * 2.2), edgeMin: 0.25, edgeMax: crowded ? 1.6 : 3.2 };
}

export function buildGraph(view: SphereView, layout: SphereLayout, palette: Palette): SphereGraph {
  const graph: SphereGraph = new Graph({ type: "undirected", multi: false, allowSelfLoops: false });
  const s = sizes(view.people.length, view.ties.length);
  const ringOf = new Map<number, Ring>();
  for (const p of view.people) {
    const at = layout.positions.get(p.id);
    if (!at) continue;
    ringOf.set(p.id, p.ring);
    graph.addNode(String(p.id), {
      x: at.x,
      y: at.y,
      size: p.ring === "centre" ? s.centre : p.ring === "inner" ? s.node * 1.35 : s.node,
      color: palette[p.ring],
      label: p.name,
      ring: p.ring,
      zIndex: 4 - RING_ORDER[p.ring],
    });
  }
  // Faint when many, so 20,000 ties read as a texture rather than a blot.
  const crowded = view.ties.length > 4000;
  const tints = new Map<string, string>();
  for (const t of view.ties) {
    const a = String(t.a);
    const b = String(t.b);
    if (!graph.hasNode(a) || !graph.hasNode(b) || graph.hasEdge(a, b)) continue;
    // A tie takes the colour of its outer end's ring: ties into the inner ring are green…
    const outer = [ringOf.get(t.a), ringOf.get(t.b)].reduce<Ring>(
      (acc, r) => (r && RING_ORDER[r] > RING_ORDER[acc] ? r : acc),
      "centre",
    );
    const strength = Math.max(0, Math.min(1, t.strength));
    // Twenty shades per ring are plenty, and spare a string per tie.
    const step = Math.round(strength * 20) / 20;
    const shade = `${outer}:${step}`;
    let color = tints.get(shade);
    if (color === undefined) {
      color = tint(outer === "centre" ? palette.tie : palette[outer], crowded ? 0.08 + 0.3 * step : 0.14 + 0.5 * step);
      tints.set(shade, color);
    }
    graph.addEdgeWithKey(String(t.id), a, b, {
      size: s.edgeMin + (s.edgeMax - s.edgeMin) * strength,
      color,
      strength,
      zIndex: Math.round(strength * 10),
    });
  }
  return graph;
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
  return { nodes, edges, missing };
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
