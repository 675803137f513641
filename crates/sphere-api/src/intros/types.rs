//! The wire types of introductions the user could make.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::intros::{
    DismissReason, NeedOffer, NeedOfferInput, Openness, OptIn, ScoreParts,
};
use sphere_domain::referral::Side;
use sphere_domain::{Id, PersonRef};

/// Whose needs and offers to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct NeedQuery {
    #[ts(type = "number")]
    pub person_id: Id,
}

/// A person's needs and offers with their "open to introductions" flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NeedOffers {
    #[ts(type = "number")]
    pub person_id: Id,
    /// Active ones first (needs, then offers, soonest expiry first), then expired ones.
    pub items: Vec<NeedOffer>,
    pub openness: Openness,
    /// The shared vocabulary the UI offers first.
    pub vocabulary: Vec<String>,
}

/// An entry's new values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NeedOfferUpdate {
    #[ts(type = "number")]
    pub id: Id,
    /// `person_id` is ignored: an entry stays with its person.
    pub entry: NeedOfferInput,
}

/// Sets whether a person is open to introductions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct OpennessInput {
    #[ts(type = "number")]
    pub person_id: Id,
    pub open: Openness,
}

/// Which suggestions to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SuggestionQuery {
    /// At most this many (default 20, at most 200).
    #[ts(optional)]
    pub limit: Option<u32>,
    /// Only pairs with this person.
    #[ts(optional, type = "number")]
    pub person: Option<Id>,
}

/// One reason a pair is suggested, as a short labelled string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Chip {
    /// `match`, `strength`, `novelty`, `context`, `receptive` or `dismissed`.
    pub kind: String,
    pub label: String,
}

/// Two of the user's contacts who could be resources for each other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IntroSuggestion {
    pub a: PersonRef,
    pub b: PersonRef,
    pub score: f64,
    pub parts: ScoreParts,
    pub chips: Vec<Chip>,
    /// Set when the pair was dismissed as "not a fit" or "not now" (and so pushed down).
    pub dismissed: Option<DismissReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SuggestionPage {
    /// Best first.
    pub items: Vec<IntroSuggestion>,
    /// Pairs whose needs and offers meet, before link prediction and the "no" flag.
    pub considered: u32,
    /// Of those, pairs left out because they probably know each other already (same
    /// organization, or a link-prediction score at or above the threshold).
    pub likely_known: u32,
    /// People the user knows with an active need or offer.
    pub people_with_entries: u32,
    /// Why there is nothing to suggest, in words, when the page is empty.
    pub empty_reason: Option<String>,
}

/// Two people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PairRequest {
    #[ts(type = "number")]
    pub a: Id,
    #[ts(type = "number")]
    pub b: Id,
}

/// Sets a suggested pair aside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DismissInput {
    #[ts(type = "number")]
    pub a: Id,
    #[ts(type = "number")]
    pub b: Id,
    pub reason: DismissReason,
}

/// A dismissed pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dismissal {
    pub a: PersonRef,
    pub b: PersonRef,
    pub reason: DismissReason,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The relationship "they already know each other" recorded (removed again by undo).
    #[ts(type = "number | null")]
    pub relationship_id: Option<Id>,
}

/// The two notes Sphere drafts for an introduction, one to each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IntroNotes {
    pub a: PersonRef,
    pub b: PersonRef,
    pub note_a: String,
    pub note_b: String,
}

/// Starts an introduction the user makes between two contacts (double opt-in).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct IntroStart {
    #[ts(type = "number")]
    pub a: Id,
    #[ts(type = "number")]
    pub b: Id,
    /// The note to A asking whether they want the introduction (default: Sphere's draft).
    #[ts(optional)]
    pub note_a: Option<String>,
    #[ts(optional)]
    pub note_b: Option<String>,
    /// Both notes were sent: the introduction starts as asked (default: a draft).
    #[ts(optional)]
    pub send: Option<bool>,
}

/// One side's answer to an introduction the user makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IntroAnswer {
    /// The referral request (mode `connect`).
    #[ts(type = "number")]
    pub id: Id,
    pub side: Side,
    /// `opted_in`, `declined`, or `pending` to take an answer back while it waits.
    pub answer: OptIn,
}
