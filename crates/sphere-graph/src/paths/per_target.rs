//! Distinct targets, best first: for paths into an organization, where five paths to the
//! same person say less than one path to each of five people.
//!
//! One search from the sources (`spur.rs`, with every target ending a path) gives each
//! target its best path, and the targets leave it in the order of those paths; the first
//! `k` are the answer. For each, the next-best paths to that same target come from the
//! k-best search with that target alone (the other targets excluded, since no path passes
//! through a target).

use super::bound::{Bound, Layered, Lazy};
use super::spur::{Searcher, Start, by_cost_then_hops};
use super::{
    BACKWARD_WORK, EXCLUDED, FoundPath, KBestQuery, MAX_LAYERED_HOPS, Method, PathGraph, Roles,
    TARGET, k_best_paths_traced,
};

/// Up to `q.k` targets with the best paths to them, best first by (cost, hops); for each,
/// its best `per_target` paths (at least 1), best first. The rules are the k-best
/// search's. Also says whether Yen's algorithm answered any target's paths.
pub fn best_per_target<G: PathGraph>(
    g: &G,
    q: &KBestQuery,
    per_target: usize,
) -> (Vec<Vec<FoundPath>>, Method) {
    let n = g.node_bound();
    let roles = Roles::new(n, q);
    if q.k == 0 || q.max_hops == Some(0) || !(0..n).any(|v| roles.is(v, TARGET)) {
        return (Vec::new(), Method::BestFirst);
    }
    let chosen = match q.max_hops {
        Some(h) if h <= MAX_LAYERED_HOPS => {
            best_targets(g, q, &roles, Layered::new(g, &roles, h, BACKWARD_WORK), h)
        }
        Some(h) => best_targets(g, q, &roles, Lazy::new(&roles), h),
        None => best_targets(g, q, &roles, Lazy::new(&roles), usize::MAX),
    };
    let others = |t: usize| -> Vec<usize> {
        let mut excluded = q.excluded.clone();
        excluded.extend((0..n).filter(|&v| v != t && roles.is(v, TARGET)));
        excluded
    };
    let mut method = Method::BestFirst;
    let mut groups: Vec<Vec<FoundPath>> = Vec::with_capacity(chosen.len());
    for t in chosen {
        let alone = KBestQuery {
            targets: vec![t],
            excluded: others(t),
            k: per_target.max(1),
            ..q.clone()
        };
        let (group, used) = k_best_paths_traced(g, &alone);
        if used == Method::Yen {
            method = Method::Yen;
        }
        if !group.is_empty() {
            groups.push(group);
        }
    }
    // Both searches are exact; equal paths keep the first search's order.
    groups.sort_by(|a, b| by_cost_then_hops(key(&a[0]), key(&b[0])));
    (groups, method)
}

fn key(p: &FoundPath) -> (f64, usize) {
    (p.cost, p.nodes.len() - 1)
}

/// The `q.k` targets whose best paths are best, in that order.
fn best_targets<G: PathGraph, B: Bound>(
    g: &G,
    q: &KBestQuery,
    roles: &Roles,
    mut bound: B,
    max_hops: usize,
) -> Vec<usize> {
    let mut starts: Vec<Start> = q
        .sources
        .iter()
        .copied()
        .filter(|&s| s < roles.role.len() && !roles.is(s, EXCLUDED))
        .map(|node| Start {
            node,
            hops: 0,
            cost: 0.0,
        })
        .collect();
    starts.sort_unstable_by_key(|s| s.node);
    starts.dedup_by_key(|s| s.node);
    let mut chosen: Vec<usize> = Vec::new();
    let mut searcher = Searcher::new(g, roles, &mut bound, max_hops);
    searcher.search(&starts, &[], &[], f64::INFINITY, |reached| {
        // With a hop bound a target may come back with fewer hops at a higher cost: its
        // first arrival was its best.
        if let Some(&t) = reached.nodes.last()
            && !chosen.contains(&t)
        {
            chosen.push(t);
        }
        chosen.len() < q.k
    });
    chosen
}
