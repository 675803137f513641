//! The exact best path from given starts to the targets, under extra restrictions: the
//! building block of the k-shortest fallback (`yen.rs`, where the restrictions are a spur's
//! root and the first steps already taken) and of the best path per target (`per_target.rs`).
//!
//! An A* over labels `(node, hops, cost)` guided by the query's lower bound (`bound.rs`),
//! which is consistent (it never drops by more than a step costs), so a label leaves the
//! queue with the best cost its state can have. Labels are ordered by (cost + bound, hops +
//! hop bound). Without a hop bound the first label to leave the queue at a node wins; with
//! one, a later label survives when it needs fewer hops (it may still finish in time). A
//! walk that comes back to a node is always beaten by its own earlier visit there (no more
//! cost, fewer hops), so every label that survives is a loopless path.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use super::bound::Bound;
use super::{Cost, PathGraph, Roles, TARGET};

/// Where a search may start: a node, with the hops and cost already spent to get there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Start {
    pub node: usize,
    pub hops: usize,
    pub cost: f64,
}

/// A path a search found, from its start's node to a target.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Reached {
    pub nodes: Vec<usize>,
    /// The cost at each node (the start's own cost first).
    pub costs: Vec<f64>,
    /// Hops of the whole path (the start's hops included).
    pub hops: usize,
}

struct Label {
    node: u32,
    hops: u32,
    parent: u32,
    cost: f64,
}

const NO_PARENT: u32 = u32::MAX;

/// Queue entry: (bound on total cost, bound on total hops, sequence), then the label and
/// whether its bound is final (a lazy bound may still grow; see [`Bound::tighten`]).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    key: Cost,
    hop_key: usize,
    seq: u64,
    label: u32,
    exact: bool,
}

/// One query's searches: the graph, the roles, the bound (shared, so the work it does for
/// one search serves the next) and buffers reused between searches.
pub(super) struct Searcher<'a, G: PathGraph, B: Bound> {
    g: &'a G,
    roles: &'a Roles,
    bound: &'a mut B,
    max_hops: usize,
    /// `blocked[v] == stamp`: `v` may not be entered in this search.
    blocked: Vec<u32>,
    /// Without a hop bound: `settled[v] == stamp` once a label at `v` left the queue.
    settled: Vec<u32>,
    stamp: u32,
    /// With a hop bound: the (hops, cost) of the labels that left the queue, per node.
    kept: HashMap<u32, Vec<(u32, f64)>>,
    labels: Vec<Label>,
    heap: BinaryHeap<Reverse<Entry>>,
}

