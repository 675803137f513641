use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Id, string_enum};

string_enum! {
    /// What kind of contact an interaction was.
    InteractionKind {
        Meeting = "meeting",
        Call = "call",
        Meal = "meal",
        Email = "email",
        Message = "message",
        Event = "event",
        /// An introduction given or received.
        Intro = "intro",
    }
}

string_enum! {
    /// How an interaction with a prospect ended.
    Outcome {
        Advance = "advance",
        Continuation = "continuation",
        Order = "order",
        NoSale = "no_sale",
    }
}

/// A logged interaction among two or more people (usually the user and someone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Interaction {
    #[ts(type = "number")]
    pub id: Id,
    pub occurred_at: DateTime<Utc>,
    pub kind: InteractionKind,
    /// Person ids, ascending.
    #[ts(type = "Array<number>")]
    pub participants: Vec<Id>,
    pub note: String,
    pub outcome: Option<Outcome>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct InteractionInput {
    pub occurred_at: DateTime<Utc>,
    pub kind: InteractionKind,
    #[ts(type = "Array<number>")]
    pub participants: Vec<Id>,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub outcome: Option<Outcome>,
}
