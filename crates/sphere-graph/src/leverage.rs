//! Referral sources worth asking: for each of the user's contacts, which targets they reach
//! and how well (the best path from them, within a hop bound, never through the user).
//!
//! One hop-bounded search per contact (Bellman–Ford by hops over the frontier only): with
//! non-negative costs, the cheapest walk of at most `h` edges is as cheap as the cheapest
//! simple path of at most `h` edges (a loop can be cut out), so the figures are exact. The
//! cost is the contact's neighbourhood, not the graph: a 3-hop query from the user is a
//! 2-hop search from each contact.

use std::collections::HashMap;

use crate::paths::PathGraph;

/// The cheapest cost from `start` to every node within `max_hops` edges, never entering
/// `blocked`; `penalty[v]` is paid for passing through `v` (not for ending at it).
/// Returns `(node, cost)` for every node reached (`start` at 0).
pub fn bounded_costs(
    g: &impl PathGraph,
    start: usize,
    max_hops: usize,
    blocked: &[usize],
    penalty: &[f64],
) -> HashMap<usize, f64> {
    let mut best: HashMap<usize, f64> = HashMap::new();
    best.insert(start, 0.0);
    let mut frontier: Vec<(usize, f64)> = vec![(start, 0.0)];
    for _ in 0..max_hops {
        let mut next: HashMap<usize, f64> = HashMap::new();
        for &(v, c) in &frontier {
            // Passing through `v` (it is not where the walk ends) costs its penalty.
            let through = if v == start {
                c
            } else {
                c + penalty.get(v).copied().unwrap_or(0.0)
            };
            g.for_each_neighbor(v, |u, w| {
                if !w.is_finite() || blocked.contains(&u) {
                    return;
                }
                let nc = through + w;
                if best.get(&u).is_none_or(|b| nc < *b) {
                    best.insert(u, nc);
                    next.insert(u, nc);
                }
            });
        }
        if next.is_empty() {
            break;
        }
        frontier = next.into_iter().collect();
        frontier.sort_unstable_by_key(|x| x.0);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::testing::{Adj, graph};

    /// Every simple path from `start` of at most `hops` edges, by DFS: the cheapest cost to
    /// each node.
    fn brute(
        g: &Adj,
        start: usize,
        hops: usize,
        blocked: &[usize],
        pen: &[f64],
    ) -> HashMap<usize, f64> {
        fn dfs(
            g: &Adj,
            path: &mut Vec<usize>,
            cost: f64,
            hops: usize,
            blocked: &[usize],
            pen: &[f64],
            out: &mut HashMap<usize, f64>,
        ) {
            let v = *path.last().unwrap_or(&0);
            let e = out.entry(v).or_insert(f64::INFINITY);
            if cost < *e {
                *e = cost;
            }
            if path.len() > hops {
                return;
            }
            let through = if path.len() == 1 { cost } else { cost + pen[v] };
            for &(u, w) in &g.0[v] {
                if path.contains(&u) || blocked.contains(&u) || !w.is_finite() {
                    continue;
                }
                path.push(u);
                dfs(g, path, through + w, hops, blocked, pen, out);
                path.pop();
            }
        }
        let mut out = HashMap::new();
        dfs(g, &mut vec![start], 0.0, hops, blocked, pen, &mut out);
        out
    }

    #[test]
    fn a_small_case_by_hand() {
        // 0 – 1 – 2 – 3, and 0 – 3 directly (expensive); 4 is the user, blocked.
        let g = graph(
            5,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (0, 3, 5.0),
                (4, 2, 0.1),
                (0, 4, 0.1),
            ],
        );
        let pen = vec![0.0; 5];
        let got = bounded_costs(&g, 0, 2, &[4], &pen);
        assert_eq!(got.get(&2), Some(&2.0), "two hops through 1");
        assert_eq!(
            got.get(&3),
            Some(&5.0),
            "three hops are too many: the direct tie"
        );
        assert_eq!(got.get(&4), None, "never through the user");
        let got = bounded_costs(&g, 0, 3, &[4], &pen);
        assert_eq!(got.get(&3), Some(&3.0));
    }

    proptest! {
        #[test]
        fn bounded_costs_match_brute_force(
            n in 2usize..9,
            raw in proptest::collection::vec((0usize..9, 0usize..9, 0u8..4), 0..20),
            pens in proptest::collection::vec(0u8..3, 9),
            hops in 1usize..4,
            blocked in proptest::option::of(0usize..9),
        ) {
            let edges: Vec<(usize, usize, f64)> = raw
                .into_iter()
                .filter(|(a, b, _)| *a < n && *b < n)
                .map(|(a, b, c)| (a, b, f64::from(c) * 0.5))
                .collect();
            let g = graph(n, &edges);
            let pen: Vec<f64> = pens.iter().take(n).map(|p| f64::from(*p) * 0.25).collect();
            let blocked: Vec<usize> = blocked.filter(|b| *b != 0 && *b < n).into_iter().collect();
            let got = bounded_costs(&g, 0, hops, &blocked, &pen);
            let want = brute(&g, 0, hops, &blocked, &pen);
            prop_assert_eq!(got.len(), want.len());
            for (v, c) in &want {
                let gc = got.get(v).copied().unwrap_or(f64::NAN);
                prop_assert!((gc - c).abs() < 1e-9, "node {}: {} vs {}", v, gc, c);
            }
        }
    }
}
