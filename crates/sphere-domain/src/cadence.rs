//! Keeping in touch: how often the user means to hear from each person (a cadence: an ideal
//! and a maximum number of days), and where each person stands against it. Pure rules with the
//! clock passed in; the store reads the log and the api composes the answers.
//!
//! **Which cadence applies.** A person's own cadence (or their explicit "no cadence") wins over
//! their tags' cadences, which win over their ring's. Among several tags with a cadence, the
//! shortest ideal wins (the person you mean to see most often sets the pace). Ring defaults:
//!
//! | ring | ideal | max | why |
//! | --- | --- | --- | --- |
//! | inner (clients) | 30 | 60 | an active client expects to hear from you monthly; two silent months is when accounts start to drift |
//! | outer (friends, partners, prospects) | 90 | 180 | a quarterly touch keeps a tie warm; half a year of silence is when it starts to fade |
//! | beyond | none | none | known only through someone else: there is nothing to keep up yet |
//! | centre, the team | none | none | you and your colleagues need no reminder to talk to each other |
//!
//! **What resets the clock.** A *two-way touch*: a meeting, call, meal, event or introduction held (not a
//! planned one), or an email/message they sent (a reply or their own initiative; one whose
//! sender is unknown counts as mutual). An email or message the user sent with no later
//! two-way touch is an *attempt*: it moves the due and overdue dates once, by half the ideal
//! (several attempts still move them once). A booked meeting (a planned two-way touch) holds
//! the reminder until it happens.
//!
//! **Status.** *fresh* before the ideal, *due* past it, *overdue* past the maximum, *dormant*
//! when silent for over [`DORMANT_MIN_DAYS`] days and over three maximums (the tie has gone
//! quiet rather than late: a reminder will not fix it, a deliberate revival might). A snooze
//! hides the reminder until its date; a pause hides it until resumed.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, InteractionKind, Ring, string_enum};

/// The longest ideal or maximum a cadence may have (ten years).
pub const MAX_DAYS: u32 = 3_650;

/// A person silent this long (and over three maximums) is dormant rather than overdue.
pub const DORMANT_MIN_DAYS: i64 = 365;

/// An ideal and a maximum number of days between two-way touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Cadence {
    pub ideal_days: u32,
    pub max_days: u32,
}

impl Cadence {
    /// A cadence from what the user typed: both at least one day, the maximum at least the
    /// ideal, both at most [`MAX_DAYS`]; otherwise the reason, naming the field.
    pub fn new(ideal_days: u32, max_days: u32) -> Result<Self, (&'static str, String)> {
        if ideal_days == 0 || ideal_days > MAX_DAYS {
            return Err((
                "ideal_days",
                format!("the ideal must be 1 to {MAX_DAYS} days, not {ideal_days}"),
            ));
        }
        if max_days < ideal_days || max_days > MAX_DAYS {
            return Err((
                "max_days",
                format!(
                    "the maximum must be at least the ideal ({ideal_days}) and at most {MAX_DAYS} days, not {max_days}"
                ),
            ));
        }
        Ok(Self {
            ideal_days,
            max_days,
        })
    }

    /// Every `n` days, in words: "every 30 days (at most 60)".
    pub fn words(self) -> String {
        format!("every {} days (at most {})", self.ideal_days, self.max_days)
    }
}

/// The cadence a ring has when the user has not changed it.
pub fn default_ring_cadence(ring: Ring) -> Option<Cadence> {
    match ring {
        Ring::Inner => Some(Cadence {
            ideal_days: 30,
            max_days: 60,
        }),
        Ring::Outer => Some(Cadence {
            ideal_days: 90,
            max_days: 180,
        }),
        Ring::Beyond | Ring::Centre => None,
    }
}

string_enum! {
    /// What a cadence setting is attached to.
    CadenceScope {
        Person = "person",
        Tag = "tag",
        Ring = "ring",
    }
}

/// Where a person's cadence comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum CadenceSource {
    /// Set on the person.
    Person,
    /// From this tag (the shortest of their tags with a cadence).
    Tag { tag: String },
    /// Their ring's (default or as set in Settings).
    Ring { ring: Ring },
    /// None applies: "no cadence" set on the person, a ring without one, or the team.
    None,
}

impl CadenceSource {
    pub fn words(&self) -> String {
        match self {
            CadenceSource::Person => "set for them".into(),
            CadenceSource::Tag { tag } => format!("from the tag “{tag}”"),
            CadenceSource::Ring { ring } => format!("the {ring} ring's"),
            CadenceSource::None => "no cadence".into(),
        }
    }
}

/// A person's own setting: a cadence, or explicitly none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonCadence {
    Every(Cadence),
    Off,
}

