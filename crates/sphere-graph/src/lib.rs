//! The sphere graph: people as nodes, relationships as edges weighted by tie strength.
//!
//! [`SphereGraph`] is built from SQLite when the database opens and kept in step with every
//! write by the command set (it reloads only the people and relationships a write touched).
//! petgraph's node and edge indices never leave this module: callers speak person and
//! relationship ids.

pub mod coverage;
pub mod leverage;
mod links;
pub use links::LinkPredictor;
pub mod paths;
pub mod seniority;
#[cfg(test)]
mod testing;
pub mod title;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};
use paths::{FoundPath, KBestQuery, Method, PathGraph};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableUnGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use sphere_domain::error::CoreResult;
use sphere_domain::ledger;
use sphere_domain::records::{PersonRecord, TieRecord};
use sphere_domain::strength::{self, StrengthParts, TieStats};
use sphere_domain::{Id, Ring, TieKind};

/// Where the graph reads its records: the store, through an adapter of the command set. The
/// graph never sees a database; it is built from these records and kept in step with them.
pub trait Source {
    /// Every person.
    fn person_records(&self) -> CoreResult<Vec<PersonRecord>>;
    /// One person, or `None` when they no longer exist.
    fn person_record(&self, id: Id) -> CoreResult<Option<PersonRecord>>;
    /// How many relationships there are (to size the graph).
    fn tie_count(&self) -> CoreResult<usize>;
    /// Every relationship, one at a time.
    fn for_each_tie(&self, f: &mut dyn FnMut(TieRecord)) -> CoreResult<()>;
    /// Some relationships by id (missing ones are left out).
    fn tie_records(&self, ids: &[Id]) -> CoreResult<Vec<TieRecord>>;
    /// The strength half-life setting, in days.
    fn half_life_days(&self) -> CoreResult<f64>;
    /// The give/ask ledger's entries since `since`, by person (typed by hand and implied by
    /// introduction requests and introductions).
    fn ledger_entries(&self, since: DateTime<Utc>) -> CoreResult<Vec<(Id, ledger::Entry)>>;
    /// One person's ledger entries since `since`.
    fn ledger_entries_of(&self, person: Id, since: DateTime<Utc>)
    -> CoreResult<Vec<ledger::Entry>>;
    /// The ledger's half-life setting, in days.
    fn ledger_half_life_days(&self) -> CoreResult<f64>;
}

/// A client tie with an interaction this recent makes the client "active" (inner ring).
pub const ACTIVE_CLIENT_DAYS: i64 = 365;
/// A connector whose ledger balance is `b < 0` (asked more than given) multiplies a path's
/// strength through them by `1 / (1 + ASK_PENALTY · |b|)`: one fresh ask and nothing given
/// costs a third of the path's strength.
pub const ASK_PENALTY: f64 = 0.5;
/// A doubtful tie (the connector said they don't know the other person well) counts at
/// this fraction of its strength in path ranking.
pub const DOUBT_FACTOR: f64 = 0.5;
/// How many more paths to the same person a path into an organization carries.
pub const ALTERNATIVES: usize = 2;
/// Graphs with at least this many relationships are read and built on two threads.
const PIPELINE_FROM: usize = 50_000;
/// Strengths are revalued (they decay with time) when they are older than this.
const REVALUE_AFTER: Duration = Duration::hours(1);

#[derive(Debug, Clone)]
struct PersonNode {
    id: Id,
    organization_id: Option<Id>,
    /// Lower-cased, for title filters.
    title_lc: String,
    ring: Ring,
    ring_pinned: bool,
    is_team: bool,
}

impl From<PersonRecord> for PersonNode {
    fn from(p: PersonRecord) -> Self {
        Self {
            id: p.id,
            organization_id: p.organization_id,
            title_lc: p.title.to_lowercase(),
            ring: p.ring,
            ring_pinned: p.ring_pinned,
            is_team: p.is_team,
        }
    }
}

