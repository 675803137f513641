use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Id;

/// A stored organization. Names are written in full so duplicates can be found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Organization {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    /// Web domain, such as `acme.com`.
    pub domain: String,
    pub industry: String,
    /// Head-count band, such as `51-200`.
    pub size: String,
    pub location: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct OrganizationInput {
    pub name: String,
    #[ts(optional)]
    pub domain: Option<String>,
    #[ts(optional)]
    pub industry: Option<String>,
    #[ts(optional)]
    pub size: Option<String>,
    #[ts(optional)]
    pub location: Option<String>,
}
