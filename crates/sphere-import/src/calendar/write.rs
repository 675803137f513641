//! The calendar writer, shared by `.ics` file imports and the CalDAV sync: resources read,
//! the rules applied, and the difference with what is stored written in the caller's
//! transaction.
//!
//! - Items are keyed by UID + instance start + attendee (`sphere_store::calendar::item_key`).
//!   For every event UID in `changed`, the stored items that no longer hold (the meeting
//!   moved, the attendee now declines, the event is cancelled) are deleted with their
//!   meetings, and the new ones written; items that still hold are left alone, so writing
//!   the same text again writes nothing.
//! - A removed href deletes the items read from it (and their meetings); so does a changed
//!   href whose text no longer holds an event it held.
//! - Attendees are matched to people by email, in any case (one map per call); an accepted
//!   attendee nobody has becomes a person (named from `CN`, else from the address) with that
//!   email, and a relationship with the user (acquaintance) is created when missing.
//! - Call it inside `Store::write_bulk`: the people and relationships it creates go through
//!   the `BulkWriter`, whose writes the change log records as "everything changed".
//! - Meetings are mutual (no initiator); one after `now` is planned (see
//!   `sphere_store::calendar`). The summaries of every relationship touched are recomputed
//!   from the log at the end.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::strength::TieStats;
use sphere_domain::validate;
use sphere_domain::{Id, PersonInput, RelationshipInput, Ring, TieKind};
use sphere_store::Db;
use sphere_store::bulk::BulkWriter;
use sphere_store::calendar::{self as items, CalendarItem, NewItem};
use sphere_store::capture::CaptureSettings;

use super::read::read;
use super::rules::{Me, Meeting, decide};
use super::window;
use crate::contacts::Progress;

/// One changed resource: its href and ETag (CalDAV; `None` for a file) and its text.
pub type Changed = (Option<String>, Option<String>, String);

/// How many were left out for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IgnoredCount {
    pub reason: String,
    pub count: u32,
}

/// What a calendar write read and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarSummary {
    /// Resources (files, CalDAV objects) read.
    pub resources: u32,
    /// Events (distinct UIDs) read.
    pub events: u32,
    /// Occurrences inside the window (two years back, one ahead).
    pub instances: u32,
    /// Occurrences outside it, not kept.
    pub outside_window: u32,
    /// Occurrences that are meetings with at least one attendee.
    pub instances_kept: u32,
    /// Meetings (one per attendee and occurrence) the events hold now, past ones…
    pub meetings: u32,
    /// …and future ones, planned: they count once their time comes.
    pub planned: u32,
    /// Meetings written by this run (the rest were stored already).
    pub meetings_added: u32,
    /// Meetings removed: moved, declined, cancelled or deleted since the last run.
    pub meetings_removed: u32,
    /// Why occurrences and attendees were left out, most frequent first.
    pub ignored: Vec<IgnoredCount>,
    pub people_created: u32,
    /// Existing people met in this calendar, found by email.
    pub people_matched: u32,
    pub relationships_created: u32,
}

