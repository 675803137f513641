//! Tie strength: a number in [0, 1] computed from a relationship's interaction log, and the
//! evidence for it in words. Pure functions: the caller passes "now".
//!
//! The formula (also in the README and the UI's strength help):
//!
//! 1. Each shared interaction adds a weight by kind — meal 3, introduction 3, meeting 2.5,
//!    call 1.5, event 1, email / message / introduction request 0.5 — multiplied by
//!    `0.5^(age / half-life)` (half-life 90 days by default).
//! 2. Reciprocity: weights of interactions one side started (emails, messages with a sender)
//!    count fully only when the other side started about as many: the started-by-someone part
//!    is scaled by `0.4 + 0.6 × balance`, where `balance = 2·min(a, b) / (a + b)` (1 when even,
//!    0 when one-way). Only emails, messages and introduction requests have a sender
//!    ([`has_sender`]); meetings, meals, calls, events and introductions are two-way whoever
//!    set them up, so their initiator is ignored and they count fully — on every path in
//!    (logged, imported, synced).
//! 3. Activity = `1 − exp(−weight / 5)`: two recent meetings give about 0.63.
//! 4. Tenure: `t = 1 − exp(−years / 3)` of the years known (since the relationship's `since`
//!    date, else its first interaction): 0.28 after a year, 0.86 after six. It counts twice:
//!    - a *floor*, `0.05 + 0.10 × t` (at most 0.15): how long you have known each other, for
//!      the ties with no recent evidence. It only orders those ties among themselves: one
//!      recent two-way exchange (weight ≥ 1, an event or an email each way) is worth more
//!      than any floor, so tenure never masks evidence;
//!    - a *kept-up* bonus, `0.8 × t × (1 − exp(−two-way weight))`, where the two-way weight
//!      is the decayed weight of the mutual kinds plus the answered part of the messages
//!      (`2·min(a, b)`): an old friendship that is still lived — a call last month with a
//!      friend of ten years — is strong; an old one that is not, or messages nobody
//!      answers, get nothing from it.
//! 5. strength = `1 − (1 − activity)(1 − floor)(1 − kept-up)`: each part adds to the others
//!    and none hides another, so more evidence is always stronger, and so is a longer tenure
//!    with the same evidence. A manual override (with its reason) wins.
//!
//! `order.rs` (tests) keeps the hand-judged orderings this formula must respect.

use chrono::{DateTime, NaiveDate, Utc};

use crate::InteractionKind;

/// Default half-life of an interaction's weight, in days.
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 90.0;
/// Weight units that give an activity strength of `1 − 1/e`.
pub const ACTIVITY_SCALE: f64 = 5.0;
/// Share of a one-way interaction's weight that counts.
pub const ONE_WAY_SHARE: f64 = 0.4;
/// The floor every recorded relationship has, whatever its tenure...
pub const FLOOR_BASE: f64 = 0.05;
/// ...plus this much times the tenure term: the floor is at most `FLOOR_BASE + FLOOR_TENURE`.
pub const FLOOR_TENURE: f64 = 0.10;
/// Years known that give a tenure term of `1 − 1/e`.
pub const TENURE_YEARS: f64 = 3.0;
/// The kept-up bonus of a long tie with recent two-way evidence, at most.
pub const KEPT_UP_MAX: f64 = 0.8;
/// Two-way weight units that give the kept-up bonus `1 − 1/e` of its tenure's share.
pub const KEPT_UP_SCALE: f64 = 1.0;
/// No tie is weaker than this in the graph (a strength of 0 would make a path impossible to
/// rank): the floor's base.
pub const MIN_STRENGTH: f64 = FLOOR_BASE;

/// How much one interaction of `kind` builds a tie, before decay.
pub fn weight(kind: InteractionKind) -> f64 {
    use InteractionKind as K;
    match kind {
        K::Meal | K::Intro => 3.0,
        K::Meeting => 2.5,
        K::Call => 1.5,
        K::Event => 1.0,
        K::Email | K::Message | K::IntroRequest => 0.5,
    }
}

/// Whether one side sends an interaction of `kind` and the other may not answer (emails,
/// messages, introduction requests). The others — a meeting held, a meal, a call, an event, an
/// introduction — are mutual: both took part, so who started them does not make them one-way.
pub fn has_sender(kind: InteractionKind) -> bool {
    use InteractionKind as K;
    match kind {
        K::Email | K::Message | K::IntroRequest => true,
        K::Meal | K::Intro | K::Meeting | K::Call | K::Event => false,
    }
}

