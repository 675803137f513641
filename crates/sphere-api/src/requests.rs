//! Request and response types of the commands that are not domain records themselves.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::{
    Counts, Id, InteractionView, OrganizationInput, PersonInput, PersonRef, RelationshipInput,
};

/// No arguments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IdRequest {
    #[ts(type = "number")]
    pub id: Id,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PersonUpdate {
    #[ts(type = "number")]
    pub id: Id,
    pub person: PersonInput,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct OrgQuery {
    #[ts(optional)]
    pub search: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OrgUpdate {
    #[ts(type = "number")]
    pub id: Id,
    pub organization: OrganizationInput,
}

/// One record by id, for a page that shows free text about people (a person, a
/// relationship): their never passages are hidden unless `reveal_never`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DetailRequest {
    #[ts(type = "number")]
    pub id: Id,
    /// Show this person's (or these two people's) never passages as written, as `fact_list`
    /// shows their never facts: to read or edit them, never to share.
    #[serde(default)]
    #[ts(optional)]
    pub reveal_never: Option<bool>,
}

impl DetailRequest {
    /// The record, never passages hidden.
    pub fn id(id: Id) -> Self {
        Self {
            id,
            reveal_never: None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TieQuery {
    /// Only this person's relationships; all when absent.
    #[ts(optional, type = "number")]
    pub person_id: Option<Id>,
    /// Show this person's never passages of "how they met" as written (needs `person_id`;
    /// a list hides them by default).
    #[ts(optional)]
    pub reveal_never: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TieUpdate {
    #[ts(type = "number")]
    pub id: Id,
    pub relationship: RelationshipInput,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct InteractionQuery {
    /// Only interactions this person took part in; all when absent.
    #[ts(optional, type = "number")]
    pub person_id: Option<Id>,
    /// Show the notes' never passages of interactions this person took part in as written
    /// (needs `person_id`; a list hides them by default).
    #[ts(optional)]
    pub reveal_never: Option<bool>,
    /// At most this many, most recent first (default 50, at most 1000).
    #[ts(optional)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InteractionPage {
    pub items: Vec<InteractionView>,
    pub total: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct DemoRequest {
    /// The same seed always gives the same network.
    #[ts(optional, type = "number")]
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DemoSummary {
    #[ts(type = "number")]
    pub seed: u64,
    pub counts: Counts,
    /// The user at the centre of the demo network.
    pub me: PersonRef,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// Where the database lives (absent for an in-memory one).
    pub db_path: Option<String>,
    pub schema_version: u32,
    pub counts: Counts,
    /// The person at the centre of the sphere, once there is one.
    pub me: Option<PersonRef>,
}
