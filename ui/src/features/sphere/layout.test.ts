import { describe, expect, it } from "vitest";
import type { Ring } from "../../bindings/commands";
import { layoutSphere, type LayoutPerson, type SphereLayout } from "./layout";

/** A small deterministic generator (no Math.random in tests either). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` people around one user, in `orgs` organizations of very different sizes. */
function network(n: number, orgs: number, seed = 7): LayoutPerson[] {
  const next = rng(seed);
  const people: LayoutPerson[] = [{ id: 1, name: "Me Myself", ring: "centre", organization_id: 1, organization_name: "Org 1" }];
  for (let id = 2; id <= n; id++) {
    const r = next();
    const ring: Ring = r < 0.1 ? "inner" : r < 0.45 ? "outer" : "beyond";
    // Heavy tail: a few big organizations, many small ones, some people with none.
    const o = next() < 0.05 ? null : 1 + Math.floor(orgs * next() ** 2.5);
    people.push({ id, name: `Person ${id}`, ring, organization_id: o, organization_name: o === null ? null : `Org ${o}` });
  }
  return people;
}

function radius(p: { x: number; y: number }): number {
  return Math.hypot(p.x, p.y);
}

/** Clockwise angle from the top, in [0, 2π). */
function angle(p: { x: number; y: number }): number {
  const a = Math.atan2(p.x, p.y);
  return a < 0 ? a + 2 * Math.PI : a;
}

function bandOf(layout: SphereLayout, ring: Ring) {
  const band = layout.bands.find((b) => b.ring === ring);
  if (!band) throw new Error(`no ${ring} band`);
  return band;
}

describe("layoutSphere", () => {
  const people = network(600, 40);
  const layout = layoutSphere(people);

  it("places the user at the centre and everyone else somewhere", () => {
    expect(layout.positions.get(1)).toEqual({ x: 0, y: 0 });
    expect(layout.positions.size).toBe(people.length);
    for (const p of layout.positions.values()) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    }
  });

  it("draws three bands from the centre outwards, each ring inside its own", () => {
    expect(layout.bands.map((b) => b.ring)).toEqual(["inner", "outer", "beyond"]);
    expect(layout.bands[0]?.inner).toBe(layout.centreRadius);
    for (let i = 1; i < layout.bands.length; i++) {
      expect(layout.bands[i]?.inner).toBe(layout.bands[i - 1]?.outer);
    }
    expect(layout.radius).toBe(layout.bands[2]?.outer);
    for (const p of people) {
      if (p.ring === "centre") continue;
      const band = bandOf(layout, p.ring);
      const r = radius(layout.positions.get(p.id)!);
      expect(r).toBeGreaterThan(band.inner);
      expect(r).toBeLessThan(band.outer);
    }
  });

  it("keeps each organization in one sector, the same in every ring", () => {
    const sectors = new Map(layout.sectors.map((s) => [s.key, s]));
    for (const p of people) {
      if (p.ring === "centre") continue;
      const s = sectors.get(p.organization_id === null ? "none" : `org:${p.organization_id}`)!;
      const a = angle(layout.positions.get(p.id)!);
      expect(a).toBeGreaterThanOrEqual(s.start - 1e-9);
      expect(a).toBeLessThanOrEqual(s.end + 1e-9);
    }
    // Sectors do not overlap and stay within one turn; the biggest organization comes first.
    for (let i = 1; i < layout.sectors.length; i++) {
      expect(layout.sectors[i]!.start).toBeGreaterThan(layout.sectors[i - 1]!.end);
    }
    expect(layout.sectors.at(-1)!.end).toBeLessThanOrEqual(2 * Math.PI);
    expect(layout.sectors.at(-1)!.key).toBe("none");
    const counts = layout.sectors.filter((s) => s.key !== "none").map((s) => s.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("does not depend on the order people come in", () => {
    const shuffled = [...people].sort((a, b) => ((a.id * 7919) % 613) - ((b.id * 7919) % 613));
    const again = layoutSphere(shuffled);
    expect([...again.positions].sort((a, b) => a[0] - b[0])).toEqual([...layout.positions].sort((a, b) => a[0] - b[0]));
    expect(again.sectors).toEqual(layout.sectors);
  });

  it("leaves room between people", () => {
    const closest = (ids: readonly LayoutPerson[]) => {
      const points = ids.map((p) => layout.positions.get(p.id)!);
      let min = Infinity;
      for (let i = 0; i < points.length; i++) {
        for (let j = i + 1; j < points.length; j++) {
          min = Math.min(min, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
        }
      }
      return min;
    };
    // Nobody on top of anyone; within one organization and ring, about a unit apart.
    expect(closest(people)).toBeGreaterThan(0.2);
    const cells = new Map<string, LayoutPerson[]>();
    for (const p of people) {
      const key = `${p.organization_id}:${p.ring}`;
      cells.set(key, [...(cells.get(key) ?? []), p]);
    }
    for (const cell of cells.values()) {
      if (cell.length > 1) expect(closest(cell)).toBeGreaterThan(0.8);
    }
  });

  it("draws empty rings as rings, and copes with nobody at all", () => {
    const alone = layoutSphere([{ id: 1, name: "Me", ring: "centre", organization_id: null, organization_name: null }]);
    expect(alone.bands).toHaveLength(3);
    for (const b of alone.bands) expect(b.outer - b.inner).toBeGreaterThanOrEqual(2);
    expect(alone.sectors).toEqual([]);
    const nobody = layoutSphere([]);
    expect(nobody.positions.size).toBe(0);
    expect(nobody.radius).toBeGreaterThan(0);
  });

  it("lays out 5,000 people in a few milliseconds, and no band is crowded", () => {
    const big = network(5000, 250, 11);
    const t0 = performance.now();
    const l = layoutSphere(big);
    const ms = performance.now() - t0;
    expect(l.positions.size).toBe(5000);
    expect(ms).toBeLessThan(250);
    // Density: no band holds more people than its area allows at about one unit each.
    for (const b of l.bands) {
      const area = Math.PI * (b.outer ** 2 - b.inner ** 2);
      expect(b.count).toBeLessThanOrEqual(area);
    }
  });
});
