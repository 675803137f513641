//! The lower bounds that guide the search: the cost (and hops) still to go from a node to
//! the nearest target, never more than the truth.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::{Cost, EXCLUDED, PathGraph, Roles, TARGET};

/// A lower bound on the cost (and hops) from a node to the nearest target.
pub(super) trait Bound {
    /// `(cost, exact)` from `v` with at most `hops_left` hops (ignored when unbounded);
    /// `exact = false` means the bound may still grow (see [`Bound::tighten`]).
    fn cost<G: PathGraph>(
        &mut self,
        g: &G,
        roles: &Roles,
        v: usize,
        hops_left: usize,
    ) -> (f64, bool);
    /// A lower bound on the hops from `v` to a target.
    fn hops(&self, v: usize) -> usize;
    /// Does more work so that `cost(v)` is exact or at least `at_least`.
    fn tighten<G: PathGraph>(&mut self, _g: &G, _roles: &Roles, _v: usize, _at_least: f64) {}
}

/// The hop-bounded bound: `lb(v, h)`, the cheapest walk (loops allowed) from `v` to a target
/// in at most `h` hops, entering only nodes a path may enter.
pub(super) struct Layered {
    /// `table[h][v]` for `h <= depth`.
    table: Vec<Vec<f64>>,
    /// Hops from `v` to a target when at most `depth`, else `depth + 1`.
    hop: Vec<u8>,
    depth: usize,
    memo: HashMap<(u32, u8), f64>,
}

impl Layered {
    pub(super) fn new<G: PathGraph>(
        g: &G,
        roles: &Roles,
        max_hops: usize,
        work_limit: usize,
    ) -> Self {
        let n = roles.role.len();
        let mut layer = vec![f64::INFINITY; n];
        let mut hop = vec![u8::MAX; n];
        let mut frontier: Vec<usize> = Vec::new();
        for v in 0..n {
            if roles.is(v, TARGET) {
                layer[v] = 0.0;
                hop[v] = 0;
                frontier.push(v);
            }
        }
        let mut table = vec![layer];
        // Layers 1..=max_hops-1 may be needed (a source needs `max_hops`, but only at the
        // start, where the forward memo is cheap).
        let wanted = max_hops.saturating_sub(1);
        let mut work = 0usize;
        while table.len() <= wanted && !frontier.is_empty() && work <= work_limit {
            let h = table.len();
            let prev = &table[h - 1];
            let mut next = prev.clone();
            let mut changed: Vec<usize> = Vec::new();
            for &x in &frontier {
                // Only a node a path may enter can be stepped onto on the way to a target.
                let Some(enter) = roles.entry(x) else {
                    continue;
                };
                let via = enter + prev[x];
                g.for_each_neighbor(x, |y, c| {
                    work += 1;
                    let cand = c + via;
                    if cand < next[y] && !roles.is(y, EXCLUDED) && !roles.is(y, TARGET) {
                        if next[y] == f64::INFINITY {
                            hop[y] = hop[y].min(h as u8);
                        }
                        if prev[y] == next[y] {
                            changed.push(y);
                        }
                        next[y] = cand;
                    }
                });
            }
            changed.sort_unstable();
            changed.dedup();
            frontier = changed;
            table.push(next);
        }
        let depth = table.len() - 1;
        // Nodes that did not appear within `depth` hops need more than `depth`; when the
        // frontier ran dry they can never reach a target at all.
        let unreachable = frontier.is_empty();
        for h in &mut hop {
            if *h == u8::MAX {
                *h = if unreachable {
                    u8::MAX
                } else {
                    depth as u8 + 1
                };
            }
        }
        Self {
            table,
            hop,
            depth,
            memo: HashMap::new(),
        }
    }

    fn lb<G: PathGraph>(&mut self, g: &G, roles: &Roles, v: usize, h: usize) -> f64 {
        if roles.is(v, TARGET) {
            return 0.0;
        }
        if usize::from(self.hop[v]) > h {
            return f64::INFINITY;
        }
        if h <= self.depth {
            return self.table[h][v];
        }
        let key = (v as u32, h as u8);
        if let Some(&c) = self.memo.get(&key) {
            return c;
        }
        let mut steps: Vec<(usize, f64)> = Vec::new();
        g.for_each_neighbor(v, |u, c| {
            if c.is_finite()
                && let Some(enter) = roles.entry(u)
            {
                steps.push((u, c + enter));
            }
        });
        let mut best = f64::INFINITY;
        for (u, c) in steps {
            if c >= best {
                continue;
            }
            let rest = if roles.is(u, TARGET) {
                0.0
            } else {
                self.lb(g, roles, u, h - 1)
            };
            best = best.min(c + rest);
        }
        self.memo.insert(key, best);
        best
    }
}

impl Bound for Layered {
    fn cost<G: PathGraph>(&mut self, g: &G, roles: &Roles, v: usize, h: usize) -> (f64, bool) {
        (self.lb(g, roles, v, h), true)
    }

    fn hops(&self, v: usize) -> usize {
        usize::from(self.hop[v])
    }
}

/// The unbounded bound: Dijkstra distances to the targets, settled lazily.
pub(super) struct Lazy {
    dist: Vec<f64>,
    settled: Vec<bool>,
    heap: BinaryHeap<Reverse<(Cost, usize)>>,
}

impl Lazy {
    pub(super) fn new(roles: &Roles) -> Self {
        let n = roles.role.len();
        let mut dist = vec![f64::INFINITY; n];
        let mut heap = BinaryHeap::new();
        for (v, d) in dist.iter_mut().enumerate() {
            if roles.is(v, TARGET) {
                *d = 0.0;
                heap.push(Reverse((Cost(0.0), v)));
            }
        }
        Self {
            dist,
            settled: vec![false; n],
            heap,
        }
    }

    /// Every node not yet settled is at least this far from the targets.
    fn radius(&self) -> f64 {
        self.heap
            .peek()
            .map_or(f64::INFINITY, |Reverse((c, _))| c.0)
    }

    /// Settles one more node; `false` when there is none.
    fn step<G: PathGraph>(&mut self, g: &G, roles: &Roles) -> bool {
        while let Some(Reverse((Cost(d), x))) = self.heap.pop() {
            if self.settled[x] || d > self.dist[x] {
                continue;
            }
            self.settled[x] = true;
            // Continue through `x` only if a path may pass it (or end there).
            if let Some(enter) = roles.entry(x) {
                let via = d + enter;
                let (dist, heap) = (&mut self.dist, &mut self.heap);
                g.for_each_neighbor(x, |y, c| {
                    let cand = via + c;
                    if cand < dist[y] && !roles.is(y, EXCLUDED) && !roles.is(y, TARGET) {
                        dist[y] = cand;
                        heap.push(Reverse((Cost(cand), y)));
                    }
                });
            }
            return true;
        }
        false
    }
}

impl Bound for Lazy {
    fn cost<G: PathGraph>(&mut self, _g: &G, _r: &Roles, v: usize, _h: usize) -> (f64, bool) {
        if self.settled[v] {
            (self.dist[v], true)
        } else if self.heap.is_empty() {
            (f64::INFINITY, true)
        } else {
            (self.radius().min(self.dist[v]), false)
        }
    }

    fn hops(&self, _v: usize) -> usize {
        0
    }

    fn tighten<G: PathGraph>(&mut self, g: &G, roles: &Roles, v: usize, at_least: f64) {
        while !self.settled[v] && self.radius() <= at_least {
            if !self.step(g, roles) {
                break;
            }
        }
    }
}
