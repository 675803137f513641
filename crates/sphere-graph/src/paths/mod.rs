//! Exact k-best loopless paths, with or without a hop bound.
//!
//! The search is best-first over *partial paths* (a tree search, so every loopless path is
//! its own state) guided by an admissible lower bound on the cost still to go:
//!
//! * with a hop bound `H`, the bound is the exact cheapest way to a target in at most `h`
//!   more hops when loops were allowed (`lb(v, h)`), computed backwards from the targets
//!   layer by layer for the first few layers (Bellman–Ford by hops over the frontier only),
//!   and forwards from the sources with memoisation for the rest, so a query touches the
//!   neighbourhoods of both ends and not the whole graph;
//! * without a hop bound, the bound is the Dijkstra distance to the targets, computed by a
//!   backward Dijkstra that is advanced lazily: only as far as the forward search needs.
//!
//! Partial paths leave the queue in order of (cost so far + bound, hops so far + a lower
//! bound on the hops still to go), so complete paths leave it in order of (cost, hops): the
//! first `k` complete paths are exactly the `k` best. The rules, which the brute-force
//! oracle in the tests states again: a path starts at a source, ends at a target, visits
//! no node twice, never passes through a source, a target or an excluded node, and costs
//! the sum of its edges plus the penalties of its intermediate nodes.
//!
//! On dense graphs with many near-equal paths (a face-to-face contact log: everyone met
//! everyone in their class, many ties at full strength) the partial paths that might still
//! win are too many to hold. Past a budget the search hands the query to Yen's algorithm
//! (`yen.rs`), whose cost grows with k and the paths' length only, on the same rules and
//! the same bound: every query is answered, exactly.
//!
//! [`best_per_target`] ranks distinct targets instead (paths into an organization): each
//! target's best path, the targets with the best ones first, with the next-best paths to
//! the same target.

mod bound;
mod per_target;
mod spur;
mod yen;

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use bound::{Bound, Layered, Lazy};
pub use per_target::best_per_target;

/// The view of a graph the path search needs: nodes are dense indices `0..node_bound()`
/// (some may be vacant), edges are undirected with a non-negative cost.
pub trait PathGraph {
    /// Every node index is below this.
    fn node_bound(&self) -> usize;
    /// Calls `f(neighbour, cost)` for each edge at `v` (cost ≥ 0; an infinite cost is an
    /// edge no path may use).
    fn for_each_neighbor(&self, v: usize, f: impl FnMut(usize, f64));
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct KBestQuery {
    /// Paths start at one of these (duplicates ignored).
    pub sources: Vec<usize>,
    /// Paths end at one of these; a node that is also a source is not a target.
    pub targets: Vec<usize>,
    /// How many paths (the k best).
    pub k: usize,
    /// At most this many edges per path; `None` = no bound.
    pub max_hops: Option<usize>,
    /// Nodes no path may contain (anywhere).
    pub excluded: Vec<usize>,
    /// Extra cost (≥ 0) for passing *through* a node (intermediate nodes only), indexed by
    /// node; empty = no penalties.
    pub node_penalty: Vec<f64>,
    /// Hand the query to Yen's algorithm once the best-first search holds this many
    /// partial paths (and ways to go on); `None` = [`default_budget`].
    pub budget: Option<usize>,
}

/// How many partial paths (and ways to go on) the best-first search may hold before Yen's
/// algorithm takes over: 40 per node, at least 10,000 and at most 100,000 (a few MB).
/// Queries on a synthetic network of 100,000 people and a million ties need at most about
/// 35,000; on a dense contact log of 242 people most need far more, and there Yen's
/// algorithm answers faster than more best-first work would.
pub fn default_budget(nodes: usize) -> usize {
    nodes.saturating_mul(40).clamp(10_000, 100_000)
}

/// How many edge relaxations the backward layers may cost before the rest of the bound is
/// computed forwards from the sources instead.
const BACKWARD_WORK: usize = 200_000;

/// Hop bounds up to this use the layered bound (hops are counted in a `u8`).
const MAX_LAYERED_HOPS: usize = 64;

/// One path: `nodes[0]` a source, `nodes.last()` a target, all distinct.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPath {
    pub nodes: Vec<usize>,
    /// Sum of edge costs plus penalties of intermediate nodes.
    pub cost: f64,
}