impl<'a, G: PathGraph, B: Bound> Searcher<'a, G, B> {
    pub fn new(g: &'a G, roles: &'a Roles, bound: &'a mut B, max_hops: usize) -> Self {
        let n = roles.role.len();
        Self {
            g,
            roles,
            bound,
            max_hops,
            blocked: vec![0; n],
            settled: vec![0; n],
            stamp: 0,
            kept: HashMap::new(),
            labels: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn bounded(&self) -> bool {
        self.max_hops != usize::MAX
    }

    /// Pushes a label unless it cannot reach a target in time.
    fn push(&mut self, node: usize, hops: usize, cost: f64, parent: u32, seq: &mut u64) {
        let hop_lb = self.bound.hops(node);
        if hops.saturating_add(hop_lb) > self.max_hops {
            return;
        }
        let (lb, exact) = self
            .bound
            .cost(self.g, self.roles, node, self.max_hops - hops);
        let key = cost + lb;
        if !key.is_finite() {
            return;
        }
        self.labels.push(Label {
            node: node as u32,
            hops: hops.min(u32::MAX as usize) as u32,
            parent,
            cost,
        });
        let label = (self.labels.len() - 1) as u32;
        self.queue(key, hops + hop_lb, label, exact, seq);
    }

    fn queue(&mut self, key: f64, hop_key: usize, label: u32, exact: bool, seq: &mut u64) {
        self.heap.push(Reverse(Entry {
            key: Cost(key),
            hop_key,
            seq: *seq,
            label,
            exact,
        }));
        *seq += 1;
    }

    /// Is the label at `at` beaten by one that already left the queue at its node? If not,
    /// it is recorded as left.
    fn beaten(&mut self, at: usize) -> bool {
        let Label {
            node, hops, cost, ..
        } = self.labels[at];
        if !self.bounded() {
            let seen = self.settled[node as usize] == self.stamp;
            self.settled[node as usize] = self.stamp;
            return seen;
        }
        let kept = self.kept.entry(node).or_default();
        if kept.iter().any(|&(h, c)| h <= hops && c <= cost) {
            return true;
        }
        kept.push((hops, cost));
        false
    }

    fn reached(&self, at: usize) -> Reached {
        let mut nodes = Vec::new();
        let mut costs = Vec::new();
        let hops = self.labels[at].hops as usize;
        let mut x = at as u32;
        while x != NO_PARENT {
            let l = &self.labels[x as usize];
            nodes.push(l.node as usize);
            costs.push(l.cost);
            x = l.parent;
        }
        nodes.reverse();
        costs.reverse();
        Reached { nodes, costs, hops }
    }

    /// Searches from `starts`, never entering a node of `blocked` nor stepping from a start
    /// onto a node of `not_first`, and calls `at_target` with each path to a target as it
    /// leaves the queue, best first (by cost, then hops) until it returns `false` or the
    /// paths left would cost more than `cap`. A target ends a path (it is never passed
    /// through); a target may be reached again later with fewer hops but a higher cost.
    pub fn search(
        &mut self,
        starts: &[Start],
        blocked: &[usize],
        not_first: &[usize],
        cap: f64,
        mut at_target: impl FnMut(Reached) -> bool,
    ) {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.blocked.fill(0);
            self.settled.fill(0);
            self.stamp = 1;
        }
        self.kept.clear();
        self.labels.clear();
        self.heap.clear();
        for &v in blocked {
            if let Some(b) = self.blocked.get_mut(v) {
                *b = self.stamp;
            }
        }
        let mut seq = 0u64;
        for s in starts {
            if s.node < self.blocked.len() && s.hops <= self.max_hops {
                self.push(s.node, s.hops, s.cost, NO_PARENT, &mut seq);
            }
        }
        let mut next: Vec<(usize, f64)> = Vec::new();
        while let Some(Reverse(entry)) = self.heap.pop() {
            if entry.key.0 > cap {
                // Keys only grow from here: nothing left is cheap enough.
                return;
            }
            let at = entry.label as usize;
            let (v, hops, cost, is_start) = {
                let l = &self.labels[at];
                (
                    l.node as usize,
                    l.hops as usize,
                    l.cost,
                    l.parent == NO_PARENT,
                )
            };
            if !entry.exact {
                // The bound was a guess that may still grow: make it exact (a label is
                // processed only in the order of its exact key, or the first label to
                // reach a node might not be its best), and let the label wait its turn
                // again if the key grew.
                self.bound.tighten(self.g, self.roles, v, f64::INFINITY);
                let (lb, _) = self.bound.cost(self.g, self.roles, v, self.max_hops - hops);
                let key = cost + lb;
                if !key.is_finite() {
                    continue;
                }
                if key > entry.key.0 {
                    self.queue(key, entry.hop_key, entry.label, true, &mut seq);
                    continue;
                }
            }
            if self.beaten(at) {
                continue;
            }
            // A target ends a path; a start is a source or a spur node, never a target.
            if !is_start && self.roles.is(v, TARGET) {
                if !at_target(self.reached(at)) {
                    return;
                }
                continue;
            }
            if hops >= self.max_hops {
                continue;
            }
            next.clear();
            let (roles, blocked, stamp) = (self.roles, &self.blocked, self.stamp);
            self.g.for_each_neighbor(v, |u, c| {
                if !c.is_finite() || blocked.get(u) == Some(&stamp) {
                    return;
                }
                if is_start && not_first.contains(&u) {
                    return;
                }
                if let Some(enter) = roles.entry(u) {
                    next.push((u, cost + c + enter));
                }
            });
            for &(u, total) in &next {
                self.push(u, hops + 1, total, at as u32, &mut seq);
            }
        }
    }
}

/// Orders found paths by (cost, hops), as the search ranks them.
pub(super) fn by_cost_then_hops(a: (f64, usize), b: (f64, usize)) -> Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}
