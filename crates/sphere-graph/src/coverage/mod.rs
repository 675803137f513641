//! Coverage: how the team's relationships reach each target account.
//!
//! For every member of the team (the user and the colleagues marked as team) and every
//! account (an organization; its people are those whose organization it is):
//!
//! * **the best path** from the member to anyone there within [`MAX_TIES`] ties (direct, one
//!   hop, two hops), ranked as warm paths are (the product of the tie strengths, a doubtful
//!   tie at half), with whom it ends at. One hop-bounded search per member (Bellman–Ford by
//!   hops over the frontier, exact for non-negative costs, as in [`crate::leverage`]).
//! * **threads**: people there with a direct tie to a member that is at least medium
//!   ([`MEDIUM_FROM`]) and has a two-way touch in the last [`THREAD_DAYS`] days. The
//!   caller passes the last two-way touches (the graph holds summaries, not the log).
//! * **hidden ties**: direct ties with no interaction on record, whose contact Sphere cannot
//!   see (a colleague's connections imported from their export), unless the user rated them
//!   below medium by hand. They make the verdict [`Verdict::Unknown`] when they could change it
//!   (see [`rules::verdict`]); the verdict from what is known is kept beside it, and risk is
//!   ranked by the worse of the two ([`effective_risk`]).
//! * the **verdict**, the **concentration** on our side, **stale** (no thread, and the last
//!   two-way touch with anyone there is older than [`THREAD_DAYS`]), and the **roles**
//!   against the tier's template.
//!
//! **What if.** [`Leaves::Member`] computes the same as if the member and their ties were
//! gone from the network; [`Leaves::Account`] as if the person no longer worked at their
//! organization (they still know whom they know, so paths may pass through them). Tests
//! check both against a graph rebuilt without them.

pub mod rules;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use petgraph::graph::NodeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};
use sphere_domain::Id;
use sphere_domain::account::{AccountRole, MEDIUM_FROM, THREAD_DAYS, Verdict};

use crate::SphereGraph;
use crate::paths::PathGraph;
pub use rules::{RoleCover, RoleState, Threads};

/// The longest path into an account, in ties: direct, one hop, two hops.
pub const MAX_TIES: usize = 3;

/// Who leaves, for a "what if".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Leaves {
    #[default]
    Nobody,
    /// A member leaves the team, with their relationships.
    Member(Id),
    /// A person leaves the organization they are at.
    Account(Id),
}

/// One target account to cover.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountSpec {
    pub organization_id: Id,
    /// The roles its tier's template asks for.
    pub required: Vec<AccountRole>,
}

/// What coverage needs besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct CoverageInput<'a> {
    pub accounts: &'a [AccountSpec],
    /// The team: the user and the colleagues marked as team (people not in the graph are
    /// ignored).
    pub members: &'a [Id],
    /// The last two-way touch by `(member, person)` (see `sphere_store::accounts`).
    pub last_two_way: &'a HashMap<(Id, Id), DateTime<Utc>>,
    /// Confirmed roles by person.
    pub roles: &'a HashMap<Id, Vec<AccountRole>>,
    pub now: DateTime<Utc>,
    pub leaves: Leaves,
}

/// A path into an account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    pub member: Id,
    /// Whom at the account it ends at.
    pub person: Id,
    /// `exp(−cost)`: the product of the tie strengths (a doubtful tie at half).
    pub strength: f64,
    /// 1 direct, 2 one hop, 3 two hops.
    pub ties: u8,
}

/// A member's direct tie with someone at an account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectTie {
    pub member: Id,
    pub strength: f64,
    pub last_two_way: Option<DateTime<Utc>>,
    /// No interaction on record: its contact is unknown.
    pub hidden: bool,
    /// Warm and recent: a thread.
    pub thread: bool,
}

/// One person at an account: the members' direct ties and the best path to them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonCover {
    pub person: Id,
    pub ties: Vec<DirectTie>,
    pub best: Option<Reach>,
}

/// One member at one account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub member: Id,
    pub best: Option<Reach>,
    /// People there with whom this member holds a thread.
    pub threads: u32,
}