/// Which method answered a query (for tests and benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The best-first search over partial paths finished within its budget.
    BestFirst,
    /// It did not; Yen's algorithm answered.
    Yen,
}

/// Node roles for one query.
const SOURCE: u8 = 1;
const TARGET: u8 = 2;
const EXCLUDED: u8 = 4;

struct Roles {
    role: Vec<u8>,
    penalty: Vec<f64>,
}

impl Roles {
    fn new(n: usize, q: &KBestQuery) -> Self {
        let mut role = vec![0u8; n];
        for &x in &q.excluded {
            if let Some(r) = role.get_mut(x) {
                *r |= EXCLUDED;
            }
        }
        for &s in &q.sources {
            if let Some(r) = role.get_mut(s) {
                *r |= SOURCE;
            }
        }
        for &t in &q.targets {
            if let Some(r) = role.get_mut(t)
                && *r & SOURCE == 0
            {
                *r |= TARGET;
            }
        }
        // Without penalties (the common case) no per-node array is needed.
        let penalty = if q.node_penalty.iter().any(|p| p.is_finite() && *p > 0.0) {
            (0..n)
                .map(|v| {
                    q.node_penalty
                        .get(v)
                        .copied()
                        .filter(|p| p.is_finite() && *p > 0.0)
                        .unwrap_or(0.0)
                })
                .collect()
        } else {
            Vec::new()
        };
        Self { role, penalty }
    }

    fn is(&self, v: usize, flag: u8) -> bool {
        self.role.get(v).is_some_and(|r| r & flag != 0)
    }

    /// May a path step onto `v`, and what does that cost beyond the edge? `None` for a node
    /// no path may enter (excluded, or a source); a target costs nothing, an intermediate
    /// its penalty.
    fn entry(&self, v: usize) -> Option<f64> {
        let r = *self.role.get(v)?;
        if r & (EXCLUDED | SOURCE) != 0 {
            None
        } else if r & TARGET != 0 {
            Some(0.0)
        } else {
            Some(self.penalty.get(v).copied().unwrap_or(0.0))
        }
    }
}

/// An `f64` ordered totally (costs are never NaN here).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost(f64);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A partial path: its last node, the partial path it extends, its cost and hops.
struct Partial {
    node: u32,
    parent: u32,
    cost: f64,
    hops: u16,
}

const ROOT: u32 = u32::MAX;

/// One way an expanded partial path can go on, not made into a partial path until its turn
/// comes (most never do: a hub has hundreds of neighbours, and only the cheapest few matter).
struct Child {
    node: u32,
    cost: f64,
    key: f64,
    hop_key: usize,
    exact: bool,
}

/// The children of one expanded partial path: `children[start..start + len]`, best first.
struct Family {
    parent: u32,
    start: u32,
    len: u32,
}

/// What a queue entry stands for.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    /// The partial path `arena[at]`; `exact` is false while its bound may still be
    /// tightened.
    Path { at: u32, exact: bool },
    /// The `i`-th best child of `families[family]`; the next one waits behind it.
    Next { family: u32, i: u32 },
}

/// Queue entry: (bound on total cost, bound on total hops, sequence), then what it is.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    key: Cost,
    hop_key: usize,
    seq: u64,
    item: Item,
}

/// The `k` best loopless paths from any source to any target, best first: ordered by cost,
/// then by fewer hops. Exact (not a heuristic), and always answered.
pub fn k_best_paths<G: PathGraph>(g: &G, q: &KBestQuery) -> Vec<FoundPath> {
    k_best_paths_traced(g, q).0
}

