//! iCalendar text → event instances in a window, in UTC.
//!
//! calcard parses (folded lines, CRLF or LF, quoted parameters, several `VCALENDAR`s in one
//! text), resolves `TZID`s (IANA names, a `VTIMEZONE`'s `X-LIC-LOCATION` or
//! `X-MICROSOFT-CDO-TZID`, Outlook's Windows names such as "Pacific Standard Time") and
//! expands `RRULE`/`RDATE` with `EXDATE` and `RECURRENCE-ID` overrides. Around it, this module:
//! - expands each UID on its own (calcard matches overrides by `SEQUENCE` and instant across
//!   the whole calendar, so two events of one file could otherwise take each other's
//!   overrides, and a series whose override has another `SEQUENCE` would keep both);
//! - has calcard repeat each series on its wall clock and places every occurrence in the
//!   series' zone itself (`wall.rs`: times a clock change skips or repeats as RFC 5545 says,
//!   an `UNTIL` in UTC inclusive), and gives an open-ended rule an `UNTIL` just past the
//!   window, so a weekly meeting since 2015 costs what its instances in the window cost;
//! - reads floating times and all-day dates in UTC (an export carries no zone for them);
//! - treats a `METHOD:CANCEL` calendar as cancelling its events (the whole series, or one
//!   instance when it names a `RECURRENCE-ID`), also in the calendars before it in the text;
//! - reports what it cannot read with the line it starts on, before anything is written.

use std::collections::{HashMap, HashSet};

use calcard::common::timezone::Tz;
use calcard::icalendar::dates::CalendarErrorType;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarMethod,
    ICalendarParameterName, ICalendarProperty, ICalendarStatus, ICalendarValue,
};
use calcard::{Entry, Parser};
use chrono::{DateTime, Utc};

use sphere_domain::error::{CoreError, CoreResult};

use super::MAX_OCCURRENCES;
use super::wall::{instant, one_event};

/// An invited person (or room), as the event lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    /// The address, lower case, without `mailto:`.
    pub email: String,
    /// `CN`, unless it is only the address again.
    pub name: Option<String>,
    pub answer: Answer,
    /// `CUTYPE=ROOM` or `RESOURCE` (a meeting room, a projector): never a person.
    pub room: bool,
}

/// `PARTSTAT`: how an attendee answered (absent = not answered, as RFC 5545 says).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Accepted,
    Declined,
    Tentative,
    NeedsAction,
    /// Delegated or anything else: not a yes.
    Other,
}

/// What one `VEVENT` (a series, or one override of it) says about who takes part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub uid: String,
    /// The line its `BEGIN:VEVENT` is on (1-based).
    pub line: u64,
    /// `STATUS:CANCELLED`, or sent with `METHOD:CANCEL`.
    pub cancelled: bool,
    pub organizer: Option<Attendee>,
    pub attendees: Vec<Attendee>,
}

/// One occurrence of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    /// Index into [`Read::details`].
    pub details: usize,
    pub start: DateTime<Utc>,
    /// Cancelled on its own (a `METHOD:CANCEL` naming this instance).
    pub cancelled: bool,
}

/// A calendar text, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Read {
    /// Every event UID in the text, in order of first sight (also those with no instance in
    /// the window: a writer replacing their earlier rows needs them).
    pub uids: Vec<String>,
    pub details: Vec<Details>,
    /// The occurrences inside the window, by UID then start.
    pub instances: Vec<Instance>,
    /// Occurrences outside the window (not kept).
    pub outside_window: u32,
}

impl Read {
    pub fn uid_of(&self, i: &Instance) -> &str {
        &self.details[i.details].uid
    }
}

