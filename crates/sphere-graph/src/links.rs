//! Link prediction for introductions: who a person knows, and how likely two people already
//! know each other (Adamic-Adar over shared contacts, shared contacts met around the same
//! time, Jaccard of their contact sets). The thresholds and what excludes a pair are the
//! domain's ([`sphere_domain::intros`]); this module only counts.

use std::collections::HashMap;

use petgraph::visit::EdgeRef;
use sphere_domain::Id;
use sphere_domain::intros::{LINK_EXCLUDE_AT, LinkEvidence, TENURE_OVERLAP_DAYS};

use crate::SphereGraph;

impl SphereGraph {
    /// The people `id` has a relationship with, ascending (empty for an unknown id).
    pub fn contacts(&self, id: Id) -> Vec<Id> {
        let Some(&n) = self.nodes.get(&id) else {
            return Vec::new();
        };
        let mut out: Vec<Id> = self
            .g
            .edges(n)
            .filter_map(|e| {
                let other = if e.source() == n {
                    e.target()
                } else {
                    e.source()
                };
                self.g.node_weight(other).map(|p| p.id)
            })
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// How many relationships `id` has.
    pub fn degree(&self, id: Id) -> usize {
        self.nodes.get(&id).map_or(0, |&n| self.g.edges(n).count())
    }

    /// Whether `a` and `b` have a relationship.
    pub fn related(&self, a: Id, b: Id) -> bool {
        match (self.nodes.get(&a), self.nodes.get(&b)) {
            (Some(&x), Some(&y)) => self.g.find_edge(x, y).is_some(),
            _ => false,
        }
    }

    /// The organization of `id`, if any.
    pub fn organization_of(&self, id: Id) -> Option<Id> {
        self.nodes
            .get(&id)
            .and_then(|&n| self.g.node_weight(n))
            .and_then(|p| p.organization_id)
    }

    /// The `since` date of the relationship between `a` and `b`.
    fn since(&self, a: Id, b: Id) -> Option<chrono::NaiveDate> {
        let e = self
            .g
            .find_edge(*self.nodes.get(&a)?, *self.nodes.get(&b)?)?;
        self.g.edge_weight(e)?.record.since
    }

    /// What link prediction finds for `a` and `b`, leaving out `ignore` (the user, whom
    /// everyone in a suggestion shares); see [`LinkPredictor::evidence`]. For many pairs, use
    /// one [`LinkPredictor`]: it reads each person's contacts once.
    pub fn link_evidence(&self, a: Id, b: Id, ignore: Option<Id>) -> LinkEvidence {
        LinkPredictor::new(self, ignore).evidence(a, b)
    }
}

/// Link prediction over many pairs of one graph, each person's contacts and each shared
/// contact's degree read once.
pub struct LinkPredictor<'g> {
    graph: &'g SphereGraph,
    ignore: Option<Id>,
    contacts: HashMap<Id, Vec<Id>>,
    degree: HashMap<Id, usize>,
}

impl<'g> LinkPredictor<'g> {
    pub fn new(graph: &'g SphereGraph, ignore: Option<Id>) -> Self {
        Self {
            graph,
            ignore,
            contacts: HashMap::new(),
            degree: HashMap::new(),
        }
    }

    /// `p`'s contacts without `ignore`, ascending.
    fn contacts_of(&mut self, p: Id) -> &[Id] {
        let (graph, ignore) = (self.graph, self.ignore);
        self.contacts.entry(p).or_insert_with(|| {
            let mut c = graph.contacts(p);
            c.retain(|z| Some(*z) != ignore);
            c
        })
    }

    /// Adamic-Adar sums `1 / ln(d)` over the shared contacts `z` of `a` and `b` (`ignore`
    /// left out), where `d` is `z`'s number of relationships (a contact with one relationship
    /// cannot be shared; `d ≥ 2` always); shared contacts both met within
    /// [`TENURE_OVERLAP_DAYS`] of each other (by the ties' `since`) are listed (only while
    /// Adamic-Adar alone stays under [`LINK_EXCLUDE_AT`]: past it they change nothing); the Jaccard
    /// index is over the contact sets without `ignore`, `a` and `b`.
    pub fn evidence(&mut self, a: Id, b: Id) -> LinkEvidence {
        let ca: Vec<Id> = self
            .contacts_of(a)
            .iter()
            .copied()
            .filter(|z| *z != b)
            .collect();
        let cb: Vec<Id> = self
            .contacts_of(b)
            .iter()
            .copied()
            .filter(|z| *z != a)
            .collect();
        // Both ascending: one merge finds the shared ones.
        let (mut i, mut j) = (0, 0);
        let mut shared = Vec::new();
        while i < ca.len() && j < cb.len() {
            match ca[i].cmp(&cb[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.push(ca[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        let graph = self.graph;
        let adamic_adar = shared
            .iter()
            .map(|&z| {
                let d = *self.degree.entry(z).or_insert_with(|| graph.degree(z)) as f64;
                if d > 1.0 { 1.0 / d.ln() } else { 0.0 }
            })
            .sum();
        // Tenure only matters while Adamic-Adar alone does not exclude the pair.
        let tenure_overlap = if adamic_adar >= LINK_EXCLUDE_AT {
            Vec::new()
        } else {
            shared
                .iter()
                .copied()
                .filter(|&z| match (graph.since(a, z), graph.since(b, z)) {
                    (Some(x), Some(y)) => (x - y).num_days().abs() <= TENURE_OVERLAP_DAYS,
                    _ => false,
                })
                .collect()
        };
        let union = ca.len() + cb.len() - shared.len();
        LinkEvidence {
            adamic_adar,
            jaccard: if union == 0 {
                0.0
            } else {
                shared.len() as f64 / union as f64
            },
            shared,
            tenure_overlap,
        }
    }
}
