//! The wire types of keeping in touch, Today and network health.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::cadence::{Cadence, CadenceSource, KeepInTouchStatus};
use sphere_domain::{Id, PersonRef, Ring};

/// Sets or clears a cadence on one person, tag or ring (exactly one of them), or sets how many
/// items Today shows (`today_limit` alone).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CadenceSet {
    #[ts(optional, type = "number")]
    pub person: Option<Id>,
    #[ts(optional)]
    pub tag: Option<String>,
    #[ts(optional)]
    pub ring: Option<Ring>,
    /// Days between two-way touches you aim for (with `max_days`).
    #[ts(optional)]
    pub ideal_days: Option<u32>,
    /// Days after which the tie is overdue.
    #[ts(optional)]
    pub max_days: Option<u32>,
    /// Explicitly no cadence (a person or a ring).
    #[ts(optional)]
    pub off: Option<bool>,
    /// Back to what applies without this setting: a person's tags or ring, a ring's default;
    /// a tag's cadence removed.
    #[ts(optional)]
    pub clear: Option<bool>,
    /// How many items Today shows (1 to 50; 7 by default).
    #[ts(optional)]
    pub today_limit: Option<u32>,
}

/// A ring's cadence: in effect, and its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RingCadence {
    pub ring: Ring,
    pub cadence: Option<Cadence>,
    pub default: Option<Cadence>,
    /// Whether the user changed it.
    pub custom: bool,
}

/// A tag's cadence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TagCadence {
    pub tag: String,
    pub cadence: Cadence,
}

/// Every cadence rule: rings (inner, outer, beyond) and tags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CadenceRules {
    pub rings: Vec<RingCadence>,
    pub tags: Vec<TagCadence>,
    /// How many items Today shows.
    pub today_limit: u32,
}

/// Which people to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct CadenceQuery {
    #[ts(optional)]
    pub status: Option<KeepInTouchStatus>,
    /// One person only.
    #[ts(optional, type = "number")]
    pub person: Option<Id>,
}

/// Where one person stands against their cadence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct KeepInTouch {
    pub person: PersonRef,
    pub status: KeepInTouchStatus,
    pub cadence: Option<Cadence>,
    pub source: CadenceSource,
    /// "from the tag “investors”".
    pub source_label: String,
    /// Whether the person has a cadence of their own (or "none" set on them).
    pub own: bool,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue_at: Option<DateTime<Utc>>,
    pub last_two_way: Option<DateTime<Utc>>,
    /// Your first unanswered message since the last two-way touch.
    pub attempt_since: Option<DateTime<Utc>>,
    /// The next meeting booked.
    pub booked: Option<DateTime<Utc>>,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub paused: bool,
    pub days_past_due: u32,
    pub reason: String,
}

/// People by status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CadenceList {
    /// Overdue, due, dormant, then the rest, each by due date.
    pub items: Vec<KeepInTouch>,
    pub counts: Vec<StatusCount>,
    pub valued_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StatusCount {
    pub status: KeepInTouchStatus,
    pub count: u32,
}

/// Snoozes one person's reminder until a date (`null` ends the snooze).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SnoozeRequest {
    #[ts(type = "number")]
    pub person_id: Id,
    pub until: Option<NaiveDate>,
}

/// Pauses (until resumed) or resumes one person's reminders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PauseRequest {
    #[ts(type = "number")]
    pub person_id: Id,
    pub paused: bool,
}

/// How many items Today shows (default: the setting, 7 unless changed).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TodayQuery {
    #[ts(optional)]
    pub limit: Option<u32>,
}

sphere_domain::string_enum! {
    /// What a Today item is about.
    TodayKind {
        /// A referral request waiting on you, or overdue.
        Request = "request",
        /// Someone overdue (or due) for a touch.
        KeepInTouch = "keep_in_touch",
        /// Two of your contacts who could be resources for each other.
        Introduction = "introduction",
        /// A tie that was strong once and has gone quiet.
        Revive = "revive",
        Birthday = "birthday",
        /// A new role, a promotion or a move to another organization.
        RoleChange = "role_change",
    }
}

/// One thing to do today, with why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TodayItem {
    /// Stable while the item stands (`keep_in_touch:12`, `birthday:12:2026`, `request:3`…):
    /// what `today_snooze` takes.
    pub key: String,
    pub kind: TodayKind,
    /// The priority it was ranked by (0–1).
    pub score: f64,
    /// "Call Ana Alvarez".
    pub title: String,
    /// The reason in words.
    pub reason: String,
    pub person: Option<PersonRef>,
    /// The other person of an introduction.
    pub other: Option<PersonRef>,
    #[ts(type = "number | null")]
    pub request_id: Option<Id>,
    /// What drove a suggestion ("both in fintech", "needs: seed investors").
    pub chips: Vec<String>,
    /// The date it is about (a birthday, a deadline, a due date).
    pub date: Option<DateTime<Utc>>,
    /// For maybe facts (birthdays, role changes): whether mentioning it is fine now under the
    /// tenure rule, and why.
    pub usable: Option<bool>,
    pub usable_reason: Option<String>,
}

/// The day's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Today {
    pub items: Vec<TodayItem>,
    pub limit: u32,
    /// Items that were ranked but did not fit the limit.
    pub more: u32,
    /// You, when recorded (a touch is logged between you and the person).
    pub me: Option<PersonRef>,
    pub valued_at: DateTime<Utc>,
}

/// Hides one Today item until a date, or as handled (until it no longer applies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TodaySnooze {
    pub key: String,
    /// Hidden until this day; absent with `handled`.
    #[serde(default)]
    #[ts(optional)]
    pub until: Option<NaiveDate>,
    /// Done: hidden until it would come back on its own (a birthday next year; a keep-in-touch
    /// item is handled by logging a touch instead).
    #[serde(default)]
    #[ts(optional)]
    pub handled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TodaySnoozed {
    pub key: String,
    pub until: DateTime<Utc>,
}

/// One ring's figures at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HealthPoint {
    pub at: DateTime<Utc>,
    /// People of the ring with a cadence (not paused) then.
    pub on_cadence: u32,
    /// Of those, within their ideal (or with a meeting booked).
    pub fresh: u32,
    /// `fresh / on_cadence`; `null` with no one on a cadence.
    pub share_fresh: Option<f64>,
    /// The median of days past the due date among those past it; `null` when no one is.
    pub median_days_overdue: Option<f64>,
    /// The ring's give/ask balance: the sum of its people's decayed ledger balances.
    pub balance: f64,
}

/// One ring's health now and by week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RingHealth {
    pub ring: Ring,
    pub people: u32,
    pub now: HealthPoint,
    /// The end of each of the last 12 weeks, oldest first, then now.
    pub trend: Vec<HealthPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NetworkHealth {
    pub rings: Vec<RingHealth>,
    pub valued_at: DateTime<Utc>,
}
