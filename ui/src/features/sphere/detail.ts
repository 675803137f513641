// Level of detail for a big sphere (tens of thousands of people), as plain functions the
// renderer's reducers and the scene worker call:
// - zoomed out, each organization is one disc per ring with its head count (a cluster), not
//   hundreds of dots; zoomed in, the people themselves;
// - zoomed in, only the people in and around the view (at most a budget, the most important
//   first) and the strongest ties among them: without a GPU, every item handed to the
//   renderer costs on every frame, drawn or hidden;
// - labels go to the most important people first: ring, then the strength of their strongest
//   tie and how many ties they have. The renderer's label grid keeps the largest node of each
//   screen cell, so importance is carried by the node's size (one label per cell, no overlap).
import type { Ring } from "../../bindings/commands";
import type { BandRing, SphereLayout } from "./layout";

/** More people or ties than this and the sphere is drawn with level of detail. */
export function isCrowded(g: { order: number; size: number }): boolean {
  return g.order > 2500 || g.size > 8000;
}

/**
 * People a crowded sphere draws at most at once. Without a GPU every drawn item costs on every
 * frame, so the renderer is given only what the level of detail shows, never the whole network.
 */
export const PEOPLE_BUDGET = 1200;
/** Ties drawn at most at once, strongest first, among the people drawn. */
export const TIE_BUDGET = 1500;
/** Clusters drawn at most (the largest organizations'); smaller ones show as you zoom in. */
export const CLUSTER_BUDGET = 500;

/**
 * Zoomed out further than this camera ratio (1 = the whole sphere), a crowded sphere shows
 * clusters: the ratio at which about `PEOPLE_BUDGET` of its `people` are in view (the view's
 * area goes with the square of the ratio), never above 0.8.
 */
export function clustersFromRatio(people: number): number {
  return Math.min(0.8, Math.sqrt(PEOPLE_BUDGET / Math.max(1, people)));
}

export type Detail = "clusters" | "people";

/** What a sphere shows at a camera ratio: a small one always its people. */
export function detailAt(ratio: number, crowded: boolean, people: number): Detail {
  return crowded && ratio > clustersFromRatio(people) ? "clusters" : "people";
}

/** A rectangle in graph coordinates. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The box around `view` with `margin` of its size added on every side (what is drawn, to pan into). */
export function around(view: Box, margin: number): Box {
  const dx = (view.x1 - view.x0) * margin;
  const dy = (view.y1 - view.y0) * margin;
  return { x0: view.x0 - dx, y0: view.y0 - dy, x1: view.x1 + dx, y1: view.y1 + dy };
}

export function inside(p: { x: number; y: number }, b: Box): boolean {
  return p.x >= b.x0 && p.x <= b.x1 && p.y >= b.y0 && p.y <= b.y1;
}

export function contains(outer: Box, inner: Box): boolean {
  return inner.x0 >= outer.x0 && inner.x1 <= outer.x1 && inner.y0 >= outer.y0 && inner.y1 <= outer.y1;
}

/**
 * The people to draw: those in `box` (all of them with no box), in order of importance, at
 * most `budget`; the people in `keep` (you, the highlighted, the person found) always.
 */
export function pickPeople<T extends { key: string; x: number; y: number }>(
  byImportance: Iterable<T>,
  box: Box | null,
  budget: number,
  keep: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>(keep);
  let n = 0;
  for (const p of byImportance) {
    if (n >= budget) break;
    if (out.has(p.key) || (box && !inside(p, box))) continue;
    out.add(p.key);
    n += 1;
  }
  return out;
}

/** The ties to draw: strongest first, both ends drawn, at most `budget`; the ones in `keep` always. */
export function pickTies<T extends { key: string; a: string; b: string }>(
  byStrength: Iterable<T>,
  drawn: ReadonlySet<string>,
  budget: number,
  keep: ReadonlySet<string>,
): T[] {
  const out: T[] = [];
  let n = 0;
  for (const t of byStrength) {
    if (!drawn.has(t.a) || !drawn.has(t.b)) continue;
    if (keep.has(t.key)) out.push(t);
    else if (n < budget) {
      out.push(t);
      n += 1;
    }
  }
  return out;
}

const RING_RANK: Record<Ring, number> = { centre: 0, inner: 1, outer: 2, beyond: 3 };

export interface ImportanceInput {
  id: number;
  ring: Ring;
  name: string;
}

/**
 * Within a ring, how much a person matters on the map (0–1): the strength of their strongest
 * tie (60 %) and how connected they are (40 %, by log degree against the best connected).
 */
export function standing(strongest: number, degree: number, maxDegree: number): number {
  const s = Math.max(0, Math.min(1, strongest));
  const d = maxDegree > 0 ? Math.log1p(degree) / Math.log1p(maxDegree) : 0;
  return 0.6 * s + 0.4 * d;
}