/// [`write_calendar_with`] without progress or cancelling.
pub fn write_calendar(
    tx: Db<'_>,
    source_id: Option<Id>,
    changed: &[Changed],
    removed_hrefs: &[String],
    settings: &CaptureSettings,
    now: DateTime<Utc>,
) -> CoreResult<CalendarSummary> {
    write_calendar_with(
        tx,
        source_id,
        changed,
        removed_hrefs,
        settings,
        now,
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

fn cancelled() -> CoreError {
    CoreError::Cancelled("the calendar import was cancelled; nothing was written".into())
}

/// Reads `changed`, applies the rules and writes the difference in `tx` (see the module
/// doc). Bad text fails the whole call, naming the resource and the line; a raised
/// `cancel` fails it with `Cancelled`. Either way the caller's transaction must be rolled
/// back, and nothing is written.
#[allow(clippy::too_many_arguments)]
pub fn write_calendar_with(
    tx: Db<'_>,
    source_id: Option<Id>,
    changed: &[Changed],
    removed_hrefs: &[String],
    settings: &CaptureSettings,
    now: DateTime<Utc>,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<CalendarSummary> {
    let me = sphere_store::centre_person(tx)?.ok_or_else(|| {
        CoreError::invalid(
            "me",
            "set who you are first: a calendar's meetings are between you and others, and no \
             person is marked as you (ring centre)",
        )
    })?;
    if settings.my_addresses.is_empty() {
        return Err(CoreError::invalid(
            "my_addresses",
            "Sphere does not know your email addresses, so it cannot tell which events you \
             attended: add them in Settings or to your own person",
        ));
    }
    let rules = Me {
        addresses: &settings.my_addresses,
        max_attendees: settings.max_recipients,
    };
    let win = window(now);
    let mut summary = CalendarSummary {
        resources: changed.len() as u32,
        ..Default::default()
    };
    let progress = |phase: &str, done: usize, total: usize| Progress {
        phase: phase.into(),
        done: done as u32,
        total: total as u32,
    };

    // 1. Read and decide, before anything is written.
    let mut uids: Vec<String> = Vec::new();
    let mut ignored: HashMap<String, u32> = HashMap::default();
    // item key → (meeting, href, etag)
    let mut wanted: HashMap<String, (Meeting, Option<&str>, Option<&str>)> = HashMap::default();
    let mut wanted_order: Vec<String> = Vec::new();
    for (n, (href, etag, text)) in changed.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        report(progress("reading", n, changed.len()));
        let read = read(text, win).map_err(|e| match (e, href) {
            (CoreError::Invalid { field, message }, Some(h)) => CoreError::Invalid {
                field,
                message: format!("{h}: {message}"),
            },
            (e, _) => e,
        })?;
        summary.events += read.uids.len() as u32;
        summary.instances += read.instances.len() as u32;
        summary.outside_window += read.outside_window;
        uids.extend(read.uids.iter().cloned());
        let d = decide(&read, &rules, now);
        summary.instances_kept += d.instances_kept;
        for (reason, n) in d.ignored {
            *ignored.entry(reason).or_default() += n;
        }
        for m in d.meetings {
            let key = items::item_key(&m.uid, &m.start, &m.email);
            if !wanted.contains_key(&key) {
                wanted_order.push(key.clone());
            }
            wanted.insert(key, (m, href.as_deref(), etag.as_deref()));
        }
    }
    for (m, _, _) in wanted.values() {
        if m.planned {
            summary.planned += 1;
        } else {
            summary.meetings += 1;
        }
    }
    let mut ignored: Vec<IgnoredCount> = ignored
        .into_iter()
        .map(|(reason, count)| IgnoredCount { reason, count })
        .collect();
    ignored.sort_by(|a, b| b.count.cmp(&a.count).then(a.reason.cmp(&b.reason)));
    summary.ignored = ignored;

    // 2. What is stored for these events and resources.
    let mut stored: Vec<CalendarItem> = items::items_of_uids(tx, &uids)?;
    if let Some(source) = source_id {
        let hrefs: Vec<String> = changed
            .iter()
            .filter_map(|(h, _, _)| h.clone())
            .chain(removed_hrefs.iter().cloned())
            .collect();
        let known: HashSet<Id> = stored.iter().map(|i| i.id).collect();
        stored.extend(
            items::items_of_hrefs(tx, source, &hrefs)?
                .into_iter()
                .filter(|i| !known.contains(&i.id)),
        );
    }
    let mut gone: Vec<CalendarItem> = Vec::new();
    let mut kept: HashSet<String> = HashSet::default();
    let removed: HashSet<&str> = removed_hrefs.iter().map(String::as_str).collect();
    for item in stored {
        match wanted.get(&item.item_key) {
            Some((_, href, etag)) => {
                if item.href.as_deref() != *href
                    || item.etag.as_deref() != *etag
                    || item.source_id != source_id
                {
                    items::set_item_resource(tx, item.id, source_id, *href, *etag)?;
                }
                kept.insert(item.item_key);
            }
            // Older than the window: not read again, so not contradicted; kept unless its
            // resource is gone.
            None if item.starts_at < win.0
                && !item.href.as_deref().is_some_and(|h| removed.contains(h)) => {}
            // An event of these resources that no longer holds this meeting (moved,
            // declined, cancelled), or an item of a resource removed or rewritten.
            None => gone.push(item),
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(cancelled());
    }

    // 3. Remove what no longer holds.
    // (relationship, the person to read it through: not the user, who is in every meeting)
    let mut ties_touched: BTreeSet<(Id, Id)> = BTreeSet::new();
    let mut pairs: Vec<(Id, Id)> = Vec::new();
    for people in items::delete_items(tx, &gone)? {
        for (i, a) in people.iter().enumerate() {
            for b in &people[i + 1..] {
                pairs.push(((*a).min(*b), (*a).max(*b)));
            }
        }
    }
    summary.meetings_removed = gone.iter().filter(|i| i.interaction_id.is_some()).count() as u32;
    for (a, b) in pairs {
        if let Some(t) = sphere_store::bulk::tie_between(tx, a, b)? {
            ties_touched.insert((t, if a == me.id { b } else { a }));
        }
    }

    // 4. Write what is new.
    let to_add: Vec<&String> = wanted_order.iter().filter(|k| !kept.contains(*k)).collect();
    let mut emails = items::people_by_email(tx)?;
    let mut w = BulkWriter::new(tx)?;
    let mut matched: HashSet<Id> = HashSet::default();
    let mut tie_of: HashMap<Id, Id> = HashMap::default();
    let mut unfit = 0u32;
    for (n, key) in to_add.iter().enumerate() {
        if n % 256 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return Err(cancelled());
            }
            report(progress("writing", n, to_add.len()));
        }
        let Some((m, href, etag)) = wanted.get(*key) else {
            continue;
        };
        let person = match emails.get(&m.email) {
            Some(&id) => {
                if id != me.id && matched.insert(id) {
                    summary.people_matched += 1;
                }
                id
            }
            None => {
                let (first, last) = person_name(&m.email, m.name.as_deref());
                let clean = match validate::person(&PersonInput {
                    first_name: first,
                    last_name: Some(last),
                    emails: Some(vec![m.email.clone()]),
                    ..Default::default()
                }) {
                    Ok(clean) => clean,
                    // An address a calendar holds but no person can (`jane@corp`, an
                    // Exchange alias): that attendee is left out, the rest of the calendar
                    // is written; a sync that failed on it would fail on every run.
                    Err(_) => {
                        unfit += 1;
                        if m.planned {
                            summary.planned = summary.planned.saturating_sub(1);
                        } else {
                            summary.meetings = summary.meetings.saturating_sub(1);
                        }
                        continue;
                    }
                };
                let id = w.person(&clean, Ring::Beyond)?;
                emails.insert(m.email.clone(), id);
                matched.insert(id);
                summary.people_created += 1;
                id
            }
        };
        if person == me.id {
            continue;
        }
        let tie = match tie_of.get(&person) {
            Some(&t) => t,
            None => {
                let (a, b) = (me.id.min(person), me.id.max(person));
                let t = match sphere_store::bulk::tie_between(tx, a, b)? {
                    Some(t) => t,
                    None => {
                        let clean = validate::relationship(&RelationshipInput {
                            person_a: a,
                            person_b: b,
                            kind: TieKind::Acquaintance,
                            since: None,
                            how_met: None,
                            strength_override: None,
                            override_reason: None,
                        })?;
                        summary.relationships_created += 1;
                        w.tie(&clean, &TieStats::default())?
                    }
                };
                tie_of.insert(person, t);
                t
            }
        };
        ties_touched.insert((tie, person));
        let meeting = items::insert_meeting(tx, &m.start, &[me.id, person], &now)?;
        items::insert_item(
            tx,
            &NewItem {
                item_key: key,
                source_id,
                uid: &m.uid,
                href: *href,
                etag: *etag,
                starts_at: m.start,
                attendee: &m.email,
                interaction_id: meeting,
            },
        )?;
        summary.meetings_added += 1;
    }
    drop(w);
    if unfit > 0 {
        summary.ignored.push(IgnoredCount {
            reason: super::rules::UNFIT_ADDRESS.into(),
            count: unfit,
        });
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(cancelled());
    }

    // 5. Summaries of every relationship touched, from the log.
    report(progress("summaries", 0, ties_touched.len()));
    let ties: Vec<(Id, Id)> = ties_touched.into_iter().collect();
    items::recompute_ties_through(tx, &ties, now)?;
    report(progress("done", to_add.len(), to_add.len()));
    Ok(summary)
}

/// The name a new attendee gets: `CN`, else from a personal address (`jane.doe@x` → Jane
/// Doe), else the address's local part.
fn person_name(email: &str, cn: Option<&str>) -> (String, String) {
    if let Some(cn) = cn.map(str::trim).filter(|c| !c.is_empty()) {
        return crate::name_for(email, Some(cn));
    }
    if let Some(name) = crate::vcard::name_from_email(email) {
        return name;
    }
    (
        email.split('@').next().unwrap_or(email).to_string(),
        String::new(),
    )
}
