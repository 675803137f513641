//! Which event instances are meetings, with whom, and why the others are not. Pure: a
//! function of what was read, the user's addresses and the clock.
//!
//! An instance is a meeting between the user and each attendee who **accepted** (the
//! organizer counts as accepted unless their own attendee line declines):
//! - the user must be the organizer or an attendee who did not decline;
//! - a cancelled instance (`STATUS:CANCELLED`, `METHOD:CANCEL`) counts for no one;
//! - tentative, unanswered and declined attendees do not count, nor rooms and resources;
//! - more attendees (rooms and the user left out) than `max_attendees` is a broadcast (an
//!   all-hands, a webinar): ignored, with that reason;
//! - an instance after `now` is *planned*: written, but counted by no summary until its time
//!   comes (the store's planned interactions).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::read::{Answer, Read};

/// Who the user is, for the rules.
#[derive(Debug, Clone, Copy)]
pub struct Me<'a> {
    /// The user's addresses, lower case.
    pub addresses: &'a [String],
    /// More attendees than this make an event a broadcast.
    pub max_attendees: u32,
}

/// A meeting between the user and one attendee, at one instance of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub uid: String,
    pub start: DateTime<Utc>,
    /// The attendee's address, lower case.
    pub email: String,
    pub name: Option<String>,
    /// After `now`: counts once its time comes.
    pub planned: bool,
}

/// What the rules decided.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    pub meetings: Vec<Meeting>,
    /// Instances that gave at least one meeting.
    pub instances_kept: u32,
    /// Why instances (and attendees of kept instances) were left out, with how many.
    pub ignored: BTreeMap<String, u32>,
}

pub const CANCELLED: &str = "cancelled";
pub const YOU_DECLINED: &str = "you declined";
pub const NOT_YOURS: &str = "you are not among its attendees";
pub const ALONE: &str = "no one else invited";
pub const NO_ONE_ACCEPTED: &str = "no one else accepted";
pub const ATTENDEE_DECLINED: &str = "attendee declined";
pub const ATTENDEE_TENTATIVE: &str = "attendee tentative";
pub const ATTENDEE_UNANSWERED: &str = "attendee did not answer";
pub const ROOM: &str = "room or resource";
/// An attendee whose address no person can have (`jane@corp`): left out, the rest written.
pub const UNFIT_ADDRESS: &str = "attendee address not valid";

/// The reason a broadcast is ignored, naming the threshold.
pub fn broadcast(max: u32) -> String {
    format!("more than {max} attendees (a broadcast)")
}

/// One person of an occurrence, once, with the answer that counts.
struct Party<'a> {
    email: &'a str,
    name: Option<&'a str>,
    answer: Answer,
    room: bool,
}

/// Applies the rules to every instance of `read`.
pub fn decide(read: &Read, me: &Me<'_>, now: DateTime<Utc>) -> Decisions {
    let mut out = Decisions::default();
    let is_me = |email: &str| me.addresses.iter().any(|a| a == email);
    let note = |out: &mut Decisions, reason: &str| {
        *out.ignored.entry(reason.to_string()).or_default() += 1;
    };
    for inst in &read.instances {
        let d = &read.details[inst.details];
        if d.cancelled || inst.cancelled {
            note(&mut out, CANCELLED);
            continue;
        }
        // Everyone once, by address: the organizer first (accepted), then the attendees;
        // a person's own attendee line says how they answered. (A handful each: a linear
        // search beats hashing.)
        let mut people: Vec<Party<'_>> = Vec::with_capacity(d.attendees.len() + 1);
        for (a, is_org) in d
            .organizer
            .iter()
            .map(|a| (a, true))
            .chain(d.attendees.iter().map(|a| (a, false)))
        {
            match people.iter_mut().find(|p| p.email == a.email) {
                Some(p) => {
                    if a.answer == Answer::Declined || (!is_org && p.answer != Answer::Accepted) {
                        p.answer = a.answer;
                    }
                    p.room |= a.room;
                    if p.name.is_none() {
                        p.name = a.name.as_deref();
                    }
                }
                None => people.push(Party {
                    email: &a.email,
                    name: a.name.as_deref(),
                    answer: a.answer,
                    room: a.room,
                }),
            }
        }
        let mine: Vec<&Party<'_>> = people.iter().filter(|p| is_me(p.email)).collect();
        if mine.is_empty() {
            note(&mut out, if people.is_empty() { ALONE } else { NOT_YOURS });
            continue;
        }
        if mine.iter().any(|p| p.answer == Answer::Declined) {
            note(&mut out, YOU_DECLINED);
            continue;
        }
        let others: Vec<&Party<'_>> = people
            .iter()
            .filter(|p| !is_me(p.email) && !p.room)
            .collect();
        if others.is_empty() {
            note(&mut out, ALONE);
            continue;
        }
        if others.len() as u32 > me.max_attendees {
            note(&mut out, &broadcast(me.max_attendees));
            continue;
        }
        let rooms = people.iter().filter(|p| p.room && !is_me(p.email)).count();
        for _ in 0..rooms {
            note(&mut out, ROOM);
        }
        let before = out.meetings.len();
        for p in others {
            match p.answer {
                Answer::Accepted => out.meetings.push(Meeting {
                    uid: d.uid.clone(),
                    start: inst.start,
                    email: p.email.to_string(),
                    name: p.name.map(str::to_string),
                    planned: inst.start > now,
                }),
                Answer::Declined => note(&mut out, ATTENDEE_DECLINED),
                Answer::Tentative => note(&mut out, ATTENDEE_TENTATIVE),
                Answer::NeedsAction | Answer::Other => note(&mut out, ATTENDEE_UNANSWERED),
            }
        }
        if out.meetings.len() > before {
            out.instances_kept += 1;
        } else {
            note(&mut out, NO_ONE_ACCEPTED);
        }
    }
    out
}