#[derive(Debug, Clone)]
struct TieEdge {
    record: TieRecord,
    /// The strength at `valued_at` (its parts are recomputed when asked for).
    strength: f64,
    /// `−ln(strength)`; infinite for a strength of 0 (a tie set by hand to "never use").
    cost: f64,
}

/// A relationship's strength as the graph holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieStrength {
    pub relationship_id: Id,
    pub person_a: Id,
    pub person_b: Id,
    pub kind: TieKind,
    pub parts: StrengthParts,
    pub stats: TieStats,
}

/// Where paths end.
#[derive(Debug, Clone, PartialEq)]
pub enum PathTo {
    /// The k best paths to this person.
    Person(Id),
    /// Anyone at the organization whose title matches one of the phrases (any title when
    /// empty; see [`title`]): the best path to each of the k people best reached, with up
    /// to [`ALTERNATIVES`] more paths to each.
    Organization { id: Id, title_words: Vec<String> },
}

/// A path query in graph terms.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSpec {
    pub from: Vec<Id>,
    pub to: PathTo,
    pub k: usize,
    pub max_hops: Option<usize>,
    pub exclude: Vec<Id>,
    pub ask_penalty: bool,
}

/// One path in ids.
#[derive(Debug, Clone, PartialEq)]
pub struct RawPath {
    pub people: Vec<Id>,
    pub ties: Vec<Id>,
    /// Product of the tie strengths.
    pub tie_strength: f64,
    /// `tie_strength` times the penalty factors of recently asked connectors.
    pub strength: f64,
    /// `−ln(strength)` as the search summed it (exact even where `strength` rounds to 1).
    pub cost: f64,
    /// For a path into an organization: the next-best paths to the same person, best
    /// first (at most [`ALTERNATIVES`]); empty otherwise.
    pub alternatives: Vec<RawPath>,
}

/// The outcome of a path query.
#[derive(Debug, Clone, PartialEq)]
pub struct PathAnswer {
    pub paths: Vec<RawPath>,
    /// The people the paths could end at.
    pub targets: Vec<Id>,
    /// Which search answered (Yen's algorithm when the best-first search outgrew its
    /// budget anywhere in the query).
    pub method: Method,
}

/// What one contact of the user reaches (see [`SphereGraph::sources`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SourceReach {
    pub contact: Id,
    pub relationship_id: Id,
    /// The user's tie to them.
    pub tie_strength: f64,
    /// `(group, target person, best path strength from the contact)`, by group.
    pub reached: Vec<(usize, Id, f64)>,
}

/// Everything the sphere view draws, in ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub people: Vec<Id>,
    pub ties: Vec<(Id, Id, Id, f64)>,
}