/// The cadence that applies: person over tag over ring; among tags the shortest ideal (then
/// the shortest maximum, then the tag's name, so the answer never depends on order). The
/// centre and team members have none unless set on them.
pub fn resolve(
    own: Option<PersonCadence>,
    tags: &[(&str, Cadence)],
    ring: Ring,
    is_team: bool,
    ring_cadence: Option<Cadence>,
) -> (Option<Cadence>, CadenceSource) {
    match own {
        Some(PersonCadence::Every(c)) => return (Some(c), CadenceSource::Person),
        Some(PersonCadence::Off) => return (None, CadenceSource::None),
        None => {}
    }
    if ring == Ring::Centre || is_team {
        return (None, CadenceSource::None);
    }
    if let Some((tag, c)) = tags.iter().min_by(|a, b| {
        (a.1.ideal_days, a.1.max_days, a.0).cmp(&(b.1.ideal_days, b.1.max_days, b.0))
    }) {
        return (
            Some(*c),
            CadenceSource::Tag {
                tag: (*tag).to_string(),
            },
        );
    }
    match ring_cadence {
        Some(c) => (Some(c), CadenceSource::Ring { ring }),
        None => (None, CadenceSource::None),
    }
}

/// What one interaction with a person means for keeping in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TouchClass {
    /// Evidence from both sides: resets the clock.
    TwoWay,
    /// The user reached out and has not heard back (yet).
    Attempt,
}

/// How an interaction of `kind` started by `initiator` counts for the user's tie with
/// `person` (`me` is the user, when recorded). `None`: it does not count (someone else's
/// message that only copied them).
pub fn classify(
    kind: InteractionKind,
    initiator: Option<Id>,
    me: Option<Id>,
    person: Id,
) -> Option<TouchClass> {
    use InteractionKind as K;
    match kind {
        // An introduction involves them with their consent (both sides opted in before the
        // user made one; a connector asked them before introducing the user).
        K::Meeting | K::Call | K::Meal | K::Event | K::Intro => Some(TouchClass::TwoWay),
        K::Email | K::Message | K::IntroRequest => match initiator {
            Some(i) if i == person => Some(TouchClass::TwoWay),
            Some(i) if Some(i) == me => Some(TouchClass::Attempt),
            // Unknown sender: logged as mutual.
            None if matches!(kind, K::Email | K::Message) => Some(TouchClass::TwoWay),
            None => Some(TouchClass::Attempt),
            Some(_) => None,
        },
    }
}

/// One interaction as keeping in touch sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    pub at: DateTime<Utc>,
    /// When it was logged: a planned touch (`at` after `logged_at`) is booked from then on.
    pub logged_at: DateTime<Utc>,
    pub class: TouchClass,
}

/// A person's touches folded as of an instant: what the status needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TouchSummary {
    /// The last two-way touch held by then.
    pub last_two_way: Option<DateTime<Utc>>,
    /// The first attempt after it (held by then).
    pub attempt_since: Option<DateTime<Utc>>,
    /// The next two-way touch booked by then and not yet held.
    pub booked: Option<DateTime<Utc>>,
    /// Two-way touches held by then.
    pub two_way_count: u32,
    /// The first two-way touch held by then.
    pub first_two_way: Option<DateTime<Utc>>,
}

/// Folds `touches` (any order) as they stood at `at`: only touches held by `at` count, and a
/// planned touch counts as booked only once it was logged.
pub fn summarize(touches: &[Touch], at: DateTime<Utc>) -> TouchSummary {
    let mut s = TouchSummary::default();
    for t in touches {
        if t.at > at {
            if t.class == TouchClass::TwoWay && t.logged_at <= at {
                s.booked = Some(s.booked.map_or(t.at, |b| b.min(t.at)));
            }
            continue;
        }
        if t.class == TouchClass::TwoWay {
            s.two_way_count += 1;
            s.last_two_way = Some(s.last_two_way.map_or(t.at, |l| l.max(t.at)));
            s.first_two_way = Some(s.first_two_way.map_or(t.at, |f| f.min(t.at)));
        }
    }
    for t in touches {
        if t.class == TouchClass::Attempt && t.at <= at && s.last_two_way.is_none_or(|l| t.at > l) {
            s.attempt_since = Some(s.attempt_since.map_or(t.at, |a| a.min(t.at)));
        }
    }
    s
}

string_enum! {
    /// Where a person stands against their cadence.
    KeepInTouchStatus {
        /// Within the ideal.
        Fresh = "fresh",
        /// Past the ideal.
        Due = "due",
        /// Past the maximum.
        Overdue = "overdue",
        /// Silent for over a year and three maximums.
        Dormant = "dormant",
        /// A meeting is booked: no reminder until it happens.
        Booked = "booked",
        /// Snoozed until a date.
        Snoozed = "snoozed",
        /// Paused until resumed.
        Paused = "paused",
        /// No cadence applies.
        NoCadence = "none",
    }
}

/// What the user chose to hold back for one person.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hold {
    pub snoozed_until: Option<DateTime<Utc>>,
    pub paused: bool,
}

