//! The k-best search against a brute-force oracle: every loopless path enumerated by DFS,
//! sorted by (cost, hops).

use super::*;
use proptest::prelude::*;

/// A small undirected graph as adjacency lists.
#[derive(Debug, Clone)]
struct Adj(Vec<Vec<(usize, f64)>>);

impl PathGraph for Adj {
    fn node_bound(&self) -> usize {
        self.0.len()
    }

    fn for_each_neighbor(&self, v: usize, mut f: impl FnMut(usize, f64)) {
        for &(u, c) in &self.0[v] {
            f(u, c);
        }
    }
}

/// One edge per pair (as in Sphere: one relationship per two people); a repeated pair keeps
/// its first cost.
fn graph(n: usize, edges: &[(usize, usize, f64)]) -> Adj {
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, c) in edges {
        if a != b && !adj[a].iter().any(|(u, _)| *u == b) {
            adj[a].push((b, c));
            adj[b].push((a, c));
        }
    }
    Adj(adj)
}

/// Every valid path, by the rules stated once more, independently of the search.
fn brute_force(g: &Adj, q: &KBestQuery) -> Vec<FoundPath> {
    let n = g.0.len();
    let source = |v: usize| q.sources.contains(&v);
    let excluded = |v: usize| q.excluded.contains(&v);
    let target = |v: usize| q.targets.contains(&v) && !source(v);
    let penalty = |v: usize| {
        q.node_penalty
            .get(v)
            .copied()
            .filter(|p| p.is_finite() && *p > 0.0)
            .unwrap_or(0.0)
    };
    let mut out = Vec::new();
    let mut starts: Vec<usize> = q
        .sources
        .iter()
        .copied()
        .filter(|&s| s < n && !excluded(s))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    #[allow(clippy::too_many_arguments)] // a plain recursive oracle, kept obvious
    fn dfs(
        g: &Adj,
        path: &mut Vec<usize>,
        cost: f64,
        allowed: &dyn Fn(usize) -> bool,
        target: &dyn Fn(usize) -> bool,
        penalty: &dyn Fn(usize) -> f64,
        max_hops: usize,
        out: &mut Vec<FoundPath>,
    ) {
        let v = *path.last().expect("a path has a start");
        if path.len() > 1 && target(v) {
            out.push(FoundPath {
                nodes: path.clone(),
                cost,
            });
            return;
        }
        if path.len() > max_hops {
            return;
        }
        for &(u, c) in &g.0[v] {
            if !c.is_finite() || path.contains(&u) || !allowed(u) {
                continue;
            }
            let step = if target(u) { c } else { c + penalty(u) };
            path.push(u);
            dfs(
                g,
                path,
                cost + step,
                allowed,
                target,
                penalty,
                max_hops,
                out,
            );
            path.pop();
        }
    }
    let allowed = |u: usize| !excluded(u) && !source(u);
    for s in starts {
        dfs(
            g,
            &mut vec![s],
            0.0,
            &allowed,
            &target,
            &penalty,
            q.max_hops.unwrap_or(usize::MAX),
            &mut out,
        );
    }
    out.sort_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(a.nodes.len().cmp(&b.nodes.len()))
    });
    out
}

/// Checks one answer against the rules (so a wrong path cannot hide behind a right cost).
fn assert_valid(g: &Adj, q: &KBestQuery, p: &FoundPath) {
    let nodes = &p.nodes;
    assert!(nodes.len() >= 2, "a path has at least one hop: {p:?}");
    assert!(q.sources.contains(&nodes[0]), "starts at a source: {p:?}");
    let last = *nodes.last().expect("non-empty");
    assert!(
        q.targets.contains(&last) && !q.sources.contains(&last),
        "ends at a target: {p:?}"
    );
    let mut seen = nodes.clone();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), nodes.len(), "loopless: {p:?}");
    for v in nodes {
        assert!(!q.excluded.contains(v), "avoids excluded people: {p:?}");
    }
    for v in &nodes[1..nodes.len() - 1] {
        assert!(
            !q.sources.contains(v) && !q.targets.contains(v),
            "passes through neither a source nor a target: {p:?}"
        );
    }
    if let Some(h) = q.max_hops {
        assert!(nodes.len() - 1 <= h, "within {h} hops: {p:?}");
    }
    let mut cost = 0.0;
    for (i, w) in nodes.windows(2).enumerate() {
        let c = g.0[w[0]]
            .iter()
            .filter(|(u, _)| *u == w[1])
            .map(|(_, c)| *c)
            .fold(f64::INFINITY, f64::min);
        assert!(c.is_finite(), "uses real edges: {p:?}");
        cost += c;
        if i + 2 < nodes.len() {
            cost += q.node_penalty.get(w[1]).copied().unwrap_or(0.0);
        }
    }
    assert!(
        (cost - p.cost).abs() < 1e-9,
        "cost adds up: {cost} vs {p:?}"
    );
}

