//! Keeping in touch (cadences, snoozes, pauses, each person's status), Today (the day's
//! capped list) and network health (per ring, by week). The rules are the domain's
//! (`sphere_domain::cadence`); this module reads the store once per command and composes.

mod day;
mod health;
mod network;
mod types;

use chrono::{DateTime, NaiveDate, Utc};

use sphere_domain::Ring;
use sphere_domain::cadence::{Cadence, CadenceScope, KeepInTouchStatus, PersonCadence};
use sphere_domain::error::ApiError;
use sphere_store::keep_in_touch as kit;
use sphere_store::{self as store, stats};

use super::{Empty, Sphere};
pub use day::{BIRTHDAY_DAYS_AHEAD, ROLE_CHANGE_DAYS, compose};
pub use health::TREND_WEEKS;
use network::Network;
pub use types::*;

/// The setting that holds how many items Today shows.
pub const TODAY_LIMIT_KEY: &str = "today.limit";
/// Today's length unless changed.
pub const DEFAULT_TODAY_LIMIT: u32 = 7;
/// The most items Today may show.
pub const MAX_TODAY_LIMIT: u32 = 50;

/// The rings whose cadence can be set (the centre is the user).
const CADENCE_RINGS: [Ring; 3] = [Ring::Inner, Ring::Outer, Ring::Beyond];

fn check_limit(field: &str, n: u32) -> Result<u32, ApiError> {
    if (1..=MAX_TODAY_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(ApiError::invalid(
            field,
            format!("Today shows 1 to {MAX_TODAY_LIMIT} items, not {n}"),
        ))
    }
}

/// The end of `day` (UTC): a snooze "until Friday" lasts all of Friday.
/// The end of `day` as the end of a snooze: a day after today and at most ten years ahead
/// ([`sphere_domain::cadence::MAX_DAYS`]), or an error naming `until`.
fn snooze_end(day: NaiveDate, now: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
    let u = end_of(day);
    if u <= now {
        return Err(ApiError::invalid(
            "until",
            format!("snooze until a day after today, not {day}"),
        ));
    }
    let days = (day - now.date_naive()).num_days();
    if days > i64::from(sphere_domain::cadence::MAX_DAYS) {
        return Err(ApiError::invalid(
            "until",
            format!(
                "a snooze lasts at most {} days (ten years); {day} is further: pause instead",
                sphere_domain::cadence::MAX_DAYS
            ),
        ));
    }
    Ok(u)
}