/// Reads `text` and keeps the occurrences that start inside `window`.
pub fn read(text: &str, window: (DateTime<Utc>, DateTime<Utc>)) -> CoreResult<Read> {
    if !text.lines().any(|l| {
        l.trim_start_matches('\u{feff}')
            .trim()
            .eq_ignore_ascii_case("BEGIN:VCALENDAR")
    }) {
        let first: String = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        return Err(CoreError::invalid(
            "file",
            format!("this is not an iCalendar file: no BEGIN:VCALENDAR (it starts `{first}`)"),
        ));
    }
    let starts = structure(text)?;
    let mut calendars = Vec::new();
    let mut parser = Parser::new(text);
    loop {
        match parser.entry() {
            Entry::ICalendar(cal) => calendars.push(cal),
            Entry::Eof => break,
            Entry::InvalidLine(l) => {
                return Err(bad(
                    line_of(text, &l),
                    format!("this line is not iCalendar: `{}`", clip(&l)),
                ));
            }
            Entry::UnexpectedComponentEnd { expected, found } => {
                return Err(bad(
                    line_of(text, &format!("END:{}", found.as_str())),
                    format!(
                        "END:{} where END:{} was expected",
                        found.as_str(),
                        expected.as_str()
                    ),
                ));
            }
            Entry::UnterminatedComponent(name) => {
                return Err(bad(
                    last_begin(text, &name),
                    format!("BEGIN:{name} is never closed (no END:{name}); is the file cut short?"),
                ));
            }
            Entry::TooManyComponents => {
                return Err(CoreError::invalid(
                    "file",
                    "the calendar has more components than can be read; split it",
                ));
            }
            Entry::VCard(_) => {
                return Err(CoreError::invalid(
                    "file",
                    "this is an address book (vCard), not a calendar; import it as contacts",
                ));
            }
            _ => {
                return Err(CoreError::invalid(
                    "file",
                    "this is not an iCalendar file (no BEGIN:VCALENDAR)",
                ));
            }
        }
    }
    if calendars.is_empty() {
        return Err(CoreError::invalid(
            "file",
            "the calendar holds no VCALENDAR",
        ));
    }
    let mut out = Read::default();
    let mut seen_uids: HashSet<String> = HashSet::new();
    // (uid, the instance's start when one instance is cancelled).
    let mut cancels: Vec<(String, Option<DateTime<Utc>>)> = Vec::new();
    let mut vevent_no = 0usize;
    for cal in &calendars {
        let cancel_all = method_is_cancel(cal);
        let tzs: Vec<ICalendarComponent> = cal
            .components
            .iter()
            .filter(|c| c.component_type == ICalendarComponentType::VTimezone)
            .map(|c| ICalendarComponent {
                component_type: c.component_type.clone(),
                entries: c.entries.clone(),
                component_ids: Vec::new(),
            })
            .collect();
        let resolver = ICalendar {
            components: tzs.clone(),
        }
        .build_owned_tz_resolver();
        // Events by UID, in order of first sight.
        let mut order: Vec<String> = Vec::new();
        let mut by_uid: HashMap<String, Vec<(u64, &ICalendarComponent)>> = HashMap::new();
        for c in &cal.components {
            if c.component_type != ICalendarComponentType::VEvent {
                continue;
            }
            let line = starts.get(vevent_no).copied().unwrap_or(0);
            vevent_no += 1;
            let uid = match c.uid().map(str::trim).filter(|u| !u.is_empty()) {
                Some(u) => u.to_string(),
                None => synthetic_uid(c),
            };
            if !by_uid.contains_key(&uid) {
                order.push(uid.clone());
            }
            by_uid.entry(uid).or_default().push((line, c));
        }
        for uid in order {
            let comps = by_uid.remove(&uid).unwrap_or_default();
            if seen_uids.insert(uid.clone()) {
                out.uids.push(uid.clone());
            }
            let base = out.details.len();
            for (line, c) in &comps {
                let mut d = details(&uid, *line, c);
                d.cancelled |= cancel_all;
                out.details.push(d);
            }
            let (single, zone) = one_event(cal, &tzs, &resolver, &comps, window.1);
            let first_event = 1 + tzs.len();
            // Wall-clock times, read as UTC by calcard; placed in the zone below.
            let expanded = single.expand_dates(Tz::from(Utc), MAX_OCCURRENCES);
            if let Some(e) = expanded.errors.first() {
                let idx = (e.comp_id as usize).saturating_sub(first_event);
                let line = comps.get(idx).map_or(0, |(l, _)| *l);
                return Err(bad(
                    line,
                    format!("the event `{}` {}", clip(&uid), explain(&e.error)),
                ));
            }
            let mut found: Vec<Instance> = Vec::new();
            for ev in expanded.events {
                let Some(idx) = (ev.comp_id as usize).checked_sub(first_event) else {
                    continue;
                };
                if idx >= comps.len() {
                    continue;
                }
                let wall = ev.start.naive_utc();
                let start = match zone {
                    Some(tz) => instant(tz, wall).and_utc(),
                    None => wall.and_utc(),
                };
                if cancel_all {
                    let whole = !comps[idx].1.is_recurrence_override();
                    cancels.push((uid.clone(), (!whole).then_some(start)));
                }
                if start < window.0 || start > window.1 {
                    out.outside_window += 1;
                    continue;
                }
                found.push(Instance {
                    details: base + idx,
                    start,
                    cancelled: false,
                });
            }
            // One occurrence per start: an override wins over the series it replaces.
            found.sort_by_key(|i| {
                (
                    i.start,
                    std::cmp::Reverse(comps[i.details - base].1.is_recurrence_override()),
                )
            });
            found.dedup_by_key(|i| i.start);
            out.instances.extend(found);
        }
    }
    // A cancellation later in the text cancels what an earlier calendar sent.
    if !cancels.is_empty() {
        let whole: HashSet<&str> = cancels
            .iter()
            .filter(|(_, at)| at.is_none())
            .map(|(u, _)| u.as_str())
            .collect();
        let one: HashSet<(&str, DateTime<Utc>)> = cancels
            .iter()
            .filter_map(|(u, at)| at.map(|a| (u.as_str(), a)))
            .collect();
        for i in &mut out.instances {
            let uid = out.details[i.details].uid.as_str();
            if whole.contains(uid) || one.contains(&(uid, i.start)) {
                i.cancelled = true;
            }
        }
    }
    Ok(out)
}