/// [`k_best_paths`], and which method answered.
pub fn k_best_paths_traced<G: PathGraph>(g: &G, q: &KBestQuery) -> (Vec<FoundPath>, Method) {
    k_best_paths_with(g, q, BACKWARD_WORK)
}

/// [`k_best_paths`] with the share of backward work chosen (the tests use tiny and huge
/// shares so both ways of computing the bound are checked).
fn k_best_paths_with<G: PathGraph>(
    g: &G,
    q: &KBestQuery,
    backward_work: usize,
) -> (Vec<FoundPath>, Method) {
    let n = g.node_bound();
    let roles = Roles::new(n, q);
    if q.k == 0 || q.max_hops == Some(0) || !(0..n).any(|v| roles.is(v, TARGET)) {
        return (Vec::new(), Method::BestFirst);
    }
    match q.max_hops {
        Some(h) if h <= MAX_LAYERED_HOPS => {
            search(g, q, &roles, Layered::new(g, &roles, h, backward_work), h)
        }
        // A bound this loose is no bound in practice; the unbounded lower bound is still
        // admissible under it.
        Some(h) => search(g, q, &roles, Lazy::new(&roles), h),
        None => search(g, q, &roles, Lazy::new(&roles), usize::MAX),
    }
}

fn search<G: PathGraph, B: Bound>(
    g: &G,
    q: &KBestQuery,
    roles: &Roles,
    mut bound: B,
    max_hops: usize,
) -> (Vec<FoundPath>, Method) {
    let budget = q.budget.unwrap_or_else(|| default_budget(g.node_bound()));
    let mut arena: Vec<Partial> = Vec::new();
    let mut children: Vec<Child> = Vec::new();
    let mut families: Vec<Family> = Vec::new();
    let mut heap: BinaryHeap<Reverse<Entry>> = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<Reverse<Entry>>, key: f64, hop_key: usize, item| {
        heap.push(Reverse(Entry {
            key: Cost(key),
            hop_key,
            seq,
            item,
        }));
        seq += 1;
    };
    let mut sources: Vec<usize> = q
        .sources
        .iter()
        .copied()
        .filter(|&s| s < roles.role.len() && !roles.is(s, EXCLUDED))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    for s in sources {
        let (lb, exact) = bound.cost(g, roles, s, max_hops);
        if lb.is_finite() && bound.hops(s) <= max_hops {
            arena.push(Partial {
                node: s as u32,
                parent: ROOT,
                cost: 0.0,
                hops: 0,
            });
            let at = (arena.len() - 1) as u32;
            let item = Item::Path { at, exact };
            push(&mut heap, lb, bound.hops(s), item);
        }
    }
    let mut found: Vec<FoundPath> = Vec::new();
    let mut on_path: Vec<usize> = Vec::new();
    while let Some(Reverse(entry)) = heap.pop() {
        let (at, exact) = match entry.item {
            Item::Path { at, exact } => (at as usize, exact),
            Item::Next { family, i } => {
                // Make this child a partial path, and let its next sibling wait its turn.
                let f = &families[family as usize];
                let c = &children[(f.start + i) as usize];
                if arena.len() + children.len() >= budget {
                    // Too many near-equal partial paths: Yen's algorithm answers instead,
                    // with the bound computed so far.
                    drop((arena, children, families, heap));
                    let paths = yen::k_shortest(g, q, roles, &mut bound, max_hops);
                    return (paths, Method::Yen);
                }
                let hops = arena[f.parent as usize].hops.saturating_add(1);
                arena.push(Partial {
                    node: c.node,
                    parent: f.parent,
                    cost: c.cost,
                    hops,
                });
                let item = Item::Path {
                    at: (arena.len() - 1) as u32,
                    exact: c.exact,
                };
                push(&mut heap, c.key, c.hop_key, item);
                if i + 1 < f.len {
                    let next = &children[(f.start + i + 1) as usize];
                    let item = Item::Next { family, i: i + 1 };
                    push(&mut heap, next.key, next.hop_key, item);
                }
                continue;
            }
        };
        let (v, cost, hops) = {
            let p = &arena[at];
            (p.node as usize, p.cost, usize::from(p.hops))
        };
        if roles.is(v, TARGET) {
            found.push(FoundPath {
                nodes: walk(&arena, at),
                cost,
            });
            if found.len() == q.k {
                break;
            }
            continue;
        }
        if !exact {
            bound.tighten(g, roles, v, entry.key.0);
            let (lb, exact) = bound.cost(g, roles, v, max_hops - hops);
            let key = cost + lb;
            // A bound that grew sends the path back to wait its turn; otherwise it is
            // expanded now (its key is still a valid lower bound).
            if key > entry.key.0 {
                if key.is_finite() {
                    let item = Item::Path {
                        at: at as u32,
                        exact,
                    };
                    push(&mut heap, key, entry.hop_key, item);
                }
                continue;
            }
        }
        on_path.clear();
        let mut x = at as u32;
        while x != ROOT {
            on_path.push(arena[x as usize].node as usize);
            x = arena[x as usize].parent;
        }
        // Expand by one hop: every child with its bound, best first, made one at a time.
        let start = children.len();
        let hops = hops + 1;
        g.for_each_neighbor(v, |u, c| {
            if !c.is_finite() {
                return;
            }
            let Some(enter) = roles.entry(u) else {
                return;
            };
            let h_lb = bound.hops(u);
            if on_path.contains(&u) || hops.saturating_add(h_lb) > max_hops {
                return;
            }
            let (lb, exact) = bound.cost(g, roles, u, max_hops.saturating_sub(hops));
            let total = cost + c + enter;
            let key = total + lb;
            if key.is_finite() {
                children.push(Child {
                    node: u as u32,
                    cost: total,
                    key,
                    hop_key: hops + h_lb,
                    exact,
                });
            }
        });
        if children.len() > start {
            children[start..].sort_unstable_by(|a, b| {
                a.key
                    .total_cmp(&b.key)
                    .then(a.hop_key.cmp(&b.hop_key))
                    .then(a.node.cmp(&b.node))
            });
            families.push(Family {
                parent: at as u32,
                start: start as u32,
                len: (children.len() - start) as u32,
            });
            let first = &children[start];
            let item = Item::Next {
                family: (families.len() - 1) as u32,
                i: 0,
            };
            push(&mut heap, first.key, first.hop_key, item);
        }
    }
    (found, Method::BestFirst)
}

