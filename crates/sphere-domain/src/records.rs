//! The records the graph is built from: a person and a relationship reduced to what path
//! search and ring derivation need. The store reads them; the graph consumes them; neither
//! knows the other.

use crate::strength::TieStats;
use crate::{Id, Ring, TieKind};

/// A relationship as the graph loads it: ends, kind, override and the summary.
#[derive(Debug, Clone)]
pub struct TieRecord {
    pub id: Id,
    pub a: Id,
    pub b: Id,
    pub kind: TieKind,
    pub since: Option<chrono::NaiveDate>,
    pub strength_override: Option<f64>,
    pub stats: TieStats,
    /// A connector said they don't know the other person well (a declined referral
    /// request): path ranking trusts the tie less.
    pub doubted: bool,
}

/// A person as the graph loads it.
#[derive(Debug, Clone)]
pub struct PersonRecord {
    pub id: Id,
    pub organization_id: Option<Id>,
    pub title: String,
    pub ring: Ring,
    pub ring_pinned: bool,
    pub is_team: bool,
}
