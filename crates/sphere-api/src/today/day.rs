//! Today: one capped list of what to do, each item with its reason.
//!
//! **Priority.** Every candidate gets a score in 0–1 by kind and urgency:
//!
//! | item | score |
//! | --- | --- |
//! | a referral request past its deadline | 0.95 (someone is waiting; the ask goes cold) |
//! | a referral request waiting on you (a draft to send, a decline to answer, an introduction to follow up) | 0.85 |
//! | a birthday today … in 7 days | 0.90 … 0.55 (a date that will not wait) |
//! | keep in touch, overdue | 0.70 + up to 0.10 by how far past the maximum (+0.03 for the inner ring) |
//! | an introduction to make | 0.50 + 0.20 × s / (1 + s), s the suggestion's score (so their order is kept) |
//! | a role change learned in the last 30 days | 0.60 … 0.45 as it ages |
//! | keep in touch, due | 0.45 + up to 0.10 by how far past the ideal (+0.03 for the inner ring) |
//! | a dormant tie worth reviving | 0.30 + 0.25 × its revival score |
//!
//! **Balance.** The best item of each kind comes first (kinds in the order of their best
//! item's score); then items are taken by score, but no kind takes more than half the list
//! (rounded up) while other kinds have items waiting; leftover places then go by score. So a
//! waiting request is never crowded out by seven reminders, a busy day of requests still shows
//! the introduction to make, and a quiet day still fills the list.
//! Items snoozed or marked handled (`today_snooze`) drop out; a keep-in-touch item leaves once
//! a touch is logged (the person is fresh again) or the person is snoozed or paused.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};

use sphere_domain::birthday::Birthday;
use sphere_domain::cadence::{self, KeepInTouchStatus};
use sphere_domain::error::ApiError;
use sphere_domain::referral::{AskMode, RequestState};
use sphere_domain::{Fact, Id, Ring};
use sphere_sensitivity::{self as sensitivity, Sensitivity};
use sphere_store::keep_in_touch as kit;
use sphere_store::{self as store};

use super::network::Network;
use super::types::{Today, TodayItem, TodayKind, TodayQuery, TodaySnooze, TodaySnoozed};
use super::{check_limit, end_of, snooze_end};
use crate::{Ask, AskQuery, Core, Sphere, SuggestionQuery};

/// Birthdays this many days ahead (today included) are on the list.
pub const BIRTHDAY_DAYS_AHEAD: i64 = 7;
/// Role changes learned this many days ago or less are on the list.
pub const ROLE_CHANGE_DAYS: i64 = 30;
/// The best suggested introductions Today considers (the Introductions page has the rest).
const INTRO_CANDIDATES: u32 = 5;
/// The fact categories of role changes.
const ROLE_CATEGORIES: [&str; 3] = ["role_change", "promotion", "new_organization"];

fn item(key: String, kind: TodayKind, score: f64, title: String, reason: String) -> TodayItem {
    TodayItem {
        key,
        kind,
        score,
        title,
        reason,
        person: None,
        other: None,
        request_id: None,
        chips: Vec::new(),
        date: None,
        usable: None,
        usable_reason: None,
    }
}

/// What a request waiting on the user needs from them, if it waits on them. An introduction
/// the user makes (mode `connect`) waits on them once both sides opted in, and is done once
/// made.
fn waiting_on_you(state: RequestState, mode: AskMode) -> Option<&'static str> {
    use RequestState as S;
    if mode == AskMode::Connect {
        return match state {
            S::Draft => Some("notes not sent yet"),
            S::OptedIn => Some("both opted in: make the introduction"),
            _ => None,
        };
    }
    match state {
        S::Draft => Some("a draft not sent yet"),
        S::ConnectorDeclined | S::ConnectorNoAnswer => {
            Some("the connector said no or did not answer: ask the next one or close it")
        }
        S::TargetDeclined | S::TargetNoAnswer => {
            Some("the target did not opt in: close it or try another way")
        }
        S::Introduced => Some("you were introduced: set the meeting"),
        // A meeting set waits on the meeting; the others wait on someone else.
        _ => None,
    }
}