/// One account's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountCover {
    pub organization_id: Id,
    /// Everyone there, ascending by id.
    pub people: Vec<PersonCover>,
    /// One per member, in the members' order.
    pub cells: Vec<Cell>,
    pub best: Option<Reach>,
    pub threads: Threads,
    /// `(person, member)` ties whose contact is unknown.
    pub hidden: Vec<(Id, Id)>,
    /// The member holding most threads and their share.
    pub concentration: Option<(Id, f64)>,
    pub verdict: Verdict,
    /// The verdict from what is known alone (the hidden ties left out): what an unknown
    /// verdict is at worst, for ranking risk.
    pub known_verdict: Verdict,
    /// No thread, and the last two-way touch with anyone there is older than
    /// [`THREAD_DAYS`].
    pub stale: bool,
    /// The last two-way touch between a member and anyone there.
    pub last_two_way: Option<DateTime<Utc>>,
    pub roles: Vec<RoleCover>,
}

impl SphereGraph {
    /// The coverage of every account in `input`, in its order.
    pub fn coverage(&self, input: &CoverageInput<'_>) -> Vec<AccountCover> {
        let leaving_member = match input.leaves {
            Leaves::Member(m) => Some(m),
            _ => None,
        };
        let left_account = match input.leaves {
            Leaves::Account(p) => Some(p),
            _ => None,
        };
        let mut members: Vec<Id> = input
            .members
            .iter()
            .copied()
            .filter(|m| self.nodes.contains_key(m) && Some(*m) != leaving_member)
            .collect();
        members.sort_unstable();
        members.dedup();

        // Accounts by organization, and their people.
        let slot: HashMap<Id, usize> = input
            .accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.organization_id, i))
            .collect();
        let mut people: Vec<BTreeMap<Id, PersonCover>> =
            vec![BTreeMap::new(); input.accounts.len()];
        // The account of each node index (usize::MAX: none).
        let mut account_of = vec![usize::MAX; self.g.node_bound()];
        for n in self.g.node_indices() {
            let Some(p) = self.g.node_weight(n) else {
                continue;
            };
            if Some(p.id) == left_account || Some(p.id) == leaving_member {
                continue;
            }
            if let Some(&i) = p.organization_id.as_ref().and_then(|o| slot.get(o)) {
                account_of[n.index()] = i;
                people[i].insert(
                    p.id,
                    PersonCover {
                        person: p.id,
                        ties: Vec::new(),
                        best: None,
                    },
                );
            }
        }

        let since = input.now - Duration::days(THREAD_DAYS);
        let blocked: Vec<usize> = leaving_member
            .and_then(|m| self.nodes.get(&m))
            .map(|n| vec![n.index()])
            .unwrap_or_default();
        let adjacency = self.adjacency();
        let mut cells: Vec<Vec<Cell>> =
            vec![Vec::with_capacity(members.len()); input.accounts.len()];
        for &member in &members {
            let Some(&me) = self.nodes.get(&member) else {
                continue;
            };
            let mut best: Vec<Option<Reach>> = vec![None; input.accounts.len()];
            let mut threads = vec![0u32; input.accounts.len()];
            for (node, cost, ties) in hop_bounded(adjacency, me.index(), MAX_TIES, &blocked) {
                let Some(&i) = account_of.get(node) else {
                    continue;
                };
                if i == usize::MAX || node == me.index() {
                    continue;
                }
                let Some(person) = self.g.node_weight(NodeIndex::new(node)).map(|p| p.id) else {
                    continue;
                };
                let reach = Reach {
                    member,
                    person,
                    strength: (-cost).exp(),
                    ties,
                };
                if let Some(pc) = people[i].get_mut(&person)
                    && better(&reach, pc.best.as_ref())
                {
                    pc.best = Some(reach);
                }
                if better(&reach, best[i].as_ref()) {
                    best[i] = Some(reach);
                }
            }
            // Direct ties: threads and hidden contact.
            for e in self.g.edges(me) {
                let other = if e.source() == me {
                    e.target()
                } else {
                    e.source()
                };
                let Some(&i) = account_of.get(other.index()) else {
                    continue;
                };
                if i == usize::MAX {
                    continue;
                }
                let Some(person) = self.g.node_weight(other).map(|p| p.id) else {
                    continue;
                };
                let w = e.weight();
                let last = input
                    .last_two_way
                    .get(&(member, person))
                    .copied()
                    .filter(|t| *t <= input.now);
                let thread = w.strength >= MEDIUM_FROM && last.is_some_and(|t| t >= since);
                // No interaction on record: whether they are in touch is unknown, unless
                // the user rated the tie too weak to be a thread whatever its contact.
                let hidden = w.record.stats.count == 0
                    && !thread
                    && w.record.strength_override.is_none_or(|o| o >= MEDIUM_FROM);
                threads[i] += u32::from(thread);
                if let Some(pc) = people[i].get_mut(&person) {
                    pc.ties.push(DirectTie {
                        member,
                        strength: w.strength,
                        last_two_way: last,
                        hidden,
                        thread,
                    });
                }
            }
            for (i, cell) in cells.iter_mut().enumerate() {
                cell.push(Cell {
                    member,
                    best: best[i],
                    threads: threads[i],
                });
            }
        }

        input
            .accounts
            .iter()
            .zip(people)
            .zip(cells)
            .map(|((spec, people), cells)| account(spec, people, cells, input))
            .collect()
    }
}