fn method_is_cancel(cal: &ICalendar) -> bool {
    cal.components.first().is_some_and(|root| {
        root.entries.iter().any(|e| {
            e.name == ICalendarProperty::Method
                && match e.values.first() {
                    Some(ICalendarValue::Method(m)) => *m == ICalendarMethod::Cancel,
                    Some(v) => v
                        .as_text()
                        .is_some_and(|t| t.trim().eq_ignore_ascii_case("CANCEL")),
                    None => false,
                }
        })
    })
}

fn details(uid: &str, line: u64, c: &ICalendarComponent) -> Details {
    let cancelled = c.status() == Some(&ICalendarStatus::Cancelled)
        || c.entries.iter().any(|e| {
            e.name == ICalendarProperty::Status
                && e.values
                    .first()
                    .and_then(ICalendarValue::as_text)
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("CANCELLED"))
        });
    let mut organizer = None;
    let mut attendees = Vec::new();
    for e in &c.entries {
        match e.name {
            ICalendarProperty::Organizer => {
                if let Some(mut a) = party(e) {
                    a.answer = Answer::Accepted;
                    organizer = Some(a);
                }
            }
            ICalendarProperty::Attendee => {
                if let Some(a) = party(e) {
                    attendees.push(a);
                }
            }
            _ => {}
        }
    }
    Details {
        uid: uid.to_string(),
        line,
        cancelled,
        organizer,
        attendees,
    }
}

