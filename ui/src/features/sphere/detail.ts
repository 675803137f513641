// Level of detail for a big sphere (tens of thousands of people), as plain functions the
// renderer's reducers and the scene worker call:
// - zoomed out, each organization is one disc per ring with its head count (a cluster), not
//   hundreds of dots; zoomed in, the people themselves;
// - ties are drawn strongest first, as many as the zoom warrants (a budget that grows as the
//   view narrows), so a zoomed-out sphere is not a grey blot that takes seconds to fill;
// - labels go to the most important people first: ring, then the strength of their strongest
//   tie and how many ties they have. The renderer's label grid keeps the largest node of each
//   screen cell, so importance is carried by the node's size (one label per cell, no overlap).
import type { Ring } from "../../bindings/commands";
import type { BandRing, SphereLayout } from "./layout";

/** More people or ties than this and the sphere is drawn with level of detail. */
export function isCrowded(g: { order: number; size: number }): boolean {
  return g.order > 2500 || g.size > 8000;
}

/** Zoomed out further than this camera ratio (1 = the whole sphere), a crowded sphere shows clusters. */
export const CLUSTERS_FROM_RATIO = 0.42;

export type Detail = "clusters" | "people";

/** What a crowded sphere shows at a camera ratio; a small one always shows its people. */
export function detailAt(ratio: number, crowded: boolean): Detail {
  return crowded && ratio > CLUSTERS_FROM_RATIO ? "clusters" : "people";
}

/** Ties a crowded sphere draws at the whole-sphere zoom. */
export const TIE_BUDGET = 2500;

/**
 * How many ties (strongest first) a crowded sphere draws at a camera ratio: the budget grows
 * with the square of the zoom (the visible area shrinks as fast), in steps of powers of two so
 * the renderer redraws everything only when a step is crossed. A small sphere draws them all.
 */
export function tieLimit(ratio: number, crowded: boolean, total: number): number {
  if (!crowded) return total;
  const zoom = 1 / Math.max(ratio, 1e-3);
  const step = 2 ** Math.floor(Math.log2(zoom * zoom));
  return Math.min(total, TIE_BUDGET * Math.max(1, step));
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
  for (const t of ties) {
    for (const id of [t.a, t.b]) {
      const s = stats.get(id);
      if (s) {
        s.degree += 1;
        if (t.strength > s.strongest) s.strongest = t.strength;
      } else stats.set(id, { strongest: t.strength, degree: 1 });
    }
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
  for (const p of people) {
    const s = stats.get(p.id);
    score.set(p.id, s ? standing(s.strongest, s.degree, maxDegree) : 0);
  }
  const order = [...people]
    .sort(
      (a, b) =>
        RING_RANK[a.ring] - RING_RANK[b.ring] ||
        (score.get(b.id) ?? 0) - (score.get(a.id) ?? 0) ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id),
    )
    .map((p) => p.id);
  return { order, standing: score };
}

/** Tie ids, strongest first (ties broken by id): a tie's index is its rank for `tieLimit`. */
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
  return Math.min(base * 9, base * (1 + 0.55 * Math.sqrt(Math.max(0, count - 1))));
}