/// Hashes row ids (integers below 2^53) with one multiplication: the graph maps a million of
/// them when it loads, and SipHash's protection against chosen keys buys nothing here.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_i64(&mut self, n: i64) {
        // Fibonacci hashing: the high bits, which the table uses, mix all of the id.
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The graph as the path search reads it: compressed sparse rows (each node's neighbours and
/// costs in one contiguous run), built from the petgraph graph after it changes and before
/// the next search. Walking neighbours is then a scan of two arrays instead of a linked list
/// of edges scattered over the heap.
struct Adjacency {
    /// `start[v]..start[v + 1]` are `v`'s entries in `to` and `cost`.
    start: Vec<u32>,
    to: Vec<u32>,
    cost: Vec<f64>,
}

impl Adjacency {
    fn build(g: &StableUnGraph<PersonNode, TieEdge>) -> Self {
        let edges: Vec<(u32, u32, f64)> = g
            .edge_references()
            .map(|e| {
                (
                    e.source().index() as u32,
                    e.target().index() as u32,
                    e.weight().cost,
                )
            })
            .collect();
        Self::from_edges(g.node_bound(), &edges)
    }

    /// From undirected edges `(a, b, cost)` among nodes `0..n`; each node's neighbours in
    /// the order of the edges.
    fn from_edges(n: usize, edges: &[(u32, u32, f64)]) -> Self {
        let mut start = vec![0u32; n + 1];
        for &(a, b, _) in edges {
            start[a as usize + 1] += 1;
            start[b as usize + 1] += 1;
        }
        for v in 0..n {
            start[v + 1] += start[v];
        }
        let total = start[n] as usize;
        let mut fill: Vec<u32> = start[..n].to_vec();
        let mut to = vec![0u32; total];
        let mut cost = vec![0.0f64; total];
        for &(a, b, c) in edges {
            for (from, other) in [(a, b), (b, a)] {
                let at = fill[from as usize] as usize;
                to[at] = other;
                cost[at] = c;
                fill[from as usize] += 1;
            }
        }
        Self { start, to, cost }
    }
}

impl PathGraph for Adjacency {
    fn node_bound(&self) -> usize {
        self.start.len() - 1
    }

    #[inline]
    fn for_each_neighbor(&self, v: usize, mut f: impl FnMut(usize, f64)) {
        let (Some(&from), Some(&to)) = (self.start.get(v), self.start.get(v + 1)) else {
            return;
        };
        let (from, to) = (from as usize, to as usize);
        for (&u, &c) in self.to[from..to].iter().zip(&self.cost[from..to]) {
            f(u as usize, c);
        }
    }
}

pub struct SphereGraph {
    g: StableUnGraph<PersonNode, TieEdge>,
    nodes: IdMap<Id, NodeIndex>,
    edges: IdMap<Id, EdgeIndex>,
    /// The search's view of `g`, built on first use after `g` changed.
    adjacency: OnceLock<Adjacency>,
    half_life: f64,
    /// Strengths are valued at this instant.
    valued_at: DateTime<Utc>,
    /// The ledger's entries per person (within [`ledger::HALF_LIVES_KEPT`] half-lives).
    ledger: HashMap<Id, Vec<ledger::Entry>>,
    ledger_half_life: f64,
}

impl std::fmt::Debug for SphereGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SphereGraph")
            .field("people", &self.nodes.len())
            .field("ties", &self.edges.len())
            .finish_non_exhaustive()
    }
}

impl SphereGraph {
    /// Builds the graph from the database, with strengths valued at `now`.
    pub fn load(src: &dyn Source, now: DateTime<Utc>) -> CoreResult<Self> {
        let people = src.person_records()?;
        let tie_count = src.tie_count()?;
        let mut graph = Self {
            g: StableUnGraph::with_capacity(people.len(), tie_count),
            nodes: IdMap::with_capacity_and_hasher(people.len(), Default::default()),
            edges: IdMap::with_capacity_and_hasher(tie_count, Default::default()),
            adjacency: OnceLock::new(),
            half_life: src.half_life_days()?,
            valued_at: now,
            ledger: HashMap::new(),
            ledger_half_life: src.ledger_half_life_days()?,
        };
        for p in people {
            let id = p.id;
            let n = graph.g.add_node(p.into());
            graph.nodes.insert(id, n);
        }
        let flat = graph.insert_all_ties(src, tie_count)?;
        graph.reload_ledger(src)?;
        // Ready for the first search.
        let adjacency = Adjacency::from_edges(graph.g.node_bound(), &flat);
        graph.adjacency = OnceLock::from(adjacency);
        Ok(graph)
    }