/// An `ORGANIZER` or `ATTENDEE`: its address from the value (`mailto:`, any case) or, for a
/// value that is no address (Apple's `urn:uuid:…`), from the `EMAIL` parameter.
fn party(e: &ICalendarEntry) -> Option<Attendee> {
    let param = |name: &ICalendarParameterName| {
        e.parameter(name)
            .and_then(|v| v.as_text())
            .map(|s| s.trim().trim_matches('"').trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let value = e
        .values
        .first()
        .and_then(ICalendarValue::as_text)
        .unwrap_or("");
    let address = address_of(value)
        .or_else(|| param(&ICalendarParameterName::Email).and_then(|v| address_of(&v)))?;
    let name = param(&ICalendarParameterName::Cn).filter(|n| !n.contains('@'));
    let answer = match param(&ICalendarParameterName::Partstat)
        .map(|p| p.to_ascii_uppercase())
        .as_deref()
    {
        Some("ACCEPTED") => Answer::Accepted,
        Some("DECLINED") => Answer::Declined,
        Some("TENTATIVE") => Answer::Tentative,
        Some("NEEDS-ACTION") | None => Answer::NeedsAction,
        Some(_) => Answer::Other,
    };
    // Rooms, resources and groups (a distribution list) are no one; nor are Google's
    // calendar addresses (`…@resource.`, `…@group.`, `…@import.`, `…@group.v.calendar.google.com`:
    // rooms, shared and subscribed calendars), which organize and attend like people.
    let room = param(&ICalendarParameterName::Cutype).is_some_and(|t| {
        t.eq_ignore_ascii_case("ROOM")
            || t.eq_ignore_ascii_case("RESOURCE")
            || t.eq_ignore_ascii_case("GROUP")
    }) || address.ends_with(".calendar.google.com");
    Some(Attendee {
        email: address,
        name,
        answer,
        room,
    })
}

/// `mailto:Jane@X.org` (any case of the scheme) → `jane@x.org`; `None` when it is no address.
fn address_of(value: &str) -> Option<String> {
    let v = value.trim();
    let v = match v.split_once(':') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("mailto") => rest,
        Some(_) => return None,
        None => v,
    };
    let v = v.trim().trim_matches(['<', '>']).trim();
    let (local, domain) = v.split_once('@')?;
    if local.is_empty() || domain.is_empty() || v.contains(char::is_whitespace) {
        return None;
    }
    Some(v.to_lowercase())
}

/// A stable UID for an event that has none: from its start and organizer.
fn synthetic_uid(c: &ICalendarComponent) -> String {
    let text_of = |p: ICalendarProperty| {
        c.property(&p)
            .and_then(|e| e.values.first())
            .map(|v| match v {
                ICalendarValue::PartialDateTime(d) => format!("{d:?}"),
                other => other.as_text().unwrap_or_default().to_string(),
            })
            .unwrap_or_default()
    };
    format!(
        "no-uid:{}:{}:{}",
        text_of(ICalendarProperty::Dtstart),
        text_of(ICalendarProperty::Organizer),
        text_of(ICalendarProperty::Summary)
    )
}

fn explain(e: &CalendarErrorType) -> String {
    match e {
        CalendarErrorType::MissingDtStart => {
            "has no start it can be read from (DTSTART missing or not a date)".into()
        }
        CalendarErrorType::InvalidDtStart => {
            "has a start (DTSTART) that is not a valid date".into()
        }
        CalendarErrorType::InvalidDtEnd => "has an end (DTEND) that is not a valid date".into(),
        CalendarErrorType::InvalidDuration => "has a DURATION that cannot be read".into(),
        CalendarErrorType::RRule(r) => {
            format!("has a repeat rule (RRULE) that cannot be used: {r}")
        }
    }
}

fn bad(line: u64, message: String) -> CoreError {
    if line == 0 {
        CoreError::invalid("file", message)
    } else {
        CoreError::invalid("file", format!("line {line}: {message}"))
    }
}

fn clip(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() > 80 {
        s.chars().take(80).collect::<String>() + "…"
    } else {
        s.to_string()
    }
}

/// Checks that every `BEGIN:` has its `END:` (calcard reads a file cut short as if it were
/// whole) and returns the line (1-based) each `BEGIN:VEVENT` is on, in order.
fn structure(text: &str) -> CoreResult<Vec<u64>> {
    let mut open: Vec<(String, u64)> = Vec::new();
    let mut vevents = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let n = i as u64 + 1;
        let l = l.trim_start_matches('\u{feff}').trim_end();
        let Some((key, name)) = l.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_uppercase();
        if key.eq_ignore_ascii_case("BEGIN") {
            if name == "VEVENT" {
                vevents.push(n);
            }
            open.push((name, n));
        } else if key.eq_ignore_ascii_case("END") {
            match open.pop() {
                Some((begun, _)) if begun == name => {}
                Some((begun, at)) => {
                    return Err(bad(
                        n,
                        format!("END:{name} closes BEGIN:{begun} of line {at}"),
                    ));
                }
                None => return Err(bad(n, format!("END:{name} without its BEGIN:{name}"))),
            }
        }
    }
    if let Some((name, at)) = open.pop() {
        return Err(bad(
            at,
            format!("BEGIN:{name} is never closed (no END:{name}); is the file cut short?"),
        ));
    }
    Ok(vevents)
}

/// The first line that holds `needle` (0 when none does).
fn line_of(text: &str, needle: &str) -> u64 {
    let needle = needle.trim();
    if needle.is_empty() {
        return 0;
    }
    let lower = needle.to_ascii_lowercase();
    text.lines()
        .position(|l| l.contains(needle) || l.to_ascii_lowercase().contains(&lower))
        .map_or(0, |i| i as u64 + 1)
}

/// The last `BEGIN:<name>` line (where an unterminated component starts).
fn last_begin(text: &str, name: &str) -> u64 {
    let want = format!("BEGIN:{name}");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case(&want))
        .last()
        .map_or(0, |(i, _)| i as u64 + 1)
}
