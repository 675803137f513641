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
        /// Someone was asked for an introduction or a referral: a withdrawal from the
        /// relationship bank account.
        IntroRequest = "intro_request",
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
    /// Who started it (an email's sender), when known; one of the participants.
    #[ts(type = "number | null")]
    pub initiator_id: Option<Id>,
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
    /// Who started it (must be a participant); absent when mutual or unknown.
    #[serde(default)]
    #[ts(optional, type = "number")]
    pub initiator_id: Option<Id>,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub outcome: Option<Outcome>,
}
