"""Times NetworkX and igraph on the same k-best-path queries Sphere's benchmark ran.

Reads what `benches/paths.rs` exported into a folder: `edges.tsv` (person, person, cost =
-ln(strength)) and `sphere.json` (the first pairs with Sphere's times and path costs). For
each pair, in order, until a peer's time budget runs out: NetworkX
`shortest_simple_paths(G, s, t, weight="cost")` (the first k) and igraph
`get_k_shortest_paths(s, t, k, weights=cost)`. Their path costs must equal Sphere's (1e-9
relative); the ratios compare each peer with Sphere's time for the same pairs, without a hop
bound (the only query both peers answer).

Prints a short report; exits non-zero when a peer's costs differ from Sphere's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

import igraph as ig
import networkx as nx

from common import rel_diff

TOLERANCE = 1e-9


def load(folder: Path):
    t0 = time.perf_counter()
    a, b, c = [], [], []
    with (folder / "edges.tsv").open() as f:
        for line in f:
            x, y, cost = line.split("\t")
            a.append(int(x))
            b.append(int(y))
            c.append(float(cost))
    read = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = nx.Graph()
    g.add_weighted_edges_from(zip(a, b, c), weight="cost")
    nx_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    ids = sorted(set(a) | set(b))
    index = {v: i for i, v in enumerate(ids)}
    h = ig.Graph(n=len(ids), edges=[(index[x], index[y]) for x, y in zip(a, b)],
                 directed=False)
    h.es["cost"] = c
    ig_build = time.perf_counter() - t0
    costs = {}
    for x, y, w in zip(a, b, c):
        costs[(x, y)] = w
        costs[(y, x)] = w
    return g, h, ids, index, costs, read, nx_build, ig_build


def path_cost(costs, nodes):
    total = 0.0
    for x, y in zip(nodes, nodes[1:]):
        total += costs[(x, y)]
    return total


def compare(name, pair, ours, theirs, problems):
    if len(ours) != len(theirs) or any(rel_diff(p, q) > TOLERANCE for p, q in zip(ours, theirs)):
        problems.append(f"{name}, pair {pair}: costs {theirs} differ from Sphere's {ours}")


def times_word(ratio: float) -> str:
    """"34x", "1.3x", "0.8x"."""
    return f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"


def faster(ratio: float, peer: str) -> str:
    """Who was faster, by how much (`ratio` = the peer's time over Sphere's)."""
    if ratio >= 1:
        return f"Sphere {times_word(ratio)} faster"
    return f"{peer} {times_word(1 / ratio)} faster"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--budget", type=float, default=240.0,
                    help="seconds each peer may spend on queries (at least one pair runs)")
    args = ap.parse_args()
    report = json.loads((args.folder / "sphere.json").read_text())
    k = report["k"]
    pairs = report["peer_pairs"]
    g, h, ids, index, costs, read, nx_build, ig_build = load(args.folder)
    print(f"peers on the same graph ({len(ids)} people with ties, {g.number_of_edges()} edges; "
          f"built by NetworkX in {nx_build:.1f} s, igraph in {ig_build:.1f} s) and the same "
          f"pairs, k={k}, no hop bound:")

    problems: list[str] = []
    results = {}
    for name in ("igraph", "NetworkX"):
        times = []
        spent = 0.0
        for p in pairs:
            if times and spent >= args.budget:
                break
            s, t = p["source"], p["target"]
            t0 = time.perf_counter()
            if name == "igraph":
                found = h.get_k_shortest_paths(index[s], to=index[t], k=k, mode="all",
                                               weights="cost", output="vpath")
                paths = [[ids[v] for v in path] for path in found]
            else:
                paths = list(islice(nx.shortest_simple_paths(g, s, t, weight="cost"), k))
            took = time.perf_counter() - t0
            times.append(took)
            spent += took
            compare(name, (s, t), p["unbounded_costs"], [path_cost(costs, q) for q in paths],
                    problems)
        n = len(times)
        sphere = [p["unbounded_seconds"] for p in pairs[:n]]
        results[name] = (times, sphere)
        ratio = sum(times) / sum(sphere)
        per_pair = statistics.median(x / y for x, y in zip(times, sphere))
        print(f"  {name:<9} {n:>3} pairs: median {statistics.median(times) * 1e3:>10.1f} ms "
              f"per query, total {sum(times):>7.1f} s; Sphere on the same {n} pairs: median "
              f"{statistics.median(sphere) * 1e3:.1f} ms, total {sum(sphere):.2f} s -> "
              f"{faster(ratio, name)} (median per pair {times_word(per_pair)})")
    if problems:
        print("\nerror: the peers' path costs differ from Sphere's:", file=sys.stderr)
        for p in problems[:10]:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)
    print(f"  path costs of every timed query equal Sphere's (to {TOLERANCE:g} relative)")


if __name__ == "__main__":
    main()
