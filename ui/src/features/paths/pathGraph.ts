// The small picture of the warm paths found: the union of their people and relationships, in
// columns from the start (left) to the targets (right). Pure, so it is tested on its own.
import type { PersonRef } from "../../bindings/commands";

export interface GraphPath {
  rank: number;
  people: readonly PersonRef[];
  hops: readonly { relationship_id: number }[];
}

export interface PathNode {
  id: number;
  person: PersonRef;
  /** 0 for where paths start; the last column holds the targets. */
  column: number;
  /** The lane (row) from the top; a path keeps to one lane where it can. */
  row: number;
  role: "start" | "connector" | "target";
  /** The ranks of the paths through this person. */
  ranks: number[];
}

export interface PathEdge {
  /** The relationship's id. */
  id: number;
  from: number;
  to: number;
  /** The ranks of the paths using this relationship. */
  ranks: number[];
}

export interface PathGraph {
  nodes: PathNode[];
  edges: PathEdge[];
  columns: number;
  /** How many lanes. */
  rows: number;
}

/**
 * Lays the paths out in columns, so that every relationship points right: a connector's
 * column is the length of the longest chain of path steps leading to them (relationships that
 * would close a loop between paths are left out of that count), and every path's end sits in
 * the last column. Lanes (rows) go to the paths in rank order, so the best path runs straight
 * along the top.
 */
export function pathGraph(paths: readonly GraphPath[]): PathGraph {
  const ordered = [...paths].sort((a, b) => a.rank - b.rank);
  const info = new Map<number, { person: PersonRef; order: number; role: PathNode["role"]; ranks: number[] }>();
  let order = 0;
  for (const path of ordered) {
    path.people.forEach((person, i) => {
      const role: PathNode["role"] = i === 0 ? "start" : i === path.people.length - 1 ? "target" : "connector";
      const seen = info.get(person.id);
      if (!seen) {
        info.set(person.id, { person, order: order++, role, ranks: [path.rank] });
        return;
      }
      if (!seen.ranks.includes(path.rank)) seen.ranks.push(path.rank);
      if (role === "target" || (role === "start" && seen.role === "connector")) seen.role = role;
    });
  }

  // The steps between people who are not targets, best paths first, skipping any that would
  // close a loop; then the longest chain to each person.
  const next = new Map<number, Set<number>>();
  const reaches = (from: number, to: number): boolean => {
    const stack = [from];
    const seen = new Set<number>();
    while (stack.length) {
      const v = stack.pop()!;
      if (v === to) return true;
      if (seen.has(v)) continue;
      seen.add(v);
      for (const w of next.get(v) ?? []) stack.push(w);
    }
    return false;
  };
  for (const path of ordered) {
    for (let i = 0; i + 1 < path.people.length; i++) {
      const u = path.people[i]!.id;
      const v = path.people[i + 1]!.id;
      if (info.get(v)?.role === "target" || next.get(u)?.has(v) || reaches(v, u)) continue;
      next.set(u, (next.get(u) ?? new Set()).add(v));
    }
  }
  const column = new Map<number, number>();
  const depth = (v: number, seen: Set<number>): number => {
    const known = column.get(v);
    if (known !== undefined) return known;
    let d = 0;
    for (const [u, outs] of next) if (outs.has(v) && !seen.has(u)) d = Math.max(d, depth(u, new Set(seen).add(v)) + 1);
    column.set(v, d);
    return d;
  };
  let last = 1;
  for (const [id, n] of info) if (n.role !== "target") last = Math.max(last, depth(id, new Set()) + 1);
  if (![...info.values()].some((n) => n.role === "target")) last -= 1;
  for (const [id, n] of info) if (n.role === "target") column.set(id, last);

  // Lanes: the best path runs along the top lane; each next path keeps to its previous
  // person's lane where that cell is free (and, for a step over columns, the cells it passes
  // through too), else takes the nearest free lane. A step that skips columns reserves the
  // cells it crosses, so no later person sits under a line that is not theirs.
  const taken = new Set<string>();
  const cell = (c: number, l: number) => `${c}:${l}`;
  const lane = new Map<number, number>();
  const fits = (c: number, l: number, from: { c: number; l: number } | null): boolean => {
    if (taken.has(cell(c, l))) return false;
    if (from && from.l === l) for (let x = from.c + 1; x < c; x++) if (taken.has(cell(x, l))) return false;
    return true;
  };
  for (const path of ordered) {
    let prev: { c: number; l: number } | null = null;
    for (const person of path.people) {
      const c = column.get(person.id) ?? 0;
      let l = lane.get(person.id);
      if (l === undefined) {
        const want: number = prev?.l ?? 0;
        for (let d = 0; l === undefined; d++) {
          if (fits(c, want + d, prev)) l = want + d;
          else if (d > 0 && want - d >= 0 && fits(c, want - d, prev)) l = want - d;
        }
        lane.set(person.id, l);
        taken.add(cell(c, l));
      }
      if (prev && prev.l === l) for (let x = prev.c + 1; x < c; x++) taken.add(cell(x, l));
      prev = { c, l };
    }
  }
  const nodes: PathNode[] = [...info]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([id, n]) => ({ id, person: n.person, column: column.get(id) ?? 0, row: lane.get(id) ?? 0, role: n.role, ranks: n.ranks }));
  nodes.sort((a, b) => a.column - b.column || a.row - b.row);

  const edges = new Map<number, PathEdge>();
  for (const path of ordered) {
    path.hops.forEach((hop, i) => {
      const from = path.people[i]?.id;
      const to = path.people[i + 1]?.id;
      if (from === undefined || to === undefined) return;
      const edge = edges.get(hop.relationship_id);
      if (edge) {
        if (!edge.ranks.includes(path.rank)) edge.ranks.push(path.rank);
      } else {
        edges.set(hop.relationship_id, { id: hop.relationship_id, from, to, ranks: [path.rank] });
      }
    });
  }
  const rows = nodes.length ? Math.max(...nodes.map((n) => n.row)) + 1 : 0;
  return { nodes, edges: [...edges.values()], columns: nodes.length ? Math.max(...nodes.map((n) => n.column)) + 1 : 0, rows };
}
