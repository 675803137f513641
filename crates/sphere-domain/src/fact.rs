use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Id;

/// Something the user knows about a person: a category of the sensitivity taxonomy
/// (`children`, `promotion`, `certification`…), its value, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Fact {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub person_id: Id,
    /// A category id of the taxonomy.
    pub category: String,
    /// "Emma (daughter), plays soccer at Lincoln High"; "PMP, 2023".
    pub value: String,
    /// Where it was learned: "lunch at the summit", "her LinkedIn".
    pub source: String,
    pub learned_on: Option<NaiveDate>,
    /// Who told the user (a person in the sphere), if anyone.
    #[ts(type = "number | null")]
    pub told_by: Option<Id>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the user types to record a fact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct FactInput {
    #[ts(type = "number")]
    pub person_id: Id,
    pub category: String,
    pub value: String,
    #[ts(optional)]
    pub source: Option<String>,
    #[ts(optional)]
    pub learned_on: Option<NaiveDate>,
    #[ts(optional, type = "number | null")]
    pub told_by: Option<Id>,
}
