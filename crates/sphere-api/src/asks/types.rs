//! The wire types of referral requests (asks): what the commands take and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::intros::OptIn;
use sphere_domain::referral::{AskMode, DeclineReason, RequestState};
use sphere_domain::{Id, PersonRef};

/// The opportunity a request serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Opportunity {
    pub name: String,
    /// Its value, in the user's currency.
    #[ts(optional)]
    #[serde(default)]
    pub value: Option<f64>,
    /// "discovery", "proposal"…
    #[ts(optional)]
    #[serde(default)]
    pub stage: Option<String>,
}

/// A new referral request, made from one to three warm paths.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AskInput {
    /// The person to reach…
    #[ts(optional, type = "number")]
    pub target_person: Option<Id>,
    /// …or an organization (with `title` phrases).
    #[ts(optional, type = "number")]
    pub target_organization: Option<Id>,
    #[ts(optional)]
    pub title: Option<String>,
    /// The paths to ask through, best first (1–3), each a list of people from the one who
    /// asks (the user or a team member) to the person reached. Their first connectors are
    /// asked one at a time, in this order.
    #[ts(type = "Array<Array<number>>")]
    pub paths: Vec<Vec<Id>>,
    pub subject: String,
    /// The message to the first connector, as it will be sent.
    pub message: String,
    #[ts(optional)]
    pub why_target: Option<String>,
    #[ts(optional)]
    pub why_now: Option<String>,
    /// Introduce (default) or mention my name.
    #[ts(optional)]
    pub mode: Option<AskMode>,
    #[ts(optional)]
    pub opportunity: Option<Opportunity>,
    /// Sent already: the request starts as asked (default: a draft).
    #[ts(optional)]
    pub send: Option<bool>,
    /// When it was written (default: now; an ask written down after the fact may be dated
    /// earlier, never later than now).
    #[ts(optional)]
    pub at: Option<DateTime<Utc>>,
}

/// Someone on a path as they were when the request was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PathPerson {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
}

/// The path snapshot stored with each connector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Snapshot {
    pub(super) people: Vec<PathPerson>,
    pub(super) strengths: Vec<f64>,
}

/// Where one connector of a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectorStatus {
    /// Next in line, not asked yet.
    Waiting,
    Asked,
    Agreed,
    Declined,
    NoAnswer,
}

/// One ranked connector with the path as it was when the request was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskConnector {
    pub rank: u32,
    /// `null` when the person was deleted since.
    pub person: Option<PersonRef>,
    pub name: String,
    /// The person they are asked to introduce.
    pub ask_for: Option<PersonRef>,
    pub path: Vec<PathPerson>,
    /// Tie strengths along the path when the request was made.
    pub strengths: Vec<f64>,
    /// The path's score when the request was made (strength after penalties).
    pub score: f64,
    pub status: ConnectorStatus,
    /// Why they declined, when they did.
    pub declined_because: Option<DeclineReason>,
}

/// One transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskEvent {
    pub at: DateTime<Utc>,
    pub from: Option<RequestState>,
    pub to: RequestState,
    /// "connector agreed".
    pub label: String,
    /// The connector it concerned.
    pub connector: Option<String>,
    pub reason: Option<DeclineReason>,
    pub note: String,
    /// The interaction it wrote as evidence.
    #[ts(type = "number | null")]
    pub interaction_id: Option<Id>,
}

/// A referral request, whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Ask {
    #[ts(type = "number")]
    pub id: Id,
    pub state: RequestState,
    /// The state in words.
    pub state_label: String,
    pub state_at: DateTime<Utc>,
    /// "Bo Buyer", or "anyone at Globex with “VP” in the title".
    pub target_label: String,
    pub target_person: Option<PersonRef>,
    #[ts(type = "number | null")]
    pub target_organization: Option<Id>,
    pub title: String,
    /// Who asks (you or a team member); `null` when they were deleted since.
    pub asker: Option<PersonRef>,
    /// Their name, kept should the record go.
    pub asker_name: String,
    pub mode: AskMode,
    pub connectors: Vec<AskConnector>,
    /// The rank of the connector asked now (or next).
    pub current_rank: u32,
    pub subject: String,
    pub message: String,
    pub why_target: String,
    pub why_now: String,
    pub opportunity: Option<Opportunity>,
    /// When the request becomes overdue, while it waits on someone.
    pub deadline: Option<DateTime<Utc>>,
    pub overdue: bool,
    /// The next connector of the snapshot, offered when the current one declined, did not
    /// answer, or is overdue.
    pub next_connector: Option<PersonRef>,
    /// The states it may move to now.
    pub allowed: Vec<RequestState>,
    pub events: Vec<AskEvent>,
    /// The two sides when the user connects two of their contacts (mode `connect`).
    pub connect: Option<AskConnect>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An introduction the user makes between two contacts: both sides, the note to each, and
