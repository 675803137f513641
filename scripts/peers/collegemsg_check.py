"""Cross-checks Sphere's exact k-best loopless paths against NetworkX on real data.

CollegeMsg is imported with `sphere import log` into a fresh database; strengths are valued
as of the last message (`--as-of`). For a fixed set of pairs (half drawn at random from the
largest component, half as far apart in hops as the graph allows), Sphere's k best paths
without a hop bound (`sphere path --any-length --no-ask-penalty`) must equal the first k of
NetworkX's `shortest_simple_paths` with cost = -ln(strength) on the same strengths (read from
`sphere tie list`): the sequences of costs to 1e-9 relative, and the paths themselves wherever
a cost is unique among the k.

Sphere's `path` starts at the person at the centre, so each pair's source is made the centre
(`sphere person edit ID --ring centre`) before its query.

Exits non-zero with a message on any mismatch; prints a short summary.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import deque
from itertools import islice
from pathlib import Path

import networkx as nx

from common import (PEERS, SphereCli, collegemsg_rows, cost_of, fail, path_cost, rel_diff,
                    rfc3339, write_sphere_log)

TOLERANCE = 1e-9


def farthest(g: nx.Graph, source: int) -> int:
    """The node most hops away from `source` (smallest id among the farthest)."""
    hops = {source: 0}
    queue = deque([source])
    while queue:
        v = queue.popleft()
        for u in g[v]:
            if u not in hops:
                hops[u] = hops[v] + 1
                queue.append(u)
    top = max(hops.values())
    return min(v for v, h in hops.items() if h == top)


def choose_pairs(g: nx.Graph, count: int, seed: int) -> list[tuple[int, int]]:
    component = sorted(max(nx.connected_components(g), key=len))
    rng = random.Random(seed)
    pairs: list[tuple[int, int]] = []
    while len(pairs) < count - count // 2:
        s, t = rng.sample(component, 2)
        if (s, t) not in pairs:
            pairs.append((s, t))
    for s in rng.sample(component, count // 2):
        pairs.append((s, farthest(g, s)))
    return pairs


def same_within(a: float, b: float) -> bool:
    return rel_diff(a, b) <= TOLERANCE


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sphere", required=True, type=Path, help="the sphere binary")
    ap.add_argument("--pairs", type=int, default=20)
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--seed", type=int, default=2004)
    args = ap.parse_args()
    started = time.perf_counter()

    rows = collegemsg_rows()
    work = PEERS / "collegemsg"
    log = work / "collegemsg-log.csv"
    write_sphere_log(rows, log)
    db = work / "check.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    as_of = rfc3339(max(at for _, _, at in rows))
    sphere = SphereCli(args.sphere, db, as_of)

    t0 = time.perf_counter()
    summary = sphere.run("import", "log", str(log), "--source", "collegemsg")
    import_seconds = time.perf_counter() - t0
    if summary["interactions_created"] != len(rows) or summary["people_created"] != 1899:
        fail(f"the import should create 1,899 people and {len(rows)} interactions: {summary}")

    ties = sphere.run("tie", "list")
    g = nx.Graph()
    strength = {}
    for t in ties:
        a, b = t["relationship"]["person_a"], t["relationship"]["person_b"]
        strength[(a, b)] = t["strength"]
        g.add_edge(a, b, cost=cost_of(t["strength"]))
    costs = {(a, b): cost_of(s) for (a, b), s in strength.items()}
    if g.number_of_edges() != summary["relationships_created"]:
        fail(f"tie list has {g.number_of_edges()} ties; the import created "
             f"{summary['relationships_created']}")

    pairs = choose_pairs(g, args.pairs, args.seed)
    costs_compared = paths_compared = 0
    worst = 0.0
    centre = None
    sphere_seconds = nx_seconds = 0.0
    for s, t in pairs:
        if centre is not None:
            sphere.run("person", "edit", str(centre), "--auto-ring")
        sphere.run("person", "edit", str(s), "--ring", "centre")
        centre = s
        t0 = time.perf_counter()
        result = sphere.run("path", "--to", str(t), "--any-length", "-k", str(args.k),
                            "--no-ask-penalty")
        sphere_seconds += time.perf_counter() - t0
        ours = []
        for p in result["paths"]:
            nodes = [person["id"] for person in p["people"]]
            for hop in p["hops"]:
                a, b = hop["from"]["id"], hop["to"]["id"]
                if strength.get((min(a, b), max(a, b))) != hop["strength"]:
                    fail(f"pair {s}->{t}: hop {a}-{b} has strength {hop['strength']} in the path "
                         f"but {strength.get((min(a, b), max(a, b)))} in tie list")
            cost = path_cost(costs, nodes)
            if abs(p["cost"] - cost) > 1e-12 + 1e-6 * cost:
                fail(f"pair {s}->{t}: path {nodes} reports cost {p['cost']}, its hops sum to {cost}")
            ours.append((cost, nodes))
        t0 = time.perf_counter()
        theirs = [(path_cost(costs, nodes), nodes)
                  for nodes in islice(nx.shortest_simple_paths(g, s, t, weight="cost"), args.k)]
        nx_seconds += time.perf_counter() - t0
        if len(theirs) < args.k:
            fail(f"pair {s}->{t}: only {len(theirs)} loopless paths exist; choose k <= that")
        if len(ours) != len(theirs):
            fail(f"pair {s}->{t}: Sphere found {len(ours)} paths, NetworkX {len(theirs)}")
        for i, ((c1, p1), (c2, p2)) in enumerate(zip(ours, theirs)):
            worst = max(worst, rel_diff(c1, c2))
            if not same_within(c1, c2):
                fail(f"pair {s}->{t}, path {i + 1}: Sphere's cost {c1!r} ({p1}) differs from "
                     f"NetworkX's {c2!r} ({p2})")
        # Paths must agree wherever the cost is unique; among equal costs, as sets (except a
        # group cut off by k, whose members beyond k may differ).
        i = 0
        while i < len(ours):
            j = i + 1
            while j < len(ours) and (same_within(ours[j][0], ours[i][0])
                                     or same_within(theirs[j][0], theirs[i][0])):
                j += 1
            group_ours = sorted(p for _, p in ours[i:j])
            group_theirs = sorted(p for _, p in theirs[i:j])
            if j < len(ours):
                if group_ours != group_theirs:
                    fail(f"pair {s}->{t}, paths {i + 1}..{j}: Sphere has {group_ours}, "
                         f"NetworkX has {group_theirs}")
                paths_compared += j - i
            i = j
        costs_compared += len(ours)
    if centre is not None:
        sphere.run("person", "edit", str(centre), "--auto-ring")

    elapsed = time.perf_counter() - started
    print(f"CollegeMsg: {summary['people_created']} people, {summary['relationships_created']} "
          f"relationships, {summary['interactions_created']} interactions imported in "
          f"{import_seconds:.1f} s; strengths as of {as_of}")
    print(f"checked {len(pairs)} pairs (k={args.k}, no hop bound): {costs_compared} path costs "
          f"and {paths_compared} paths equal NetworkX shortest_simple_paths (the last cost group "
          f"of each pair, which k may cut, is compared by cost only); max relative cost difference "
          f"{worst:.1e}; Sphere CLI {sphere_seconds:.1f} s, NetworkX {nx_seconds:.1f} s, "
          f"total {elapsed:.1f} s")


if __name__ == "__main__":
    main()
