use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Id, string_enum};

string_enum! {
    /// Where a person sits in the user's sphere of influence.
    Ring {
        /// The user themself: exactly one person at most.
        Centre = "centre",
        /// Active customers and clients.
        Inner = "inner",
        /// Friends, colleagues, partners, influencers and prospects who pay attention.
        Outer = "outer",
        /// Known only through someone else.
        Beyond = "beyond",
    }
}

/// A stored person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Person {
    #[ts(type = "number")]
    pub id: Id,
    pub first_name: String,
    pub last_name: String,
    /// `first_name last_name`, ready to show.
    pub display_name: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub title: String,
    #[ts(type = "number | null")]
    pub organization_id: Option<Id>,
    /// The ring in effect: chosen by hand when `ring_pinned`, otherwise derived from the data
    /// (inner: an active client of the user, a client relationship with contact in the last
    /// year; outer: anyone else the user has a relationship with, and the team; beyond: known
    /// only through someone else).
    pub ring: Ring,
    /// Whether `ring` was chosen by hand rather than derived.
    pub ring_pinned: bool,
    /// A colleague of the user: their relationships count as the team's.
    pub is_team: bool,
    pub tags: Vec<String>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the user types to create or edit a person. Missing optional fields are empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PersonInput {
    pub first_name: String,
    #[ts(optional)]
    pub last_name: Option<String>,
    #[ts(optional)]
    pub emails: Option<Vec<String>>,
    #[ts(optional)]
    pub phones: Option<Vec<String>>,
    #[ts(optional)]
    pub title: Option<String>,
    #[ts(optional, type = "number | null")]
    pub organization_id: Option<Id>,
    /// A ring chosen by hand; absent = derived from the data (`centre` marks the user).
    #[ts(optional)]
    pub ring: Option<Ring>,
    /// A colleague of the user (default: no).
    #[ts(optional)]
    pub is_team: Option<bool>,
    #[ts(optional)]
    pub tags: Option<Vec<String>>,
    #[ts(optional)]
    pub notes: Option<String>,
}

impl Person {
    pub fn display_name_of(first: &str, last: &str) -> String {
        if last.is_empty() {
            first.to_string()
        } else {
            format!("{first} {last}")
        }
    }
}