/** Per person: their strongest tie and their number of ties. */
export function tieStats(ties: readonly { a: number; b: number; strength: number }[]): Map<number, { strongest: number; degree: number }> {
  const stats = new Map<number, { strongest: number; degree: number }>();
  const count = (id: number, strength: number) => {
    const s = stats.get(id);
    if (s) {
      s.degree += 1;
      if (strength > s.strongest) s.strongest = strength;
    } else stats.set(id, { strongest: strength, degree: 1 });
  };
  for (const t of ties) {
    count(t.a, t.strength);
    count(t.b, t.strength);
  }
  return stats;
}

/**
 * People by label importance: ring first (you, then inner, outer, beyond), then standing, then
 * name. Returns each person's standing as well, for the node sizes.
 */
export function importanceOrder(
  people: readonly ImportanceInput[],
  ties: readonly { a: number; b: number; strength: number }[],
): { order: number[]; standing: Map<number, number> } {
  const stats = tieStats(ties);
  let maxDegree = 0;
  for (const s of stats.values()) maxDegree = Math.max(maxDegree, s.degree);
  const score = new Map<number, number>();
  // Sort keys computed once: 30,000 people sort in a few milliseconds.
  const keyed = people.map((p) => {
    const s = stats.get(p.id);
    const value = s ? standing(s.strongest, s.degree, maxDegree) : 0;
    score.set(p.id, value);
    return { id: p.id, ring: RING_RANK[p.ring], value, name: p.name };
  });
  keyed.sort((a, b) => a.ring - b.ring || b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
  const order = keyed.map((k) => k.id);
  return { order, standing: score };
}

/** Tie ids, strongest first (ties broken by id): a tie's index is its rank. */
export function tiesByStrength(ties: readonly { id: number; strength: number }[]): number[] {
  return [...ties].sort((a, b) => b.strength - a.strength || a.id - b.id).map((t) => t.id);
}

export interface Cluster {
  /** `cluster:<sector key>:<ring>`, the node key. */
  key: string;
  sector: string;
  organization_id: number | null;
  ring: BandRing;
  label: string;
  count: number;
  /** Where the disc sits: the centroid of its people. */
  x: number;
  y: number;
}

/**
 * One cluster per organization and ring, at the centroid of its people (who share a wedge of
 * the band, so the centroid lies among them). People with no organization form one per ring.
 */
export function clustersOf(
  layout: Pick<SphereLayout, "positions">,
  people: readonly { id: number; ring: Ring; organization_id: number | null; organization_name: string | null }[],
): Cluster[] {
  const acc = new Map<string, Cluster>();
  for (const p of people) {
    if (p.ring === "centre") continue;
    const at = layout.positions.get(p.id);
    if (!at) continue;
    const sector = p.organization_id === null ? "none" : `org:${p.organization_id}`;
    const key = `cluster:${sector}:${p.ring}`;
    let c = acc.get(key);
    if (!c) {
      const label = p.organization_id === null ? "No organization" : (p.organization_name ?? `Organization ${p.organization_id}`);
      c = { key, sector, organization_id: p.organization_id, ring: p.ring, label, count: 0, x: 0, y: 0 };
      acc.set(key, c);
    }
    c.count += 1;
    c.x += at.x;
    c.y += at.y;
  }
  const out = [...acc.values()];
  for (const c of out) {
    c.x /= c.count;
    c.y /= c.count;
  }
  return out.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

/** A cluster's label: the organization and its head count in that ring. */
export function clusterLabel(c: Pick<Cluster, "label" | "count">): string {
  const name = c.label.length > 22 ? `${c.label.slice(0, 21)}…` : c.label;
  return `${name} · ${c.count.toLocaleString("en-GB")}`;
}

/** A cluster's disc size (in the renderer's pixels at zoom 1): grows with the square root of its head count. */
export function clusterSize(count: number, base: number): number {
  return Math.min(base * 6, base * (1 + 0.5 * Math.sqrt(Math.max(0, count - 1))));
}

export interface LabelCandidate {
  /** The label's box on screen. */
  box: Box;
  /** Larger first: the node's size carries its importance (ring, standing; clusters by head count). */
  priority: number;
  /** Always shown (you, the highlighted, the person found), placed before the others. */
  forced: boolean;
}

/**
 * Which labels to draw: the forced ones, then by priority, each only where it overlaps no
 * label already placed — so as many fit as the view has room for, the most important first.
 * Returns the indices of the labels to draw.
 */
export function placeLabels(candidates: readonly LabelCandidate[]): number[] {
  const order = candidates
    .map((_, i) => i)
    .sort((i, j) => {
      const a = candidates[i]!;
      const b = candidates[j]!;
      return Number(b.forced) - Number(a.forced) || b.priority - a.priority || i - j;
    });
  const placed: Box[] = [];
  const out: number[] = [];
  for (const i of order) {
    const c = candidates[i]!;
    const clash = placed.some((p) => c.box.x0 < p.x1 && c.box.x1 > p.x0 && c.box.y0 < p.y1 && c.box.y1 > p.y0);
    if (clash && !c.forced) continue;
    placed.push(c.box);
    out.push(i);
  }
  return out;
}
