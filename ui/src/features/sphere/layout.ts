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
/** The spacing between neighbours. */
const SPACING = Math.sqrt(AREA_PER_PERSON);
/** Half a unit of space on each side of a band. */
const BAND_PAD = 0.5;

/** The point at `radius` and `angle` (clockwise from the top) in y-up coordinates. */
export function polar(radius: number, angle: number): Point {
  return { x: radius * Math.sin(angle), y: radius * Math.cos(angle) };
}

/** The same order as `localeCompare(…, "en")`, several times faster over 30,000 names. */
const collator = new Intl.Collator("en");

function byName(a: LayoutPerson, b: LayoutPerson): number {
  return collator.compare(a.name, b.name) || a.id - b.id;
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
      collator.compare(a.label, b.label) ||
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

/** People a row at radius `r` seats in a sector `span` wide: as many as its arc has room for, and at least one. */
function seatsAt(r: number, span: number): number {
  return Math.max(1, Math.floor((r * span) / SPACING + 0.25));
}

/** Rows that seat `n` people in a sector `span` wide, from a band starting at `r0`. */
function rowsNeeded(n: number, r0: number, span: number): number {
  let rows = 0;
  for (let seated = 0, r = r0 + BAND_PAD; seated < n; r += SPACING, rows++) seated += seatsAt(r, span);
  return rows;
}

/**
 * Places `people` (sorted) in an annular sector, on rows from the band's inner edge outwards,
 * one spacing apart, as many rows as they need; each row spreads its people across the whole
 * sector. Every sector grows outwards from the inside of its band, so how far it reaches
 * shows how many people the organization has in that ring.
 */
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
  const span = end - start;
  // Rows one spacing apart from the band's inner edge, as many as the people need; a row
  // seats as many as its arc has room for, and at least one (a narrow sector grows as a
  // radial bar). When the band runs out of rows, its rows take more people each.
  const all: number[] = [];
  for (let r = r0 + BAND_PAD; r <= r1 - BAND_PAD + 1e-9; r += SPACING) all.push(r);
  if (all.length === 0) all.push((r0 + r1) / 2);
  const seats = (r: number) => seatsAt(r, span);
  const radii: number[] = [];
  let capacity = 0;
  for (const r of all) {
    if (capacity >= n) break;
    radii.push(r);
    capacity += seats(r);
  }
  // Row j gets a share of n proportional to its seats (never more than its seats when they
  // suffice), by largest remainder.
  const weights = radii.map(seats);
  const total = weights.reduce((a, b) => a + b, 0);
  const fits = total >= n;
  const exact = weights.map((w) => (n * w) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, j) => [e - Math.floor(e), j] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  while (left > 0) {
    for (const [, j] of order) {
      if (left > 0 && (!fits || (counts[j] ?? 0) < (weights[j] ?? 0))) {
        counts[j] = (counts[j] ?? 0) + 1;
        left -= 1;
      }
    }
  }
  let k = 0;
  radii.forEach((radius, j) => {
    const c = counts[j] ?? 0;
    for (let i = 0; i < c; i++) {
      const person = people[k++];
      if (!person) return;
      // Alternate rows shift by a quarter step, so neighbours in adjacent rows do not line up.
      const shift = radii.length > 1 && c > 1 ? (j % 2 === 0 ? -0.25 : 0.25) : 0;
      out.set(person.id, polar(radius, start + (span * (i + 0.5 + shift)) / c));
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

  // A band is as deep as the rows its most demanding sector needs, and never thinner than a
  // share of the whole (so an empty ring still reads as a ring).
  const sizeBands = (minWidth: number): Band[] => {
    let r0 = CENTRE_RADIUS;
    return BAND_RINGS.map((ring) => {
      const rows = Math.max(0, ...groups.map((g) => rowsNeeded(g.counts[ring], r0, spanOf.get(g.key) ?? TAU)));
      const deep = rows > 0 ? 2 * BAND_PAD + (rows - 1) * SPACING : 0;
      const r1 = r0 + Math.max(deep, minWidth);
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