/// Settles every node reachable from `source` with a plain Dijkstra over the costs (the
/// simplest exact shortest-path query, for benchmarks); returns how many it settled.
pub fn dijkstra_reach<G: PathGraph>(g: &G, source: usize) -> usize {
    let n = g.node_bound();
    if source >= n {
        return 0;
    }
    let mut dist = vec![f64::INFINITY; n];
    let mut heap = BinaryHeap::new();
    dist[source] = 0.0;
    heap.push(Reverse((Cost(0.0), source)));
    let mut settled = 0;
    while let Some(Reverse((Cost(d), v))) = heap.pop() {
        if d > dist[v] {
            continue;
        }
        settled += 1;
        g.for_each_neighbor(v, |u, c| {
            let through = d + c;
            if through < dist[u] {
                dist[u] = through;
                heap.push(Reverse((Cost(through), u)));
            }
        });
    }
    settled
}

/// The nodes of the partial path at `at`, from its source.
fn walk(arena: &[Partial], at: usize) -> Vec<usize> {
    let mut nodes = Vec::new();
    let mut x = at as u32;
    while x != ROOT {
        nodes.push(arena[x as usize].node as usize);
        x = arena[x as usize].parent;
    }
    nodes.reverse();
    nodes
}

#[cfg(test)]
mod dense_tests;
#[cfg(test)]
mod tests;