/// `0.5^(days / half_life)`; 1 for interactions in the future (clock skew).
pub fn decay(days: f64, half_life_days: f64) -> f64 {
    if days <= 0.0 || !days.is_finite() {
        return 1.0;
    }
    (-std::f64::consts::LN_2 * days / half_life_days.max(1.0)).exp()
}

fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 86_400.0
}

/// Which side of a tie started an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
    /// Nobody in particular (a meeting, a meal) or unknown.
    Shared,
}

/// A relationship's interaction log, summarised: decayed weights valued at `anchor`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TieStats {
    pub anchor: Option<DateTime<Utc>>,
    pub w_a: f64,
    pub w_b: f64,
    pub w_shared: f64,
    pub first_at: Option<DateTime<Utc>>,
    pub last_at: Option<DateTime<Utc>>,
    pub count: u32,
}

impl TieStats {
    /// An empty summary valued at `anchor`.
    pub fn at(anchor: DateTime<Utc>) -> Self {
        Self {
            anchor: Some(anchor),
            ..Self::default()
        }
    }

    /// Adds one interaction; order does not matter. The side of a mutual kind (see
    /// [`has_sender`]) is ignored.
    pub fn add(&mut self, at: DateTime<Utc>, kind: InteractionKind, side: Side, half_life: f64) {
        let side = if has_sender(kind) { side } else { Side::Shared };
        let anchor = *self.anchor.get_or_insert(at);
        let anchor = if at > anchor {
            // Value everything at the newer instant instead, so no weight is ever scaled up.
            let f = decay(days_between(anchor, at), half_life);
            self.w_a *= f;
            self.w_b *= f;
            self.w_shared *= f;
            self.anchor = Some(at);
            at
        } else {
            anchor
        };
        let w = weight(kind) * decay(days_between(at, anchor), half_life);
        match side {
            Side::A => self.w_a += w,
            Side::B => self.w_b += w,
            Side::Shared => self.w_shared += w,
        }
        self.first_at = Some(self.first_at.map_or(at, |f| f.min(at)));
        self.last_at = Some(self.last_at.map_or(at, |l| l.max(at)));
        self.count += 1;
    }

    /// The reciprocity-adjusted weight, valued at `now`.
    pub fn effective_weight(&self, now: DateTime<Utc>, half_life: f64) -> f64 {
        let Some(anchor) = self.anchor else {
            return 0.0;
        };
        let f = decay(days_between(anchor, now), half_life);
        let directed = self.w_a + self.w_b;
        let balance = if directed > 0.0 {
            2.0 * self.w_a.min(self.w_b) / directed
        } else {
            1.0
        };
        (self.w_shared + directed * (ONE_WAY_SHARE + (1.0 - ONE_WAY_SHARE) * balance)) * f
    }

    /// The two-way part of the weight, valued at `now`: the mutual kinds plus the answered
    /// part of the messages (`2·min(a, b)`); messages nobody answered add nothing.
    pub fn two_way_weight(&self, now: DateTime<Utc>, half_life: f64) -> f64 {
        let Some(anchor) = self.anchor else {
            return 0.0;
        };
        let f = decay(days_between(anchor, now), half_life);
        (self.w_shared + 2.0 * self.w_a.min(self.w_b)) * f
    }

    /// Whether most of the weight is messages one side sends and the other rarely answers.
    pub fn mostly_one_way(&self) -> bool {
        let directed = self.w_a + self.w_b;
        directed > self.w_shared && self.balance().is_some_and(|b| b < 0.34)
    }

    /// `2·min/(a+b)` of the started-by-someone weights; `None` when there are none.
    pub fn balance(&self) -> Option<f64> {
        let directed = self.w_a + self.w_b;
        (directed > 0.0).then(|| 2.0 * self.w_a.min(self.w_b) / directed)
    }
}

/// Where a strength comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrengthParts {
    /// `1 − exp(−weight / 5)` of the decayed, reciprocity-adjusted weight.
    pub activity: f64,
    /// The tenure term `1 − exp(−years / 3)`, in [0, 1).
    pub tenure: f64,
    /// `0.05 + 0.10 × tenure`: how long you have known each other.
    pub floor: f64,
    /// `0.8 × tenure × (1 − exp(−two-way weight))`: a long tie that is kept up.
    pub kept_up: f64,
    pub overridden: Option<f64>,
    pub value: f64,
}

