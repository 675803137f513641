//! What a stored person gains from their records in the file: only what they lack. More
//! emails, phones and labels (compared without case, phones by digits, lists kept within
//! their limit), a title or an organization when they have none, notes they do not contain
//! yet, a picture when they have none. Nothing they have is changed.

use sphere_domain::Person;
use sphere_domain::validate::MAX_LIST_LEN;

use super::super::{Additions, OrgRef};
use crate::contact::Contact;

/// The entries of `from` that `have` lacks (by `same`), as many as fit in a list.
fn missing(have: &[String], from: &[String], same: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in from {
        // Only what fits: a list holds at most MAX_LIST_LEN entries.
        if !have.iter().any(|y| same(y, x)) && have.len() + out.len() < MAX_LIST_LEN {
            out.push(x.clone());
        }
    }
    out
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// What stored person `p` (`has_photo`: whether they have a picture) gains from their
/// record `c`, whose organization is `org`; `None` when nothing. Each change is told in
/// words in `changes`.
pub(super) fn additions(
    p: &Person,
    has_photo: bool,
    c: &Contact,
    org: Option<OrgRef>,
    changes: &mut Vec<String>,
) -> Option<Additions> {
    let mut add = Additions {
        emails: missing(&p.emails, &c.emails, |a, b| a.eq_ignore_ascii_case(b)),
        phones: missing(&p.phones, &c.phones, |a, b| digits(a) == digits(b)),
        tags: missing(&p.tags, &c.tags, |a, b| a.eq_ignore_ascii_case(b)),
        ..Additions::default()
    };
    if p.title.is_empty() && !c.title.is_empty() {
        add.title = Some(c.title.clone());
        changes.push(format!("title {}", c.title));
    }
    if p.organization_id.is_none() && org.is_some() {
        add.org = org;
        changes.push(format!("organization {}", c.organization));
    }
    if !c.notes.is_empty() && !p.notes.contains(c.notes.trim()) {
        add.notes = Some(c.notes.clone());
        changes.push("adds to the notes".into());
    }
    if let Some(ph) = &c.photo
        && !has_photo
    {
        add.photo = Some(ph.clone());
        changes.push("a picture".into());
    }
    for (what, n) in [
        ("email", add.emails.len()),
        ("phone", add.phones.len()),
        ("label", add.tags.len()),
    ] {
        if n > 0 {
            changes.push(format!("{n} more {what}{}", if n == 1 { "" } else { "s" }));
        }
    }
    let has = !add.emails.is_empty()
        || !add.phones.is_empty()
        || !add.tags.is_empty()
        || add.title.is_some()
        || add.org.is_some()
        || add.notes.is_some()
        || add.photo.is_some();
    has.then_some(add)
}