fn request_items(asks: &[Ask], me: Option<Id>, now: DateTime<Utc>) -> Vec<TodayItem> {
    asks.iter()
        .filter(|a| me.is_none() || a.asker.as_ref().is_some_and(|p| Some(p.id) == me))
        .filter_map(|a| {
            let connector = a
                .connectors
                .iter()
                .find(|c| c.rank == a.current_rank)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| "the connector".into());
            let (score, reason) = if a.overdue {
                let days = a.deadline.map_or(0, |d| (now - d).num_days().max(0));
                (
                    0.95,
                    format!(
                        "{} with {connector} since {}, {days} days past the deadline: follow up or ask the next connector",
                        a.state_label,
                        a.state_at.format("%-d %b %Y")
                    ),
                )
            } else {
                (0.85, waiting_on_you(a.state, a.mode)?.to_string())
            };
            let mut it = item(
                format!("request:{}", a.id),
                TodayKind::Request,
                score,
                format!("Referral request: {}", a.target_label),
                reason,
            );
            it.person = a.target_person.clone();
            it.request_id = Some(a.id);
            it.date = a.deadline;
            Some(it)
        })
        .collect()
}

fn keep_in_touch_items(net: &Network, now: DateTime<Utc>) -> Vec<TodayItem> {
    let mut out = Vec::new();
    for p in net.people.iter().filter(|p| net.concerns(p)) {
        let (c, _) = net.cadence_of(p);
        let Some(c) = c else { continue };
        let (st, _) = net.standing(p, now, true);
        let inner = if p.ring == Ring::Inner { 0.03 } else { 0.0 };
        let late = |from: Option<DateTime<Utc>>, span: u32| {
            from.map_or(0.0, |f| {
                ((now - f).num_days() as f64 / f64::from(span.max(1))).clamp(0.0, 1.0)
            })
        };
        let (score, title) = match st.status {
            KeepInTouchStatus::Overdue => (
                0.70 + 0.10 * late(st.overdue_at, c.max_days) + inner,
                format!("Get back in touch with {}", p.display_name),
            ),
            KeepInTouchStatus::Due => (
                0.45 + 0.10 * late(st.due_at, c.max_days - c.ideal_days + 1) + inner,
                format!("Touch base with {}", p.display_name),
            ),
            _ => continue,
        };
        let mut it = item(
            format!("keep_in_touch:{}", p.id),
            TodayKind::KeepInTouch,
            score,
            title,
            st.reason,
        );
        it.person = Some(net.person_ref(p));
        it.date = st.due_at;
        out.push(it);
    }
    out
}

fn revive_items(net: &Network, now: DateTime<Utc>) -> Vec<TodayItem> {
    let mut out = Vec::new();
    for p in net.people.iter().filter(|p| net.concerns(p) && !p.is_team) {
        let hold = net.choices.get(&p.id).map(|c| c.hold).unwrap_or_default();
        if hold.paused || hold.snoozed_until.is_some_and(|u| u > now) {
            continue;
        }
        let s = net.summary(p.id, now);
        let Some(score) = cadence::revival_score(&s, now) else {
            continue;
        };
        if s.booked.is_some() {
            continue;
        }
        let (Some(first), Some(last)) = (s.first_two_way, s.last_two_way) else {
            continue;
        };
        let silent = (now - last).num_days();
        let silent_words = if silent < 730 {
            format!("{} months", silent / 30)
        } else {
            format!("{} years", silent / 365)
        };
        let reason = format!(
            "{} two-way touches from {} to {}, then silent for {silent_words}: a tie that was strong once and can be picked up again",
            s.two_way_count,
            first.format("%Y"),
            last.format("%Y")
        );
        let mut it = item(
            format!("revive:{}", p.id),
            TodayKind::Revive,
            0.30 + 0.25 * score,
            format!("Revive your tie with {}", p.display_name),
            reason,
        );
        it.person = Some(net.person_ref(p));
        it.date = Some(last);
        out.push(it);
    }
    out
}

impl Core {
    /// Whether a maybe fact about `person` may be mentioned now (the tenure rule), and why.
    fn usable_now(
        &self,
        me: Option<Id>,
        person: Id,
        bin: Sensitivity,
    ) -> Result<(bool, String), ApiError> {
        let (known, _) = self.acquaintance_of(me, person);
        Ok(sensitivity::usable(bin, known, self.tenure()?))
    }