fn end_of(day: NaiveDate) -> DateTime<Utc> {
    day.succ_opt()
        .unwrap_or(day)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

impl super::Core {
    fn today_limit(&self) -> Result<u32, ApiError> {
        Ok(stats::number_setting(self.db(), TODAY_LIMIT_KEY)?
            .map(|n| n.clamp(1.0, f64::from(MAX_TODAY_LIMIT)) as u32)
            .unwrap_or(DEFAULT_TODAY_LIMIT))
    }

    fn cadence_rules(&self) -> Result<CadenceRules, ApiError> {
        let rules = kit::rules(self.db())?;
        let mut tags: Vec<TagCadence> = rules
            .tags
            .iter()
            .map(|(tag, c)| TagCadence {
                tag: tag.clone(),
                cadence: *c,
            })
            .collect();
        tags.sort_by(|a, b| a.tag.cmp(&b.tag));
        Ok(CadenceRules {
            rings: CADENCE_RINGS
                .iter()
                .map(|&ring| {
                    let default = sphere_domain::cadence::default_ring_cadence(ring);
                    let set = rules.rings.get(&ring);
                    RingCadence {
                        ring,
                        cadence: set.copied().unwrap_or(default),
                        default,
                        custom: set.is_some(),
                    }
                })
                .collect(),
            tags,
            today_limit: self.today_limit()?,
        })
    }

    fn keep_in_touch_of(&self, person: i64) -> Result<KeepInTouch, ApiError> {
        let p = store::get_person(self.db(), person)?;
        let net = Network::load(self.db())?;
        Ok(net.keep_in_touch(&p, self.now()))
    }
}

/// The cadence a request asks for: days, none, or back to what applies without it.
enum Wanted {
    Every(Cadence),
    Off,
    Clear,
}

fn wanted(set: &CadenceSet) -> Result<Wanted, ApiError> {
    let off = set.off.unwrap_or(false);
    let clear = set.clear.unwrap_or(false);
    let days = set.ideal_days.is_some() || set.max_days.is_some();
    match (days, off, clear) {
        (true, false, false) => {
            let ideal = set.ideal_days.ok_or_else(|| {
                ApiError::invalid(
                    "ideal_days",
                    "give the ideal number of days with the maximum",
                )
            })?;
            let max = set.max_days.ok_or_else(|| {
                ApiError::invalid("max_days", "give the maximum number of days with the ideal")
            })?;
            Cadence::new(ideal, max)
                .map(Wanted::Every)
                .map_err(|(field, msg)| ApiError::invalid(field, msg))
        }
        (false, true, false) => Ok(Wanted::Off),
        (false, false, true) => Ok(Wanted::Clear),
        (false, false, false) => Err(ApiError::invalid(
            "ideal_days",
            "give an ideal and a maximum number of days, `off`, or `clear`",
        )),
        _ => Err(ApiError::invalid(
            "clear",
            "give only one of: days (ideal and maximum), `off`, `clear`",
        )),
    }
}

impl Sphere {
    /// The rings' and tags' cadences, and Today's length.
    pub fn cadence_rules(&self, _: Empty) -> Result<CadenceRules, ApiError> {
        self.store()?.cadence_rules()
    }

    /// Sets or clears one cadence (a person's, a tag's or a ring's), or Today's length.
    /// Checks everything before writing anything.
    pub fn cadence_set(&self, set: CadenceSet) -> Result<CadenceRules, ApiError> {
        let scopes = usize::from(set.person.is_some())
            + usize::from(set.tag.is_some())
            + usize::from(set.ring.is_some());
        let mut core = self.store()?;
        if scopes == 0 {
            let Some(n) = set.today_limit else {
                return Err(ApiError::invalid(
                    "person",
                    "say whose cadence to set: a person, a tag or a ring (or Today's length)",
                ));
            };
            let n = check_limit("today_limit", n)?;
            core.store.write(|tx| {
                Ok(stats::set_number_setting(
                    tx,
                    TODAY_LIMIT_KEY,
                    f64::from(n),
                )?)
            })?;
            return core.cadence_rules();
        }
        if scopes > 1 {
            return Err(ApiError::invalid(
                "person",
                "set one cadence at a time: a person, a tag or a ring",
            ));
        }
        let limit = set
            .today_limit
            .map(|n| check_limit("today_limit", n))
            .transpose()?;
        let want = wanted(&set)?;
        let scope = if set.person.is_some() {
            CadenceScope::Person
        } else if set.tag.is_some() {
            CadenceScope::Tag
        } else {
            CadenceScope::Ring
        };
        let tag = set.tag.as_deref().map(str::trim).unwrap_or_default();
        match scope {
            CadenceScope::Tag if tag.is_empty() => {
                return Err(ApiError::invalid("tag", "the tag is empty"));
            }
            CadenceScope::Tag if matches!(want, Wanted::Off) => {
                return Err(ApiError::invalid(
                    "off",
                    "a tag either has a cadence or none (clear it); `off` is for a person or a ring",
                ));
            }
            CadenceScope::Ring if set.ring == Some(Ring::Centre) => {
                return Err(ApiError::invalid(
                    "ring",
                    "the centre is you: only inner, outer and beyond have a cadence",
                ));
            }
            _ => {}
        }
        core.store.write(|tx| {
            match (scope, &want) {
                (CadenceScope::Person, w) => {
                    let id = set.person.unwrap_or_default();
                    let c = match w {
                        Wanted::Every(c) => Some(PersonCadence::Every(*c)),
                        Wanted::Off => Some(PersonCadence::Off),
                        Wanted::Clear => None,
                    };
                    kit::set_person_cadence(tx, id, c)?;
                }
                (CadenceScope::Tag, w) => {
                    let c = match w {
                        Wanted::Every(c) => Some(*c),
                        _ => None,
                    };
                    kit::set_tag_rule(tx, tag, c)?;
                }
                (CadenceScope::Ring, w) => {
                    let ring = set.ring.unwrap_or(Ring::Outer);
                    let rule = match w {
                        Wanted::Every(c) => Some(Some(*c)),
                        Wanted::Off => Some(None),
                        Wanted::Clear => None,
                    };
                    kit::set_ring_rule(tx, ring, rule)?;
                }
            }
            if let Some(n) = limit {
                stats::set_number_setting(tx, TODAY_LIMIT_KEY, f64::from(n))?;
            }
            Ok(())
        })?;
        core.cadence_rules()
    }

    /// Everyone's standing (or one person's), overdue first; filtered by status.
    pub fn cadence_list(&self, q: CadenceQuery) -> Result<CadenceList, ApiError> {
        let core = self.store()?;
        let now = core.now();
        let net = Network::load(core.db())?;
        if let Some(id) = q.person {
            store::get_person(core.db(), id)?;
        }
        let mut all: Vec<KeepInTouch> = net
            .people
            .iter()
            .filter(|p| net.concerns(p) && q.person.is_none_or(|id| id == p.id))
            .map(|p| net.keep_in_touch(p, now))
            .collect();
        let counts = KeepInTouchStatus::ALL
            .iter()
            .map(|&status| StatusCount {
                status,
                count: all.iter().filter(|k| k.status == status).count() as u32,
            })
            .collect();
        all.retain(|k| q.status.is_none_or(|s| s == k.status));
        let rank = |s: KeepInTouchStatus| match s {
            KeepInTouchStatus::Overdue => 0,
            KeepInTouchStatus::Due => 1,
            KeepInTouchStatus::Dormant => 2,
            KeepInTouchStatus::Booked => 3,
            KeepInTouchStatus::Fresh => 4,
            KeepInTouchStatus::Snoozed => 5,
            KeepInTouchStatus::Paused => 6,
            KeepInTouchStatus::NoCadence => 7,
        };
        all.sort_by(|a, b| {
            rank(a.status)
                .cmp(&rank(b.status))
                .then(a.due_at.cmp(&b.due_at))
                .then_with(|| a.person.display_name.cmp(&b.person.display_name))
        });
        Ok(CadenceList {
            items: all,
            counts,
            valued_at: now,
        })
    }

    /// Snoozes one person's reminder until the end of a day (`null` ends the snooze).
    pub fn keep_in_touch_snooze(&self, req: SnoozeRequest) -> Result<KeepInTouch, ApiError> {
        let mut core = self.store()?;
        let now = core.now();
        let until = req.until.map(|d| snooze_end(d, now)).transpose()?;
        core.store
            .write(|tx| Ok(kit::set_snooze(tx, req.person_id, until)?))?;
        core.keep_in_touch_of(req.person_id)
    }

    /// Pauses one person's reminders until resumed, or resumes them.
    pub fn keep_in_touch_pause(&self, req: PauseRequest) -> Result<KeepInTouch, ApiError> {
        let mut core = self.store()?;
        let at = req.paused.then(|| core.now());
        core.store
            .write(|tx| Ok(kit::set_paused(tx, req.person_id, at)?))?;
        core.keep_in_touch_of(req.person_id)
    }
}