/// How risky an account is: an unknown verdict counts as what is known makes it at worst
/// (an account with no known thread and one unknown tie ranks with those without a thread).
pub fn effective_risk(verdict: Verdict, known: Verdict) -> u8 {
    if verdict == Verdict::Unknown {
        verdict.risk().max(known.risk())
    } else {
        verdict.risk()
    }
}

/// Whether `a` is a better path than `b`: stronger, then fewer ties, then the lower ids.
fn better(a: &Reach, b: Option<&Reach>) -> bool {
    match b {
        None => true,
        Some(b) => {
            let key = |r: &Reach| {
                (
                    std::cmp::Reverse(ordered(r.strength)),
                    r.ties,
                    r.member,
                    r.person,
                )
            };
            key(a) < key(b)
        }
    }
}

/// A strength as an integer key (strengths are in [0, 1]).
fn ordered(s: f64) -> u64 {
    (s.clamp(0.0, 1.0) * 1e12).round() as u64
}

fn account(
    spec: &AccountSpec,
    people: BTreeMap<Id, PersonCover>,
    cells: Vec<Cell>,
    input: &CoverageInput<'_>,
) -> AccountCover {
    let mut threads: Threads = BTreeMap::new();
    let mut hidden = Vec::new();
    let mut reached = BTreeSet::new();
    let mut last_two_way: Option<DateTime<Utc>> = None;
    for pc in people.values() {
        if pc.best.is_some() {
            reached.insert(pc.person);
        }
        for t in &pc.ties {
            if t.thread {
                threads.entry(pc.person).or_default().insert(t.member);
            }
            if t.hidden {
                hidden.push((pc.person, t.member));
            }
            last_two_way = last_two_way.max(t.last_two_way);
        }
    }
    let best = cells
        .iter()
        .filter_map(|c| c.best)
        .fold(None, |acc: Option<Reach>, r| {
            if better(&r, acc.as_ref()) {
                Some(r)
            } else {
                acc
            }
        });
    let verdict = rules::verdict(&threads, &hidden, best.is_some());
    let known_verdict = rules::known_verdict(&threads, best.is_some());
    let held: Vec<(Id, Vec<AccountRole>)> = people
        .keys()
        .filter_map(|p| input.roles.get(p).map(|r| (*p, r.clone())))
        .collect();
    let held_refs: Vec<(Id, &[AccountRole])> =
        held.iter().map(|(p, r)| (*p, r.as_slice())).collect();
    let roles = rules::role_cover(&spec.required, &held_refs, &threads, &reached);
    AccountCover {
        organization_id: spec.organization_id,
        cells,
        best,
        concentration: rules::concentration(&threads),
        stale: threads.is_empty()
            && last_two_way.is_some_and(|t| t < input.now - Duration::days(THREAD_DAYS)),
        last_two_way,
        verdict,
        known_verdict,
        threads,
        hidden,
        roles,
        people: people.into_values().collect(),
    }
}

