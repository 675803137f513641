//! The k best loopless paths by Yen's algorithm in Lawler's form: the fallback when the
//! best-first search over partial paths outgrows its budget (on dense graphs with many
//! near-equal paths, where the partial paths that might still win are too many to hold).
//!
//! Its cost grows with k × path length × one restricted best-path search (`spur.rs`), never
//! with the number of near-equal paths. The paths not yet taken are split into disjoint
//! parts, each the paths that share a *root* (a prefix of a path already taken) and then
//! step to a node not in a *forbidden* set; a part's best path is its candidate. Taking the
//! best candidate, `P` from the part (root of length `r`, forbidden `F`), splits that part
//! again: for each `i` from `r` to the end of `P`, the paths with root `P[..i]` that do not
//! step to `P[i]` (nor, for `i = r`, to a node of `F`). The root of length 0 stands for the
//! paths from any source, its forbidden set for the sources already used.
//!
//! The same rules as the best-first search hold: a path starts at a source, ends at a
//! target, visits no node twice, passes through no source, target or excluded node, costs
//! its edges plus the penalties of its intermediate nodes, and has at most `max_hops` hops.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::bound::Bound;
use super::spur::{Reached, Searcher, Start};
use super::{Cost, EXCLUDED, FoundPath, KBestQuery, PathGraph, Roles};

/// A part's best path, waiting to be taken.
struct Candidate {
    nodes: Vec<usize>,
    /// The cost at each node.
    costs: Vec<f64>,
    /// The length of the part's root.
    root: usize,
    /// Where the part may not step after its root.
    forbidden: Vec<usize>,
}

/// Candidates leave by (cost, hops, sequence).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    cost: Cost,
    hops: usize,
    seq: u64,
    at: usize,
}

/// The `q.k` best paths, best first by (cost, hops).
pub(super) fn k_shortest<G: PathGraph, B: Bound>(
    g: &G,
    q: &KBestQuery,
    roles: &Roles,
    bound: &mut B,
    max_hops: usize,
) -> Vec<FoundPath> {
    let mut sources: Vec<usize> = q
        .sources
        .iter()
        .copied()
        .filter(|&s| s < roles.role.len() && !roles.is(s, EXCLUDED))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut searcher = Searcher::new(g, roles, bound, max_hops);
    let mut candidates: Vec<Option<Candidate>> = Vec::new();
    let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut offer = |candidates: &mut Vec<Option<Candidate>>,
                     heap: &mut BinaryHeap<Reverse<Entry>>,
                     c: Candidate| {
        heap.push(Reverse(Entry {
            cost: Cost(c.costs.last().copied().unwrap_or(0.0)),
            hops: c.nodes.len() - 1,
            seq,
            at: candidates.len(),
        }));
        seq += 1;
        candidates.push(Some(c));
    };
    let first = best_in_part(
        &mut searcher,
        &sources,
        &[],
        &[],
        0,
        Vec::new(),
        f64::INFINITY,
    );
    if let Some(c) = first {
        offer(&mut candidates, &mut heap, c);
    }
    let mut found = Vec::new();
    while found.len() < q.k {
        let Some(Reverse(entry)) = heap.pop() else {
            break;
        };
        let Some(p) = candidates[entry.at].take() else {
            continue;
        };
        found.push(FoundPath {
            nodes: p.nodes.clone(),
            cost: entry.cost.0,
        });
        if found.len() == q.k {
            break;
        }
        // Split the rest of p's part: the paths that leave p's prefix of length i at a
        // different step than p did. A part whose best path costs more than the candidates
        // already waiting for the places left cannot place (an equal cost still might,
        // with fewer hops): its search stops there.
        for i in p.root..p.nodes.len() {
            let cap = cap(&heap, q.k - found.len());
            let forbidden = if i == p.root {
                let mut f = p.forbidden.clone();
                f.push(p.nodes[i]);
                f
            } else {
                vec![p.nodes[i]]
            };
            let part = best_in_part(
                &mut searcher,
                &sources,
                &p.nodes,
                &p.costs,
                i,
                forbidden,
                cap,
            );
            if let Some(c) = part {
                offer(&mut candidates, &mut heap, c);
            }
        }
    }
    found
}

/// The cost of the `places`-th best candidate waiting, or infinity when fewer wait: no path
/// costing more can be among the `places` best still to take.
fn cap(heap: &BinaryHeap<Reverse<Entry>>, places: usize) -> f64 {
    if places == 0 || heap.len() < places {
        return f64::INFINITY;
    }
    let mut costs: Vec<f64> = heap.iter().map(|Reverse(e)| e.cost.0).collect();
    let (_, nth, _) = costs.select_nth_unstable_by(places - 1, f64::total_cmp);
    *nth
}

/// The best path with root `nodes[..root]` whose next node is not in `forbidden` (for the
/// empty root: from a source not in `forbidden`), as a candidate of that part; none when it
/// would cost more than `cap`.
fn best_in_part<G: PathGraph, B: Bound>(
    searcher: &mut Searcher<'_, G, B>,
    sources: &[usize],
    nodes: &[usize],
    costs: &[f64],
    root: usize,
    forbidden: Vec<usize>,
    cap: f64,
) -> Option<Candidate> {
    let mut best: Option<Reached> = None;
    if root == 0 {
        let starts: Vec<Start> = sources
            .iter()
            .filter(|s| !forbidden.contains(s))
            .map(|&node| Start {
                node,
                hops: 0,
                cost: 0.0,
            })
            .collect();
        searcher.search(&starts, &[], &[], cap, |r| {
            best = Some(r);
            false
        });
    } else {
        let start = Start {
            node: nodes[root - 1],
            hops: root - 1,
            cost: costs[root - 1],
        };
        searcher.search(&[start], &nodes[..root], &forbidden, cap, |r| {
            best = Some(r);
            false
        });
    }
    let spur = best?;
    // The spur starts at the root's last node.
    let keep = root.saturating_sub(1);
    let mut path = nodes[..keep].to_vec();
    path.extend_from_slice(&spur.nodes);
    let mut path_costs = costs[..keep].to_vec();
    path_costs.extend_from_slice(&spur.costs);
    Some(Candidate {
        nodes: path,
        costs: path_costs,
        root,
        forbidden,
    })
}
