// Where everyone sits on the sphere: the user at the centre, then the inner, outer and beyond
// rings as concentric bands, and in every band each organization in its own angular sector —
// the same sector in every band, so an organization's clients, contacts and the people known
// through them line up along one wedge. Deterministic (no randomness, no input-order
// dependence) and pure, so it is tested on its own and computed once per data load.
import type { Ring } from "../../bindings/commands";

export interface LayoutPerson {
  id: number;
  name: string;
  ring: Ring;
  organization_id: number | null;
  organization_name: string | null;
}

export type BandRing = Exclude<Ring, "centre">;
export const BAND_RINGS: readonly BandRing[] = ["inner", "outer", "beyond"];

export interface Band {
  ring: BandRing;
  /** Radii of the band's edges. */
  inner: number;
  outer: number;
  count: number;
}

export interface Sector {
  /** `org:<id>` or `none` (people with no organization). */
  key: string;
  organization_id: number | null;
  label: string;
  /** Angles in radians, clockwise from the top. */
  start: number;
  end: number;
  count: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface SphereLayout {
  /** Graph coordinates (y up), one unit ≈ the space one person takes. */
  positions: Map<number, Point>;
  /** Radius of the disc the user sits in. */
  centreRadius: number;
  bands: Band[];
  sectors: Sector[];
  /** The outer edge of the last band. */
  radius: number;
}

const TAU = 2 * Math.PI;
const CENTRE_RADIUS = 2.5;
/** Area one person takes, in square units (a little more than 1, for air). */
const AREA_PER_PERSON = 1.15;
/** Half a unit of space on each side of a band. */
const BAND_PAD = 0.5;

/** The point at `radius` and `angle` (clockwise from the top) in y-up coordinates. */
export function polar(radius: number, angle: number): Point {
  return { x: radius * Math.sin(angle), y: radius * Math.cos(angle) };
}

function byName(a: LayoutPerson, b: LayoutPerson): number {
  return a.name.localeCompare(b.name, "en") || a.id - b.id;
}

interface Group {
  key: string;
  organization_id: number | null;
  label: string;
  counts: Record<BandRing, number>;
  total: number;
  members: Record<BandRing, LayoutPerson[]>;
}

function groupsOf(people: readonly LayoutPerson[]): Group[] {
  const groups = new Map<string, Group>();
  for (const p of people) {
    if (p.ring === "centre") continue;
    const key = p.organization_id === null ? "none" : `org:${p.organization_id}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        organization_id: p.organization_id,
        label: p.organization_id === null ? "No organization" : (p.organization_name ?? `Organization ${p.organization_id}`),
        counts: { inner: 0, outer: 0, beyond: 0 },
        total: 0,
        members: { inner: [], outer: [], beyond: [] },
      };
      groups.set(key, g);
    }
    g.counts[p.ring] += 1;
    g.total += 1;
    g.members[p.ring].push(p);
  }
  // Largest organizations first from the top, clockwise; people with no organization last.
  return [...groups.values()].sort(
    (a, b) =>
      Number(a.key === "none") - Number(b.key === "none") ||
      b.total - a.total ||
      a.label.localeCompare(b.label, "en") ||
      (a.organization_id ?? 0) - (b.organization_id ?? 0),
  );
}

/**
 * Sectors: each group's share of the circle is the largest share it has of any band, so
 * in no band is a group squeezed into less room than its people need; gaps separate them.
 */
function sectorsOf(groups: readonly Group[], ringTotals: Record<BandRing, number>): Sector[] {
  if (groups.length === 0) return [];
  const want = groups.map((g) =>
    Math.max(...BAND_RINGS.map((r) => (ringTotals[r] > 0 ? g.counts[r] / ringTotals[r] : 0))),
  );
  const sum = want.reduce((a, b) => a + b, 0);
  const gap = groups.length > 1 ? Math.min(0.04, (0.2 * TAU) / groups.length) : 0;
  const room = TAU - gap * groups.length;
  const sectors: Sector[] = [];
  let at = gap / 2;
  groups.forEach((g, i) => {
    const span = (room * (want[i] ?? 0)) / sum;
    sectors.push({ key: g.key, organization_id: g.organization_id, label: g.label, start: at, end: at + span, count: g.total });
    at += span + gap;
  });
  return sectors;
}

/** Places `people` (sorted) on rows filling an annular sector; rows get people in proportion to their length. */
function fillSector(
  people: readonly LayoutPerson[],
  r0: number,
  r1: number,
  start: number,
  end: number,
  out: Map<number, Point>,
): void {
  const n = people.length;
  if (n === 0) return;
  const inner = r0 + BAND_PAD;
  const width = Math.max(0, r1 - r0 - 2 * BAND_PAD);
  const mid = inner + width / 2;
  const span = end - start;
  const arc = mid * span;
  const spacing = Math.sqrt((arc * Math.max(width, 1e-6)) / n);
  const rows = width <= 0 ? 1 : Math.max(1, Math.min(n, Math.round(width / spacing)));
  const radii = Array.from({ length: rows }, (_, j) => (rows === 1 ? mid : inner + (width * (j + 0.5)) / rows));
  // Largest remainder: row j gets a share of n proportional to its radius.
  const total = radii.reduce((a, b) => a + b, 0);
  const exact = radii.map((r) => (n * r) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, j) => [e - Math.floor(e), j] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, j] of order) {
    if (left <= 0) break;
    counts[j] = (counts[j] ?? 0) + 1;
    left -= 1;
  }
  let k = 0;
  radii.forEach((radius, j) => {
    const c = counts[j] ?? 0;
    for (let i = 0; i < c; i++) {
      const person = people[k++];
      if (!person) return;
      // Alternate rows shift by a quarter step, so neighbours in adjacent rows do not line up.
      const shift = rows > 1 && c > 1 ? (j % 2 === 0 ? -0.25 : 0.25) : 0;
      const angle = start + (span * (i + 0.5 + shift)) / c;
      out.set(person.id, polar(radius, angle));
    }
  });
}

/** The layout of the whole sphere. */
export function layoutSphere(people: readonly LayoutPerson[]): SphereLayout {
  const sorted = [...people].sort(byName);
  const groups = groupsOf(sorted);
  const ringTotals: Record<BandRing, number> = { inner: 0, outer: 0, beyond: 0 };
  for (const g of groups) for (const r of BAND_RINGS) ringTotals[r] += g.counts[r];
  const sectors = sectorsOf(groups, ringTotals);
  const spanOf = new Map(sectors.map((s) => [s.key, s.end - s.start]));

  // A band is as large as its most crowded sector needs, and never thinner than a share of
  // the whole (so an empty ring still reads as a ring).
  const needed = BAND_RINGS.map((r) =>
    Math.max(0, ...groups.map((g) => (g.counts[r] > 0 ? (g.counts[r] * TAU) / (spanOf.get(g.key) ?? TAU) : 0))),
  );
  const sizeBands = (minWidth: number): Band[] => {
    let r0 = CENTRE_RADIUS;
    return BAND_RINGS.map((ring, i) => {
      const area = (needed[i] ?? 0) * AREA_PER_PERSON;
      const r1 = Math.max(Math.sqrt(r0 * r0 + area / Math.PI) + BAND_PAD, r0 + minWidth);
      const band = { ring, inner: r0, outer: r1, count: ringTotals[ring] };
      r0 = r1;
      return band;
    });
  };
  const first = sizeBands(2);
  const bands = sizeBands(Math.max(2, 0.14 * (first[first.length - 1]?.outer ?? 0)));

  const positions = new Map<number, Point>();
  const centre = sorted.filter((p) => p.ring === "centre");
  centre.forEach((p, i) => {
    // There is at most one centre; should there be more, they share the disc.
    positions.set(p.id, centre.length === 1 ? { x: 0, y: 0 } : polar(CENTRE_RADIUS / 2, (TAU * i) / centre.length));
  });
  const sectorOf = new Map(sectors.map((s) => [s.key, s]));
  for (const g of groups) {
    const s = sectorOf.get(g.key);
    if (!s) continue;
    for (const band of bands) fillSector(g.members[band.ring], band.inner, band.outer, s.start, s.end, positions);
  }
  return {
    positions,
    centreRadius: CENTRE_RADIUS,
    bands,
    sectors,
    radius: bands[bands.length - 1]?.outer ?? CENTRE_RADIUS,
  };
}