/// Where one person stands, with the dates and the reason in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub status: KeepInTouchStatus,
    /// The status before any snooze, pause or booking hid it (what health figures count).
    pub clock: KeepInTouchStatus,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue_at: Option<DateTime<Utc>>,
    /// Whole days past the due date (0 when not past it).
    pub days_past_due: i64,
    pub reason: String,
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

fn ago(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let d = (now - then).num_days();
    match d {
        0 => "today".into(),
        1 => "yesterday".into(),
        d if d < 60 => format!("{d} days ago"),
        d if d < 730 => format!("{} months ago", d / 30),
        d => format!("{} years ago", d / 365),
    }
}

/// Where a person stands at `now`. `known_since` anchors the clock when there was never a
/// two-way touch (when they were added).
pub fn standing(
    cadence: Option<Cadence>,
    s: &TouchSummary,
    known_since: DateTime<Utc>,
    hold: Hold,
    now: DateTime<Utc>,
) -> Standing {
    let Some(c) = cadence else {
        return Standing {
            status: KeepInTouchStatus::NoCadence,
            clock: KeepInTouchStatus::NoCadence,
            due_at: None,
            overdue_at: None,
            days_past_due: 0,
            reason: "no cadence".into(),
        };
    };
    let anchor = s.last_two_way.unwrap_or(known_since);
    let shift = s
        .attempt_since
        .map_or(Duration::zero(), |_| days(c.ideal_days) / 2);
    let due_at = anchor + days(c.ideal_days) + shift;
    let overdue_at = anchor + days(c.max_days) + shift;
    let silent = now - anchor;
    let dormant_after = Duration::days(DORMANT_MIN_DAYS.max(3 * i64::from(c.max_days)));
    let clock = if silent > dormant_after {
        KeepInTouchStatus::Dormant
    } else if now >= overdue_at {
        KeepInTouchStatus::Overdue
    } else if now >= due_at {
        KeepInTouchStatus::Due
    } else {
        KeepInTouchStatus::Fresh
    };
    let last = match s.last_two_way {
        Some(l) => format!("last two-way touch {}", ago(now, l)),
        None => format!(
            "no two-way touch yet (known since {})",
            known_since.format("%Y-%m-%d")
        ),
    };
    let attempt = s
        .attempt_since
        .map(|a| format!("; you reached out {} with no answer yet", ago(now, a)))
        .unwrap_or_default();
    let days_past_due = (now - due_at).num_days().max(0);
    let mut reason = match clock {
        KeepInTouchStatus::Fresh => format!("{last}{attempt}; {}", c.words()),
        KeepInTouchStatus::Due => format!("{last}{attempt}: due, {}", c.words()),
        KeepInTouchStatus::Overdue => format!(
            "{last}{attempt}: {} days past the maximum of {}",
            (now - overdue_at).num_days(),
            c.max_days
        ),
        _ => format!("{last}{attempt}: gone quiet, {}", c.words()),
    };
    let status = if hold.paused {
        reason = format!("paused ({reason})");
        KeepInTouchStatus::Paused
    } else if let Some(u) = hold.snoozed_until.filter(|u| *u > now) {
        reason = format!("snoozed until {} ({reason})", u.format("%Y-%m-%d"));
        KeepInTouchStatus::Snoozed
    } else if let Some(b) = s.booked.filter(|_| clock != KeepInTouchStatus::Fresh) {
        reason = format!("meeting booked for {} ({reason})", b.format("%Y-%m-%d"));
        KeepInTouchStatus::Booked
    } else {
        clock
    };
    Standing {
        status,
        clock,
        due_at: Some(due_at),
        overdue_at: Some(overdue_at),
        days_past_due,
        reason,
    }
}

/// A dormant tie worth reviving: strong once (several two-way touches) and silent for over a
/// year. The score favours ties with more shared history, and among them those silent for one
/// to three years (still remembered) over ones silent for a decade; `None` when the tie was
/// never more than an acquaintance (fewer than [`REVIVE_MIN_TOUCHES`] two-way touches).
pub fn revival_score(s: &TouchSummary, now: DateTime<Utc>) -> Option<f64> {
    let last = s.last_two_way?;
    let silent_days = (now - last).num_days();
    if silent_days <= DORMANT_MIN_DAYS || s.two_way_count < REVIVE_MIN_TOUCHES {
        return None;
    }
    // History: saturates at 12 touches (a year of monthly contact).
    let history = f64::from(s.two_way_count.min(12)) / 12.0;
    let years = silent_days as f64 / 365.0;
    // Memory: full for up to three years of silence, then fading by half every three years.
    let memory = if years <= 3.0 {
        1.0
    } else {
        0.5_f64.powf((years - 3.0) / 3.0)
    };
    Some(history * memory)
}

/// The fewest two-way touches that make a tie "strong once".
pub const REVIVE_MIN_TOUCHES: u32 = 4;