/// each side's answer (double opt-in).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskConnect {
    /// `null` when the person was deleted since (`name_a` keeps the name).
    pub side_a: Option<PersonRef>,
    pub side_b: Option<PersonRef>,
    pub name_a: String,
    pub name_b: String,
    pub note_a: String,
    pub note_b: String,
    pub answer_a: OptIn,
    pub answer_b: OptIn,
    /// Where it stands in words: "Ana opted in · waiting on Ben", "both opted in".
    pub label: String,
}

/// Which requests to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AskQuery {
    #[ts(optional)]
    pub state: Option<RequestState>,
    /// Only requests that are not final.
    #[ts(optional)]
    pub open: Option<bool>,
    /// Target organization (of the request, or of its target person).
    #[ts(optional, type = "number")]
    pub organization: Option<Id>,
    /// One of its connectors.
    #[ts(optional, type = "number")]
    pub connector: Option<Id>,
    /// Who asked.
    #[ts(optional, type = "number")]
    pub asker: Option<Id>,
    /// As target or as connector.
    #[ts(optional, type = "number")]
    pub person: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskPage {
    /// Overdue first, then open ones by how long they have waited, then final ones, newest
    /// first.
    pub items: Vec<Ask>,
    pub overdue: u32,
    pub open: u32,
    pub total: u32,
}

/// A transition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AskMove {
    #[ts(type = "number")]
    pub id: Id,
    pub to: RequestState,
    /// Why the connector declined (required for `connector_declined`).
    #[ts(optional)]
    #[serde(default)]
    pub reason: Option<DeclineReason>,
    #[ts(optional)]
    #[serde(default)]
    pub note: Option<String>,
    /// When it happened (default: now); never before the request's last transition.
    #[ts(optional)]
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// What a request says, changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct AskEdit {
    #[ts(type = "number")]
    pub id: Id,
    /// Only while it is a draft (what was sent stays as sent).
    #[ts(optional)]
    pub subject: Option<String>,
    #[ts(optional)]
    pub message: Option<String>,
    #[ts(optional)]
    pub why_target: Option<String>,
    #[ts(optional)]
    pub why_now: Option<String>,
    /// Any time; `clear_opportunity` removes it.
    #[ts(optional)]
    pub opportunity: Option<Opportunity>,
    #[ts(optional)]
    pub clear_opportunity: Option<bool>,
}

/// One stage of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct FunnelStage {
    pub state: RequestState,
    pub label: String,
    /// Requests that reached it.
    pub reached: u32,
    /// Of those that reached the stage before (`null` for the first, or when none did).
    pub conversion: Option<f64>,
}

/// How long requests stay in a state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StateTime {
    pub state: RequestState,
    pub label: String,
    /// How many stays were measured (left the state, or still in it).
    pub count: u32,
    pub median_days: f64,
    pub mean_days: f64,
}

/// How one connector answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConnectorRate {
    pub person: PersonRef,
    pub asked: u32,
    pub agreed: u32,
    pub declined: u32,
    pub no_answer: u32,
    /// agreed / answered-or-not (`null` while every ask is still open).
    pub acceptance: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AskStats {
    pub total: u32,
    pub open: u32,
    pub overdue: u32,
    pub funnel: Vec<FunnelStage>,
    pub time_in_state: Vec<StateTime>,
    pub connectors: Vec<ConnectorRate>,
}