    fn fact_items(&self, net: &Network, now: DateTime<Utc>) -> Result<Vec<TodayItem>, ApiError> {
        let me = net.my_id();
        let people: HashMap<Id, &sphere_domain::Person> =
            net.people.iter().map(|p| (p.id, p)).collect();
        let facts: Vec<Fact> = store::facts_in(
            self.db(),
            &[
                "birthday",
                ROLE_CATEGORIES[0],
                ROLE_CATEGORIES[1],
                ROLE_CATEGORIES[2],
            ],
        )?;
        let today = now.date_naive();
        let mut out = Vec::new();
        for f in facts {
            let Some(p) = people.get(&f.person_id).filter(|p| net.concerns(p)) else {
                continue;
            };
            let category = sensitivity::category(&f.category)?;
            // Never facts are never shown (none of these categories is one; the check keeps
            // it so should the taxonomy change).
            if category.bin == Sensitivity::Never {
                continue;
            }
            // Nor is a fact whose words say something that must never be used ("stepped down
            // to focus on her treatment" filed as a role change).
            if sensitivity::worst(&sensitivity::classify_text(&f.value)?) == Sensitivity::Never {
                continue;
            }
            let mut it = if f.category == "birthday" {
                let Some(b) = Birthday::parse(&f.value) else {
                    continue;
                };
                let next = b.next_after(today);
                let days = (next - today).num_days();
                if days >= BIRTHDAY_DAYS_AHEAD {
                    continue;
                }
                let when = match days {
                    0 => "today".to_string(),
                    1 => "tomorrow".to_string(),
                    d => format!("in {d} days"),
                };
                let turning = b
                    .year
                    .map(|y| format!(", turning {}", chrono::Datelike::year(&next) - y))
                    .unwrap_or_default();
                let mut it = item(
                    format!("birthday:{}:{}", p.id, chrono::Datelike::year(&next)),
                    TodayKind::Birthday,
                    0.90 - 0.05 * days as f64,
                    format!("{}'s birthday {when}", p.display_name),
                    format!("Birthday on {}{turning}", b.words()),
                );
                it.date = Some(end_of(next) - Duration::days(1));
                it
            } else {
                let learned = f.learned_on.unwrap_or_else(|| f.created_at.date_naive());
                let age = (today - learned).num_days();
                if !(0..=ROLE_CHANGE_DAYS).contains(&age) {
                    continue;
                }
                let mut it = item(
                    format!("fact:{}", f.id),
                    TodayKind::RoleChange,
                    0.60 - 0.15 * age as f64 / ROLE_CHANGE_DAYS as f64,
                    format!("{}: {}", p.display_name, category.label),
                    format!("{} (learned {})", f.value, learned.format("%-d %b %Y")),
                );
                it.date = Some(end_of(learned) - Duration::days(1));
                it
            };
            let (ok, why) = self.usable_now(me, p.id, category.bin)?;
            it.usable = Some(ok);
            it.usable_reason = Some(why);
            it.person = Some(net.person_ref(p));
            out.push(it);
        }
        Ok(out)
    }

    /// The introductions to make, best first: the first suggestions of the Introductions
    /// page (`Core::intro_suggestions`), leaving out the pairs the user set aside while that
    /// holds them down ("not a fit" for good, "not now" until it wears off); the page still
    /// lists them further down.
    fn intro_items(&mut self) -> Result<Vec<TodayItem>, ApiError> {
        let page = self.intro_suggestions(&SuggestionQuery {
            limit: Some(INTRO_CANDIDATES),
            person: None,
        })?;
        Ok(page
            .items
            .into_iter()
            .filter(|s| s.parts.dismissal >= 1.0)
            .map(|s| {
                let score = s.score.max(0.0);
                let mut it = item(
                    format!("introduction:{}:{}", s.a.id.min(s.b.id), s.a.id.max(s.b.id)),
                    TodayKind::Introduction,
                    0.50 + 0.20 * (score / (1.0 + score)),
                    format!("Introduce {} and {}", s.a.display_name, s.b.display_name),
                    "they could be resources for each other".into(),
                );
                it.chips = s.chips.into_iter().map(|c| c.label).collect();
                it.person = Some(s.a);
                it.other = Some(s.b);
                it
            })
            .collect())
    }
}

/// Picks `limit` items: first the best of each kind (kinds in the order of their best
/// item's score), so a day with a waiting request, an overdue friend and an introduction to
/// make shows one of each; then by score, no kind over half the list (rounded up) while other
/// kinds wait; then the rest by score. Ties in score go by key, so the list is stable. The
/// chosen items are listed by score.
pub fn compose(mut candidates: Vec<TodayItem>, limit: usize) -> (Vec<TodayItem>, usize) {
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    let cap = limit.div_ceil(2).max(1);
    let mut taken: HashMap<TodayKind, usize> = HashMap::new();
    let mut chosen = vec![false; candidates.len()];
    let mut n = 0;
    for (i, c) in candidates.iter().enumerate() {
        if n == limit {
            break;
        }
        if let Entry::Vacant(first) = taken.entry(c.kind) {
            first.insert(1);
            chosen[i] = true;
            n += 1;
        }
    }
    for (i, c) in candidates.iter().enumerate() {
        if n == limit {
            break;
        }
        if chosen[i] {
            continue;
        }
        let k = taken.entry(c.kind).or_default();
        if *k < cap {
            *k += 1;
            chosen[i] = true;
            n += 1;
        }
    }
    for slot in chosen.iter_mut() {
        if n == limit {
            break;
        }
        if !*slot {
            *slot = true;
            n += 1;
        }
    }
    let total = candidates.len();
    let mut items: Vec<TodayItem> = candidates
        .into_iter()
        .zip(chosen)
        .filter_map(|(c, keep)| keep.then_some(c))
        .collect();
    items.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    (items, total - n)
}