    /// Inserts every relationship of the database; returns them as `(node, node, cost)` for
    /// the search's view. Large graphs read rows on this thread while another builds the
    /// graph (reading and building take about as long each).
    fn insert_all_ties(
        &mut self,
        src: &dyn Source,
        expected: usize,
    ) -> CoreResult<Vec<(u32, u32, f64)>> {
        const BATCH: usize = 4096;
        let mut flat = Vec::with_capacity(expected);
        if expected < PIPELINE_FROM {
            src.for_each_tie(&mut |t| flat.extend(self.insert_tie(t)))?;
            return Ok(flat);
        }
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<TieRecord>>(16);
            let flat = &mut flat;
            let builder = scope.spawn(move || {
                for batch in rx {
                    for t in batch {
                        flat.extend(self.insert_tie(t));
                    }
                }
            });
            let mut batch = Vec::with_capacity(BATCH);
            let read = src.for_each_tie(&mut |t| {
                batch.push(t);
                if batch.len() == BATCH {
                    // A send fails only when the builder is gone (it panicked): the join
                    // below reports that.
                    let _ = tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
                }
            });
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
            drop(tx);
            if let Err(panic) = builder.join() {
                std::panic::resume_unwind(panic);
            }
            read
        })?;
        Ok(flat)
    }

    /// The search's view, built now if the graph changed since the last one.
    fn adjacency(&self) -> &Adjacency {
        self.adjacency.get_or_init(|| Adjacency::build(&self.g))
    }

    /// Marks the search's view stale (after edges or costs changed).
    fn changed(&mut self) {
        if self.adjacency.get().is_some() {
            self.adjacency = OnceLock::new();
        }
    }

    pub fn people_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn ties_count(&self) -> usize {
        self.edges.len()
    }

    pub fn half_life(&self) -> f64 {
        self.half_life
    }

    /// The instant strengths are valued at.
    pub fn valued_at(&self) -> DateTime<Utc> {
        self.valued_at
    }

    fn parts_of(&self, record: &TieRecord) -> StrengthParts {
        strength::strength(
            &record.stats,
            record.since,
            record.strength_override,
            self.valued_at,
            self.half_life,
        )
    }

    fn edge_of(&self, record: TieRecord) -> TieEdge {
        let strength = self.parts_of(&record).value;
        let ranked = if record.doubted {
            strength * DOUBT_FACTOR
        } else {
            strength
        };
        let cost = if ranked > 0.0 {
            -ranked.ln()
        } else {
            f64::INFINITY
        };
        TieEdge {
            record,
            strength,
            cost: cost.max(0.0),
        }
    }

    /// Adds a relationship between people in the graph; returns it as `(node, node, cost)`.
    fn insert_tie(&mut self, t: TieRecord) -> Option<(u32, u32, f64)> {
        let (&a, &b) = (self.nodes.get(&t.a)?, self.nodes.get(&t.b)?);
        let id = t.id;
        let edge = self.edge_of(t);
        let cost = edge.cost;
        let e = self.g.add_edge(a, b, edge);
        self.edges.insert(id, e);
        self.changed();
        Some((a.index() as u32, b.index() as u32, cost))
    }

    fn remove_tie(&mut self, id: Id) {
        if let Some(e) = self.edges.remove(&id) {
            self.g.remove_edge(e);
            self.changed();
        }
    }

    /// Re-reads one person (after a create, an edit or a delete).
    pub fn refresh_person(&mut self, src: &dyn Source, id: Id) -> CoreResult<()> {
        match src.person_record(id)? {
            Some(record) => match self.nodes.get(&id) {
                Some(&n) => {
                    if let Some(node) = self.g.node_weight_mut(n) {
                        *node = record.into();
                    }
                }
                None => {
                    let n = self.g.add_node(record.into());
                    self.nodes.insert(id, n);
                }
            },
            None => {
                if let Some(n) = self.nodes.remove(&id) {
                    let gone: Vec<Id> = self.g.edges(n).map(|e| e.weight().record.id).collect();
                    for t in gone {
                        self.edges.remove(&t);
                    }
                    self.g.remove_node(n);
                    self.changed();
                }
                self.ledger.remove(&id);
            }
        }
        Ok(())
    }

    /// Re-reads the people of an organization (after it was deleted or renamed).
    pub fn refresh_organization(&mut self, src: &dyn Source, org: Id) -> CoreResult<()> {
        let members: Vec<Id> = self
            .g
            .node_weights()
            .filter(|n| n.organization_id == Some(org))
            .map(|n| n.id)
            .collect();
        for id in members {
            self.refresh_person(src, id)?;
        }
        Ok(())
    }

    /// Re-reads relationships by id (after a create, an edit, a delete, or an interaction
    /// that changed their summaries).
    pub fn refresh_ties(&mut self, src: &dyn Source, ids: &[Id]) -> CoreResult<()> {
        let records = src.tie_records(ids)?;
        for id in ids {
            self.remove_tie(*id);
        }
        for t in records {
            self.insert_tie(t);
        }
        Ok(())
    }

    /// Re-reads the recent introduction requests.
    /// Re-reads the give/ask ledger (and its half-life setting).
    pub fn reload_ledger(&mut self, src: &dyn Source) -> CoreResult<()> {
        self.ledger.clear();
        self.ledger_half_life = src.ledger_half_life_days()?;
        for (id, entry) in src.ledger_entries(self.ledger_since())? {
            self.ledger.entry(id).or_default().push(entry);
        }
        Ok(())
    }

    /// Re-reads the ledger of some people (after a write about them: an entry, an
    /// introduction or an introduction request they took part in).
    pub fn refresh_ledger(&mut self, src: &dyn Source, people: &[Id]) -> CoreResult<()> {
        let since = self.ledger_since();
        for &id in people {
            let entries = src.ledger_entries_of(id, since)?;
            if entries.is_empty() {
                self.ledger.remove(&id);
            } else {
                self.ledger.insert(id, entries);
            }
        }
        Ok(())
    }

    /// The oldest entry that still counts: [`ledger::HALF_LIVES_KEPT`] half-lives back.
    fn ledger_since(&self) -> DateTime<Utc> {
        let days = (self.ledger_half_life * ledger::HALF_LIVES_KEPT).ceil();
        // The half-life is a bounded setting; the guards keep a damaged value from panicking.
        Duration::try_days(days.clamp(0.0, 1e6) as i64)
            .and_then(|d| self.valued_at.checked_sub_signed(d))
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Values every strength at `now` again when the last valuation is over an hour old
    /// (strengths decay with time).
    pub fn revalue_if_stale(&mut self, now: DateTime<Utc>) {
        if now - self.valued_at > REVALUE_AFTER {
            self.revalue(now);
        }
    }

    fn revalue(&mut self, now: DateTime<Utc>) {
        self.valued_at = now;
        self.changed();
        let ids: Vec<EdgeIndex> = self.edges.values().copied().collect();
        for e in ids {
            if let Some(w) = self.g.edge_weight(e) {
                let fresh = self.edge_of(w.record.clone());
                if let Some(slot) = self.g.edge_weight_mut(e) {
                    *slot = fresh;
                }
            }
        }
    }

    /// The strength of one relationship.
    pub fn tie_strength(&self, id: Id) -> Option<TieStrength> {
        let e = self.g.edge_weight(*self.edges.get(&id)?)?;
        Some(TieStrength {
            relationship_id: id,
            person_a: e.record.a,
            person_b: e.record.b,
            kind: e.record.kind,
            parts: self.parts_of(&e.record),
            stats: e.record.stats,
        })
    }

    /// The relationship between two people, if they have one: its strength, and how long
    /// they have known each other in years (from its "since", else its first interaction).
    pub fn acquaintance(&self, a: Id, b: Id) -> Option<(TieStrength, Option<f64>)> {
        let e = self
            .g
            .find_edge(*self.nodes.get(&a)?, *self.nodes.get(&b)?)?;
        let id = self.g.edge_weight(e)?.record.id;
        let tie = self.tie_strength(id)?;
        let since = self
            .g
            .edge_weight(e)?
            .record
            .since
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|d| d.and_utc())
            .or(tie.stats.first_at);
        let years = since.map(|s| ((self.valued_at - s).num_days().max(0) as f64) / 365.25);
        Some((tie, years))
    }

    /// `person`'s ledger balance at `valued_at`: deposits minus withdrawals, decayed.
    pub fn ledger_balance(&self, person: Id) -> f64 {
        self.ledger.get(&person).map_or(0.0, |list| {
            ledger::balance(list, self.valued_at, self.ledger_half_life)
        })
    }

    /// The last year of `person`'s ledger in words ("you asked them 3 times this year and
    /// gave nothing").
    pub fn ledger_words(&self, person: Id) -> Option<String> {
        self.ledger
            .get(&person)
            .and_then(|list| ledger::year_in_words(list, self.valued_at))
    }

    /// Withdrawals (asks) from `person` in the last 365 days.
    pub fn recent_ask_count(&self, person: Id) -> usize {
        let since = self.valued_at - Duration::days(365);
        self.ledger.get(&person).map_or(0, |list| {
            list.iter()
                .filter(|e| {
                    e.direction == ledger::Direction::Withdrawal
                        && e.at > since
                        && e.at <= self.valued_at
                })
                .count()
        })
    }

    /// The cost a path pays for passing through `person`: `ln(1 + ASK_PENALTY · overdraft)`,
    /// 0 when their balance is not negative.
    pub fn ask_penalty(&self, person: Id) -> f64 {
        let overdraft = (-self.ledger_balance(person)).max(0.0);
        (1.0 + ASK_PENALTY * overdraft).ln()
    }

    /// The user at the centre, if any.
    pub fn centre(&self) -> Option<Id> {
        self.g
            .node_weights()
            .find(|n| n.ring == Ring::Centre)
            .map(|n| n.id)
    }

    /// Team members (people marked as team), ascending.
    pub fn team(&self) -> Vec<Id> {
        let mut team: Vec<Id> = self
            .g
            .node_weights()
            .filter(|n| n.is_team)
            .map(|n| n.id)
            .collect();
        team.sort_unstable();
        team
    }

    /// The ring the data gives each person not pinned by hand: inner for an active client of
    /// the user (a client relationship with an interaction in the last year), outer for
    /// anyone else the user has a relationship with and for the user's team, beyond for the
    /// rest: people known only through someone. Without a centre nobody is "known only
    /// through someone", so everyone is outer. Updates the graph and returns the people whose
    /// ring changed.
    pub fn derive_rings(&mut self) -> Vec<(Id, Ring)> {
        let centre = self.centre().and_then(|c| self.nodes.get(&c).copied());
        let active_since = self.valued_at - Duration::days(ACTIVE_CLIENT_DAYS);
        let mut derived: HashMap<NodeIndex, Ring> = HashMap::new();
        for n in self.g.node_indices() {
            if self.g.node_weight(n).is_some_and(|p| p.is_team) {
                derived.insert(n, Ring::Outer);
            }
        }
        if let Some(a) = centre {
            for e in self.g.edges(a) {
                let other = if e.source() == a {
                    e.target()
                } else {
                    e.source()
                };
                let t = &e.weight().record;
                let active_client =
                    t.kind == TieKind::Client && t.stats.last_at.is_some_and(|l| l >= active_since);
                let ring = if active_client {
                    Ring::Inner
                } else {
                    Ring::Outer
                };
                derived.insert(other, ring);
            }
        }
        let fallback = if centre.is_none() {
            Ring::Outer
        } else {
            Ring::Beyond
        };
        let mut changed = Vec::new();
        let indices: Vec<NodeIndex> = self.g.node_indices().collect();
        for n in indices {
            let ring = derived.get(&n).copied().unwrap_or(fallback);
            if let Some(p) = self.g.node_weight_mut(n)
                && !p.ring_pinned
                && p.ring != Ring::Centre
                && p.ring != ring
            {
                p.ring = ring;
                changed.push((p.id, ring));
            }
        }
        changed.sort_unstable_by_key(|c| c.0);
        changed
    }

    /// The people a `PathTo` can end at, ascending.
    pub fn targets(&self, to: &PathTo) -> Vec<Id> {
        let mut out: Vec<Id> = match to {
            PathTo::Person(id) => self
                .nodes
                .contains_key(id)
                .then_some(*id)
                .into_iter()
                .collect(),
            PathTo::Organization { id, title_words } => {
                let phrases: Vec<title::Title> = title_words
                    .iter()
                    .filter(|w| !w.trim().is_empty())
                    .map(|w| title::Title::parse(w))
                    .collect();
                self.g
                    .node_weights()
                    .filter(|n| n.organization_id == Some(*id))
                    .filter(|n| {
                        phrases.is_empty() || {
                            let t = title::Title::parse(&n.title_lc);
                            phrases.iter().any(|p| t.matches(p))
                        }
                    })
                    .map(|n| n.id)
                    .collect()
            }
        };
        out.sort_unstable();
        out
    }

    /// Each node's ask penalty, by node index (empty when nobody has one).
    fn penalties(&self) -> Vec<f64> {
        if self.ledger.is_empty() {
            return Vec::new();
        }
        let mut pen = vec![0.0; self.g.node_bound()];
        for id in self.ledger.keys() {
            if let Some(n) = self.nodes.get(id)
                && let Some(slot) = pen.get_mut(n.index())
            {
                *slot = self.ask_penalty(*id);
            }
        }
        pen
    }

    /// Referral sources: for each person `from` has a relationship with, the target groups
    /// they reach within `max_hops - 1` hops (so within `max_hops` of `from`), never through
    /// `from`, each with its best path's strength from them (doubtful ties and the ask
    /// penalties of people passed through count, as in path ranking). A contact who is a
    /// target reaches it at strength 1.
    pub fn sources(&self, from: Id, groups: &[Vec<Id>], max_hops: usize) -> Vec<SourceReach> {
        let Some(&me) = self.nodes.get(&from) else {
            return Vec::new();
        };
        let mut group_of: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, g) in groups.iter().enumerate() {
            for id in g {
                if let Some(n) = self.nodes.get(id) {
                    group_of.entry(n.index()).or_default().push(i);
                }
            }
        }
        let penalty = self.penalties();
        let adjacency = self.adjacency();
        let mut out = Vec::new();
        for e in self.g.edges(me) {
            let c = if e.source() == me {
                e.target()
            } else {
                e.source()
            };
            let w = e.weight();
            if !w.cost.is_finite() {
                continue;
            }
            let costs = leverage::bounded_costs(
                adjacency,
                c.index(),
                max_hops.saturating_sub(1),
                &[me.index()],
                &penalty,
            );
            let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
            for (node, cost) in costs {
                if let Some(gs) = group_of.get(&node) {
                    for &g in gs {
                        let slot = best.entry(g).or_insert((f64::INFINITY, node));
                        if cost < slot.0 || (cost == slot.0 && node < slot.1) {
                            *slot = (cost, node);
                        }
                    }
                }
            }
            let mut reached: Vec<(usize, Id, f64)> = best
                .into_iter()
                .filter_map(|(g, (cost, node))| {
                    let id = self.g.node_weight(NodeIndex::new(node))?.id;
                    Some((g, id, (-cost).exp()))
                })
                .collect();
            reached.sort_unstable_by_key(|r| r.0);
            let Some(contact) = self.g.node_weight(c).map(|n| n.id) else {
                continue;
            };
            out.push(SourceReach {
                contact,
                relationship_id: w.record.id,
                tie_strength: w.strength,
                reached,
            });
        }
        out.sort_unstable_by_key(|r| r.contact);
        out
    }

    /// The k best warm paths to a person, or the best path to each of the k people best
    /// reached in an organization; exactly, and always answered (see
    /// [`paths::k_best_paths`] and [`paths::best_per_target`]).
    pub fn find_paths(&self, spec: &PathSpec) -> PathAnswer {
        let targets = self.targets(&spec.to);
        let index = |ids: &[Id]| -> Vec<usize> {
            ids.iter()
                .filter_map(|id| self.nodes.get(id).map(|n| n.index()))
                .collect()
        };
        let node_penalty = if spec.ask_penalty {
            self.penalties()
        } else {
            Vec::new()
        };
        let query = KBestQuery {
            sources: index(&spec.from),
            targets: index(&targets),
            k: spec.k,
            max_hops: spec.max_hops,
            excluded: index(&spec.exclude),
            node_penalty,
            budget: None,
        };
        let (paths, method) = match spec.to {
            PathTo::Person(_) => {
                let (found, method) = paths::k_best_paths_traced(self.adjacency(), &query);
                let paths = found.iter().filter_map(|p| self.raw_path(p)).collect();
                (paths, method)
            }
            // Distinct people, each with their best path and the next ones to them.
            PathTo::Organization { .. } => {
                let (groups, method) =
                    paths::best_per_target(self.adjacency(), &query, 1 + ALTERNATIVES);
                let paths = groups
                    .iter()
                    .filter_map(|group| {
                        let mut group = group.iter().filter_map(|p| self.raw_path(p));
                        let mut best = group.next()?;
                        best.alternatives = group.collect();
                        Some(best)
                    })
                    .collect();
                (paths, method)
            }
        };
        PathAnswer {
            paths,
            targets,
            method,
        }
    }

    fn raw_path(&self, p: &FoundPath) -> Option<RawPath> {
        let nodes: Vec<NodeIndex> = p.nodes.iter().map(|&i| NodeIndex::new(i)).collect();
        let people: Vec<Id> = nodes
            .iter()
            .map(|&n| self.g.node_weight(n).map(|w| w.id))
            .collect::<Option<_>>()?;
        let mut ties = Vec::with_capacity(nodes.len().saturating_sub(1));
        let mut tie_strength = 1.0;
        for pair in nodes.windows(2) {
            let e = self.g.find_edge(pair[0], pair[1])?;
            let w = self.g.edge_weight(e)?;
            ties.push(w.record.id);
            tie_strength *= w.strength;
        }
        Some(RawPath {
            people,
            ties,
            tie_strength,
            strength: (-p.cost).exp(),
            cost: p.cost,
            alternatives: Vec::new(),
        })
    }

    /// The people and ties for the sphere view, filtered to `keep` people (all when `None`).
    pub fn snapshot(&self, keep: Option<&HashSet<Id>>) -> Snapshot {
        let mut people: Vec<Id> = self
            .g
            .node_weights()
            .map(|n| n.id)
            .filter(|id| keep.is_none_or(|k| k.contains(id)))
            .collect();
        people.sort_unstable();
        let mut ties: Vec<(Id, Id, Id, f64)> = self
            .g
            .edge_weights()
            .filter(|e| keep.is_none_or(|k| k.contains(&e.record.a) && k.contains(&e.record.b)))
            .map(|e| (e.record.id, e.record.a, e.record.b, e.strength))
            .collect();
        ties.sort_unstable_by_key(|t| t.0);
        Snapshot { people, ties }
    }

    /// One single-source Dijkstra over path costs from `person` through the whole graph, for
    /// benchmarks (the cost of the simplest exact query, to compare path searches with).
    /// Returns how many people were reached.
    pub fn single_source_reach(&self, person: Id) -> usize {
        match self.nodes.get(&person) {
            Some(&n) => paths::dijkstra_reach(self.adjacency(), n.index()),
            None => 0,
        }
    }
}