/// The cheapest cost from `start` to every node within `max_hops` edges, never entering
/// `blocked`, with the number of edges of the cheapest walk found (the fewest among equal
/// costs). Returns `(node, cost, edges)` for every node reached but `start`, by node.
///
/// Bellman–Ford by hops over the frontier: with non-negative costs the cheapest walk of at
/// most `h` edges is as cheap as the cheapest simple path of at most `h` edges. Arrays over
/// the node indices rather than maps: from a well-connected member three hops reach most
/// of a large network.
fn hop_bounded(
    g: &impl PathGraph,
    start: usize,
    max_hops: usize,
    blocked: &[usize],
) -> Vec<(usize, f64, u8)> {
    let n = g.node_bound();
    if start >= n {
        return Vec::new();
    }
    let mut cost = vec![f64::INFINITY; n];
    let mut edges = vec![0u8; n];
    // The hop at which a node last joined the frontier (0: never), to add it once per hop.
    let mut queued = vec![0u8; n];
    let mut reached: Vec<usize> = Vec::new();
    cost[start] = 0.0;
    // Each frontier node with its cost as the previous hop left it: a cost lowered during
    // this hop must not be extended in the same hop (that walk would have one edge too many).
    let mut frontier: Vec<(usize, f64)> = vec![(start, 0.0)];
    for hop in 1..=max_hops.min(u8::MAX as usize) {
        let mut next: Vec<usize> = Vec::new();
        for &(v, c) in &frontier {
            g.for_each_neighbor(v, |u, w| {
                if !w.is_finite() || blocked.contains(&u) {
                    return;
                }
                let nc = c + w;
                if nc < cost[u] {
                    if cost[u].is_infinite() {
                        reached.push(u);
                    }
                    cost[u] = nc;
                    edges[u] = hop as u8;
                    if queued[u] != hop as u8 {
                        queued[u] = hop as u8;
                        next.push(u);
                    }
                }
            });
        }
        if next.is_empty() {
            break;
        }
        frontier = next.into_iter().map(|v| (v, cost[v])).collect();
    }
    reached.sort_unstable();
    reached
        .into_iter()
        .filter(|&u| u != start)
        .map(|u| (u, cost[u], edges[u]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::testing::{Adj, graph};

    /// Every simple path of at most `max` edges from `v`, depth first: the cheapest cost per
    /// node and the edge counts of the paths that reach it at that cost.
    struct Walk<'a> {
        g: &'a Adj,
        max: usize,
        blocked: &'a [usize],
        on: Vec<usize>,
        best: HashMap<usize, (f64, Vec<usize>)>,
    }

    fn brute(w: &mut Walk<'_>, v: usize, cost: f64, depth: usize) {
        if depth == w.max {
            return;
        }
        let g = w.g;
        for &(u, c) in &g.0[v] {
            if w.on.contains(&u) || w.blocked.contains(&u) || !c.is_finite() {
                continue;
            }
            let total = cost + c;
            let slot = w.best.entry(u).or_insert((f64::INFINITY, Vec::new()));
            if total < slot.0 - 1e-12 {
                *slot = (total, vec![depth + 1]);
            } else if (total - slot.0).abs() <= 1e-12 {
                slot.1.push(depth + 1);
            }
            w.on.push(u);
            brute(w, u, total, depth + 1);
            w.on.pop();
        }
    }

    proptest! {
        #[test]
        fn hop_bounded_costs_equal_every_short_path(
            n in 2usize..9,
            raw in proptest::collection::vec((0usize..9, 0usize..9, 0.0f64..3.0), 0..20),
            max in 1usize..4,
            blocked in proptest::option::of(1usize..9),
        ) {
            let edges: Vec<(usize, usize, f64)> =
                raw.into_iter().map(|(a, b, c)| (a % n, b % n, c)).collect();
            let g = graph(n, &edges);
            let blocked: Vec<usize> = blocked.filter(|b| *b < n).into_iter().collect();
            let got = hop_bounded(&g, 0, max, &blocked);
            let mut walk = Walk { g: &g, max, blocked: &blocked, on: vec![0], best: HashMap::new() };
            brute(&mut walk, 0, 0.0, 0);
            let mut want = walk.best;
            want.remove(&0);
            prop_assert_eq!(got.len(), want.len(), "the same people are reached");
            for (node, cost, edges) in got {
                let (c, counts) = &want[&node];
                prop_assert!((cost - c).abs() < 1e-9, "node {}: {} vs {}", node, cost, c);
                prop_assert!(counts.contains(&(edges as usize)), "node {} at {} edges", node, edges);
                prop_assert_eq!(edges as usize, *counts.iter().min().unwrap_or(&0), "fewest edges among equals");
            }
        }
    }
}
