use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Id, string_enum};

string_enum! {
    /// How two people are related.
    TieKind {
        Colleague = "colleague",
        FormerColleague = "former_colleague",
        Client = "client",
        Partner = "partner",
        Friend = "friend",
        Family = "family",
        Mentor = "mentor",
        Investor = "investor",
        Acquaintance = "acquaintance",
    }
}

/// A relationship (tie) between two people. Undirected: stored with `person_a < person_b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Relationship {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub person_a: Id,
    #[ts(type = "number")]
    pub person_b: Id,
    pub kind: TieKind,
    pub since: Option<NaiveDate>,
    pub how_met: String,
    /// A manual strength in [0, 1] that wins over the computed one ("college roommates").
    pub strength_override: Option<f64>,
    /// Why the override is set; present exactly when `strength_override` is.
    pub override_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RelationshipInput {
    #[ts(type = "number")]
    pub person_a: Id,
    #[ts(type = "number")]
    pub person_b: Id,
    pub kind: TieKind,
    #[serde(default)]
    #[ts(optional)]
    pub since: Option<NaiveDate>,
    #[serde(default)]
    #[ts(optional)]
    pub how_met: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub strength_override: Option<f64>,
    #[serde(default)]
    #[ts(optional)]
    pub override_reason: Option<String>,
}