/// The tenure term of a tie known for `years`: 0 for a new tie, towards 1 for an old one.
pub fn tenure(years: f64) -> f64 {
    if years.is_finite() && years > 0.0 {
        1.0 - (-years / TENURE_YEARS).exp()
    } else {
        0.0
    }
}

/// The strength of a tie with summary `stats`, known since `since`, at `now`.
pub fn strength(
    stats: &TieStats,
    since: Option<NaiveDate>,
    strength_override: Option<f64>,
    now: DateTime<Utc>,
    half_life: f64,
) -> StrengthParts {
    let activity = 1.0 - (-stats.effective_weight(now, half_life) / ACTIVITY_SCALE).exp();
    let known_from = since
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .or(stats.first_at);
    let years = known_from.map_or(0.0, |k| days_between(k, now) / 365.25);
    let tenure = tenure(years);
    let floor = FLOOR_BASE + FLOOR_TENURE * tenure;
    let lived = 1.0 - (-stats.two_way_weight(now, half_life) / KEPT_UP_SCALE).exp();
    let kept_up = KEPT_UP_MAX * tenure * lived;
    let computed =
        (1.0 - (1.0 - activity) * (1.0 - floor) * (1.0 - kept_up)).clamp(MIN_STRENGTH, 1.0);
    let overridden = strength_override.filter(|s| s.is_finite());
    StrengthParts {
        activity,
        tenure,
        floor,
        kept_up,
        overridden,
        value: overridden.map_or(computed, |o| o.clamp(0.0, 1.0)),
    }
}

/// How many interactions of each kind, for the evidence line.
pub type KindCounts = Vec<(InteractionKind, u32)>;

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn kind_words(kind: InteractionKind) -> (&'static str, &'static str) {
    use InteractionKind as K;
    match kind {
        K::Meeting => ("meeting", "meetings"),
        K::Call => ("call", "calls"),
        K::Meal => ("meal", "meals"),
        K::Email => ("email", "emails"),
        K::Message => ("message", "messages"),
        K::Event => ("event", "events"),
        K::Intro => ("introduction", "introductions"),
        K::IntroRequest => ("introduction request", "introduction requests"),
    }
}

/// "3 days ago", "yesterday", "4 months ago"…
pub fn ago(at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let days = (now - at).num_days();
    match days {
        i64::MIN..=0 => "today".to_string(),
        1 => "yesterday".to_string(),
        2..=59 => format!("{days} days ago"),
        60..=729 => format!("{} months ago", days / 30),
        _ => format!("{} years ago", days / 365),
    }
}

/// The evidence for a strength in words: "4 meetings, 2 calls; last contact 12 days ago;
/// known since 2019". Kinds are listed by weight, strongest first.
pub fn evidence(
    counts: &[(InteractionKind, u32)],
    stats: &TieStats,
    since: Option<NaiveDate>,
    parts: &StrengthParts,
    override_reason: Option<&str>,
    now: DateTime<Utc>,
) -> String {
    let mut sorted: Vec<(InteractionKind, u32)> =
        counts.iter().copied().filter(|(_, n)| *n > 0).collect();
    sorted.sort_by(|a, b| {
        weight(b.0)
            .total_cmp(&weight(a.0))
            .then(b.1.cmp(&a.1))
            .then(a.0.as_str().cmp(b.0.as_str()))
    });
    let mut clauses: Vec<String> = Vec::new();
    if let (Some(value), Some(reason)) = (parts.overridden, override_reason) {
        clauses.push(format!("set by hand to {value:.2}: {reason}"));
    }
    if sorted.is_empty() {
        clauses.push("no interactions logged".to_string());
    } else {
        let list: Vec<String> = sorted
            .iter()
            .map(|(k, n)| {
                let (one, many) = kind_words(*k);
                plural(*n, one, many)
            })
            .collect();
        clauses.push(list.join(", "));
    }
    if stats.mostly_one_way() {
        clauses.push("mostly one-way".to_string());
    }
    if let Some(last) = stats.last_at {
        clauses.push(format!("last contact {}", ago(last, now)));
    }
    let known = since
        .map(|d| d.format("%Y").to_string())
        .or_else(|| stats.first_at.map(|f| f.format("%Y").to_string()));
    if let Some(year) = known {
        clauses.push(format!("known since {year}"));
    }
    clauses.join("; ")
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod order;
