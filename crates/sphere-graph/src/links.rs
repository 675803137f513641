//! Link prediction for introductions: who a person knows, and how likely two people already
//! know each other (Adamic-Adar over shared contacts, shared contacts met around the same
//! time, Jaccard of their contact sets). The thresholds and what excludes a pair are the
//! domain's ([`sphere_domain::intros`]); this module only counts.

use std::collections::HashSet;

use petgraph::visit::EdgeRef;
use sphere_domain::Id;
use sphere_domain::intros::{LinkEvidence, TENURE_OVERLAP_DAYS};

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
    /// everyone in a suggestion shares) as a shared contact: Adamic-Adar sums `1 / ln(d)`
    /// over the shared contacts `z`, where `d` is `z`'s number of relationships (a contact
    /// with one relationship cannot be shared; `d ≥ 2` always); the Jaccard index is over
    /// the contact sets without `ignore`, `a` and `b`.
    pub fn link_evidence(&self, a: Id, b: Id, ignore: Option<Id>) -> LinkEvidence {
        let skip = |z: &Id| Some(*z) != ignore && *z != a && *z != b;
        let ca: HashSet<Id> = self.contacts(a).into_iter().filter(skip).collect();
        let cb: HashSet<Id> = self.contacts(b).into_iter().filter(skip).collect();
        let mut shared: Vec<Id> = ca.intersection(&cb).copied().collect();
        shared.sort_unstable();
        let adamic_adar = shared
            .iter()
            .map(|&z| {
                let d = self.degree(z) as f64;
                if d > 1.0 { 1.0 / d.ln() } else { 0.0 }
            })
            .sum();
        let tenure_overlap = shared
            .iter()
            .copied()
            .filter(|&z| match (self.since(a, z), self.since(b, z)) {
                (Some(x), Some(y)) => (x - y).num_days().abs() <= TENURE_OVERLAP_DAYS,
                _ => false,
            })
            .collect();
        let union = ca.union(&cb).count();
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