/// Costs that are sums of dyadic fractions add exactly, so ties are real ties.
fn dyadic() -> impl Strategy<Value = f64> {
    (0u32..12).prop_map(|q| f64::from(q) / 4.0)
}

fn query_strategy(n: usize) -> impl Strategy<Value = KBestQuery> {
    (
        prop::collection::vec(0..n, 1..3),
        prop::collection::vec(0..n, 1..4),
        1usize..25,
        prop_oneof![Just(None), (1usize..6).prop_map(Some)],
        prop::collection::vec(0..n, 0..3),
        prop::collection::vec(prop_oneof![3 => Just(0.0), 1 => dyadic()], 0..n),
    )
        .prop_map(
            |(sources, targets, k, max_hops, excluded, node_penalty)| KBestQuery {
                sources,
                targets,
                k,
                max_hops,
                excluded,
                node_penalty,
                budget: None,
            },
        )
}

fn case() -> impl Strategy<Value = (Adj, KBestQuery)> {
    (3usize..10).prop_flat_map(|n| {
        (
            prop::collection::vec((0..n, 0..n, dyadic()), 0..(n * 3)),
            query_strategy(n),
        )
            .prop_map(move |(edges, q)| (graph(n, &edges), q))
    })
}

fn float_case() -> impl Strategy<Value = (Adj, KBestQuery)> {
    (3usize..10).prop_flat_map(|n| {
        (
            prop::collection::vec((0..n, 0..n, 0.0f64..4.0), 0..(n * 3)),
            query_strategy(n),
        )
            .prop_map(move |(edges, q)| (graph(n, &edges), q))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// With exact costs, the (cost, hops) of the answer equal the oracle's first k, and
    /// every path is valid and distinct.
    #[test]
    fn k_best_equals_brute_force((g, q) in case()) {
        let want = brute_force(&g, &q);
        let want: Vec<(f64, usize)> =
            want.iter().take(q.k).map(|p| (p.cost, p.nodes.len())).collect();
        // Both ways of computing the bound: all backwards, and mostly forwards.
        for work in [usize::MAX, 1] {
            let got = k_best_paths_with(&g, &q, work).expect("small searches finish");
            let have: Vec<(f64, usize)> =
                got.iter().map(|p| (p.cost, p.nodes.len())).collect();
            prop_assert_eq!(&have, &want, "backward work {}", work);
            for p in &got {
                assert_valid(&g, &q, p);
            }
            let mut distinct: Vec<&Vec<usize>> = got.iter().map(|p| &p.nodes).collect();
            distinct.sort();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), got.len(), "no path twice");
        }
    }

    /// With arbitrary real costs, the costs match the oracle's to rounding.
    #[test]
    fn k_best_costs_match_brute_force_on_real_costs((g, q) in float_case()) {
        let got = k_best_paths(&g, &q).expect("small searches finish");
        let want = brute_force(&g, &q);
        prop_assert_eq!(got.len(), want.len().min(q.k));
        for (a, b) in got.iter().zip(&want) {
            prop_assert!((a.cost - b.cost).abs() < 1e-9, "{:?} vs {:?}", a, b);
            assert_valid(&g, &q, a);
        }
    }
}