impl Sphere {
    /// The day's list: capped, balanced across kinds, each item with its reason.
    pub fn today(&self, q: TodayQuery) -> Result<Today, ApiError> {
        // Requests first, through their own command (it takes the lock itself).
        let asks = self.ask_list(AskQuery {
            open: Some(true),
            ..AskQuery::default()
        })?;
        let mut core = self.store()?;
        core.revalue();
        let limit = match q.limit {
            Some(n) => check_limit("limit", n)?,
            None => core.today_limit()?,
        };
        let now = core.now();
        let net = Network::load(core.db())?;
        let mut candidates = request_items(&asks.items, net.my_id(), now);
        candidates.extend(keep_in_touch_items(&net, now));
        // Someone overdue on their cadence is reminded once, as a keep-in-touch item, not also
        // as a tie to revive.
        let reminded: HashSet<Id> = candidates
            .iter()
            .filter(|c| c.kind == TodayKind::KeepInTouch)
            .filter_map(|c| c.person.as_ref().map(|p| p.id))
            .collect();
        candidates.extend(
            revive_items(&net, now)
                .into_iter()
                .filter(|r| !r.person.as_ref().is_some_and(|p| reminded.contains(&p.id))),
        );
        candidates.extend(core.fact_items(&net, now)?);
        candidates.extend(core.intro_items()?);
        let hidden = kit::snoozed_items(core.db(), now)?;
        candidates.retain(|c| !hidden.contains_key(&c.key));
        let (mut items, more) = compose(candidates, limit as usize);
        // Titles and reasons quote what the user wrote (a role change, a need): never
        // passages hidden, as in every view.
        for item in &mut items {
            crate::reveal::Reveal::Nobody.text([], &mut item.title)?;
            crate::reveal::Reveal::Nobody.text([], &mut item.reason)?;
        }
        Ok(Today {
            items,
            limit,
            more: more as u32,
            me: net.me.as_ref().map(|m| net.person_ref(m)),
            valued_at: now,
        })
    }

    /// Hides one Today item until a day, or as handled. A keep-in-touch item snoozes the
    /// person's reminder (the same as `keep_in_touch_snooze`).
    pub fn today_snooze(&self, req: TodaySnooze) -> Result<TodaySnoozed, ApiError> {
        let key = req.key.trim();
        let (kind, rest) = key.split_once(':').ok_or_else(|| bad_key(key))?;
        let kind = TodayKind::parse(kind).ok_or_else(|| bad_key(key))?;
        let first: Id = rest
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| bad_key(key))?;
        let mut core = self.store()?;
        let now = core.now();
        let until = match (req.until, req.handled.unwrap_or(false)) {
            (Some(day), false) => snooze_end(day, now)?,
            (None, true) if kind == TodayKind::KeepInTouch => {
                return Err(ApiError::invalid(
                    "handled",
                    "a keep-in-touch item is handled by logging a touch with them",
                ));
            }
            (None, true) if kind == TodayKind::Birthday => {
                // Back next year: the key names this year's birthday.
                now + Duration::days(300)
            }
            (None, true) => now + Duration::days(3650),
            _ => {
                return Err(ApiError::invalid(
                    "until",
                    "give the day to snooze until, or `handled`",
                ));
            }
        };
        core.store.write(|tx| {
            if kind == TodayKind::KeepInTouch {
                kit::set_snooze(tx, first, Some(until))?;
            } else {
                kit::snooze_item(tx, key, until)?;
            }
            Ok(())
        })?;
        Ok(TodaySnoozed {
            key: key.to_string(),
            until,
        })
    }
}

fn bad_key(key: &str) -> ApiError {
    ApiError::invalid(
        "key",
        format!(
            "`{key}` is not a Today item's key (like `keep_in_touch:12` or `birthday:12:2026`)"
        ),
    )
}
