//! The k-best search against a brute-force oracle: every loopless path enumerated by DFS,
//! sorted by (cost, hops). The best-first search, Yen's fallback (forced with a budget of
//! nothing) and the best path per target are each checked against it.

use super::*;
use proptest::prelude::*;

pub(super) use crate::testing::{Adj, graph};

/// Every valid path, by the rules stated once more, independently of the search.
pub(super) fn brute_force(g: &Adj, q: &KBestQuery) -> Vec<FoundPath> {
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
pub(super) fn assert_valid(g: &Adj, q: &KBestQuery, p: &FoundPath) {
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

/// (cost, hops) of each path.
fn shape(paths: &[FoundPath]) -> Vec<(f64, usize)> {
    paths.iter().map(|p| (p.cost, p.nodes.len() - 1)).collect()
}

/// Yen's algorithm alone: a budget of nothing hands every query over at once.
fn yen_only(q: &KBestQuery) -> KBestQuery {
    KBestQuery {
        budget: Some(0),
        ..q.clone()
    }
}

/// The oracle's best path per target, grouped: the `k` targets best reached (by their best
/// path), each with its first `per_target` paths.
fn brute_force_per_target(g: &Adj, q: &KBestQuery, per_target: usize) -> Vec<Vec<FoundPath>> {
    let mut groups: Vec<Vec<FoundPath>> = Vec::new();
    for p in brute_force(g, q) {
        let t = *p.nodes.last().expect("non-empty");
        match groups
            .iter_mut()
            .find(|g| *g[0].nodes.last().expect("non-empty") == t)
        {
            Some(group) => group.push(p),
            None => groups.push(vec![p]),
        }
    }
    // brute_force sorts by (cost, hops), so groups come in the order of their best paths.
    groups.truncate(q.k);
    for group in &mut groups {
        group.truncate(per_target);
    }
    groups
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// With exact costs, the (cost, hops) of the answer equal the oracle's first k, and
    /// every path is valid and distinct: for the best-first search (both ways of computing
    /// its bound) and for Yen's fallback.
    #[test]
    fn k_best_equals_brute_force((g, q) in case()) {
        let want = brute_force(&g, &q);
        let want: Vec<(f64, usize)> = shape(&want).into_iter().take(q.k).collect();
        // Both ways of computing the bound: all backwards, and mostly forwards; and each
        // with the best-first search and with Yen's algorithm.
        for work in [usize::MAX, 1] {
            for (method, query) in [("best-first", q.clone()), ("Yen", yen_only(&q))] {
                let (got, used) = k_best_paths_with(&g, &query, work);
                if method == "Yen" && !got.is_empty() {
                    prop_assert_eq!(used, Method::Yen, "a budget of nothing forces Yen");
                }
                prop_assert_eq!(&shape(&got), &want, "{} with backward work {}", method, work);
                for p in &got {
                    assert_valid(&g, &query, p);
                }
                let mut distinct: Vec<&Vec<usize>> = got.iter().map(|p| &p.nodes).collect();
                distinct.sort();
                distinct.dedup();
                prop_assert_eq!(distinct.len(), got.len(), "no path twice ({})", method);
            }
        }
    }

    /// With arbitrary real costs, the costs match the oracle's to rounding, for both
    /// methods.
    #[test]
    fn k_best_costs_match_brute_force_on_real_costs((g, q) in float_case()) {
        let want = brute_force(&g, &q);
        for query in [q.clone(), yen_only(&q)] {
            let got = k_best_paths(&g, &query);
            prop_assert_eq!(got.len(), want.len().min(q.k));
            for (a, b) in got.iter().zip(&want) {
                prop_assert!((a.cost - b.cost).abs() < 1e-9, "{:?} vs {:?}", a, b);
                assert_valid(&g, &query, a);
            }
        }
    }

    /// Distinct targets: the k targets best reached, in the order of their best paths,
    /// each with its next-best paths, equal the oracle's grouping (for both methods of
    /// the alternatives' search).
    #[test]
    fn best_per_target_equals_brute_force((g, q) in case(), per_target in 1usize..4) {
        let want = brute_force_per_target(&g, &q, per_target);
        for query in [q.clone(), yen_only(&q)] {
            let (got, _) = best_per_target(&g, &query, per_target);
            let best = |groups: &[Vec<FoundPath>]| -> Vec<(f64, usize)> {
                groups.iter().map(|g| (g[0].cost, g[0].nodes.len() - 1)).collect()
            };
            prop_assert_eq!(best(&got), best(&want), "the best path of each target, in order");
            let mut targets: Vec<usize> =
                got.iter().map(|g| *g[0].nodes.last().expect("non-empty")).collect();
            targets.sort_unstable();
            targets.dedup();
            prop_assert_eq!(targets.len(), got.len(), "each target once");
            for group in &got {
                let t = *group[0].nodes.last().expect("non-empty");
                let all: Vec<FoundPath> = brute_force(&g, &q)
                    .into_iter()
                    .filter(|p| p.nodes.last() == Some(&t))
                    .take(per_target)
                    .collect();
                prop_assert_eq!(shape(group), shape(&all), "the paths to {}", t);
                for p in group {
                    prop_assert_eq!(p.nodes.last(), Some(&t), "a group ends at its target");
                    assert_valid(&g, &q, p);
                }
            }
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
    for query in [q.clone(), yen_only(&q)] {
        let got = k_best_paths(&g, &query);
        let nodes: Vec<Vec<usize>> = got.iter().map(|p| p.nodes.clone()).collect();
        assert_eq!(nodes, vec![vec![0, 1, 3], vec![0, 3], vec![0, 2, 3]]);
    }
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
    let best = |q: &KBestQuery| {
        let bf = k_best_paths(&g, q)[0].nodes.clone();
        let yen = k_best_paths(&g, &yen_only(q))[0].nodes.clone();
        assert_eq!(bf, yen, "both methods agree");
        bf
    };
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
    let to_self = KBestQuery {
        targets: vec![0],
        ..q.clone()
    };
    let out_of_range = KBestQuery {
        sources: vec![99],
        targets: vec![98],
        ..q.clone()
    };
    for query in [q, to_self, out_of_range] {
        assert_eq!(k_best_paths(&g, &query), Vec::new(), "{query:?}");
        assert_eq!(k_best_paths(&g, &yen_only(&query)), Vec::new(), "{query:?}");
        assert_eq!(
            best_per_target(&g, &query, 3).0,
            Vec::<Vec<FoundPath>>::new()
        );
    }
}

#[test]
fn a_search_that_outgrows_its_budget_is_answered_by_yen_exactly() {
    // A complete graph has more paths than a budget of 10 partial paths.
    let n = 8;
    let mut edges = Vec::new();
    for a in 0..n {
        for b in (a + 1)..n {
            edges.push((a, b, 1.0));
        }
    }
    let g = graph(n, &edges);
    for max_hops in [Some(5), None] {
        let q = KBestQuery {
            sources: vec![0],
            targets: vec![7],
            k: 20,
            max_hops,
            budget: Some(10),
            ..KBestQuery::default()
        };
        let (got, method) = k_best_paths_traced(&g, &q);
        assert_eq!(
            method,
            Method::Yen,
            "the budget is too small for best-first"
        );
        let want: Vec<(f64, usize)> = shape(&brute_force(&g, &q)).into_iter().take(20).collect();
        assert_eq!(
            shape(&got),
            want,
            "Yen's answer is the exact one ({max_hops:?})"
        );
    }
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
    for query in [q.clone(), yen_only(&q)] {
        let got = k_best_paths(&g, &query);
        assert_eq!(got.len(), 1, "a chain has one path");
        assert_eq!(got[0].nodes.len(), n);
    }
}