/// 0 — 3 directly (cost 2), or 0 — 1 — 3 (cost 1), or 0 — 2 — 3 (cost 2, two hops).
fn diamond() -> Adj {
    graph(
        4,
        &[
            (0, 3, 2.0),
            (0, 1, 0.5),
            (1, 3, 0.5),
            (0, 2, 1.0),
            (2, 3, 1.0),
        ],
    )
}

#[test]
fn the_two_hop_path_beats_a_weak_direct_tie_and_ties_break_on_hops() {
    let g = diamond();
    let q = KBestQuery {
        sources: vec![0],
        targets: vec![3],
        k: 5,
        max_hops: Some(3),
        ..KBestQuery::default()
    };
    let got = k_best_paths(&g, &q).expect("finishes");
    let nodes: Vec<Vec<usize>> = got.iter().map(|p| p.nodes.clone()).collect();
    assert_eq!(nodes, vec![vec![0, 1, 3], vec![0, 3], vec![0, 2, 3]]);
}

#[test]
fn hop_bound_excluded_people_and_penalties_change_the_answer() {
    let g = diamond();
    let base = KBestQuery {
        sources: vec![0],
        targets: vec![3],
        k: 1,
        max_hops: Some(3),
        ..KBestQuery::default()
    };
    let best = |q: &KBestQuery| k_best_paths(&g, q).expect("finishes")[0].nodes.clone();
    assert_eq!(best(&base), vec![0, 1, 3]);
    let one_hop = KBestQuery {
        max_hops: Some(1),
        ..base.clone()
    };
    assert_eq!(best(&one_hop), vec![0, 3]);
    let never_ask_1 = KBestQuery {
        excluded: vec![1],
        ..base.clone()
    };
    assert_eq!(best(&never_ask_1), vec![0, 3]);
    let asked_lately = KBestQuery {
        node_penalty: vec![0.0, 1.5, 0.0, 0.0],
        ..base.clone()
    };
    assert_eq!(best(&asked_lately), vec![0, 3]);
}

#[test]
fn nothing_to_find_is_an_empty_answer_not_an_error() {
    let g = graph(4, &[(0, 1, 1.0)]);
    let q = KBestQuery {
        sources: vec![0],
        targets: vec![3],
        k: 5,
        max_hops: None,
        ..KBestQuery::default()
    };
    assert_eq!(k_best_paths(&g, &q), Ok(Vec::new()));
    let to_self = KBestQuery {
        targets: vec![0],
        ..q.clone()
    };
    assert_eq!(k_best_paths(&g, &to_self), Ok(Vec::new()));
    let out_of_range = KBestQuery {
        sources: vec![99],
        targets: vec![98],
        ..q
    };
    assert_eq!(k_best_paths(&g, &out_of_range), Ok(Vec::new()));
}

#[test]
fn a_search_that_outgrows_its_budget_says_so() {
    // A complete graph has more paths than a budget of 10 partial paths.
    let n = 8;
    let mut edges = Vec::new();
    for a in 0..n {
        for b in (a + 1)..n {
            edges.push((a, b, 1.0));
        }
    }
    let g = graph(n, &edges);
    let q = KBestQuery {
        sources: vec![0],
        targets: vec![7],
        k: 20,
        max_hops: Some(5),
        budget: Some(10),
        ..KBestQuery::default()
    };
    assert!(matches!(
        k_best_paths(&g, &q),
        Err(SearchError::TooLarge { .. })
    ));
}

#[test]
fn a_long_chain_is_found_without_a_hop_bound() {
    let n = 200;
    let edges: Vec<(usize, usize, f64)> = (0..n - 1).map(|i| (i, i + 1, 0.01)).collect();
    let g = graph(n, &edges);
    let q = KBestQuery {
        sources: vec![0],
        targets: vec![n - 1],
        k: 3,
        max_hops: None,
        ..KBestQuery::default()
    };
    let got = k_best_paths(&g, &q).expect("finishes");
    assert_eq!(got.len(), 1, "a chain has one path");
    assert_eq!(got[0].nodes.len(), n);
}
