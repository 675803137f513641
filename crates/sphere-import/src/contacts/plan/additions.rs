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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Photo;
    use crate::contacts::testing::{ACME, person};

    fn stored() -> Person {
        let mut p = person(3, "Ana", "Silva");
        p.emails = vec!["ana@acme.com".into()];
        p.phones = vec!["+1 (555) 0100".into()];
        p.tags = vec!["Client".into()];
        p.title = "Engineer".into();
        p.organization_id = Some(ACME);
        p.notes = "Met at the fair.".into();
        p
    }

    #[test]
    fn what_they_have_already_adds_nothing() {
        let mut c = crate::contacts::testing::contact(1, "Ana", "Silva");
        c.emails = vec!["ANA@acme.com".into()];
        c.phones = vec!["+15550100".into()];
        c.tags = vec!["client".into()];
        c.title = "CTO".into();
        c.notes = " Met at the fair. ".into();
        let mut changes = Vec::new();
        let add = additions(&stored(), true, &c, Some(OrgRef::New(0)), &mut changes);
        assert!(add.is_none(), "{add:?}");
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn what_they_lack_is_added_and_said() {
        let mut p = stored();
        p.title.clear();
        p.organization_id = None;
        let mut c = crate::contacts::testing::contact(1, "Ana", "Silva");
        c.emails = vec!["ana@home.org".into(), "a@b.co".into()];
        c.phones = vec!["+1 555 0199".into()];
        c.title = "CTO".into();
        c.organization = "Acme".into();
        c.photo = Some(Photo {
            bytes: vec![0xFF, 0xD8, 0xFF],
            ext: "jpg",
        });
        let mut changes = Vec::new();
        let Some(add) = additions(&p, false, &c, Some(OrgRef::Stored(ACME)), &mut changes) else {
            panic!("nothing added")
        };
        assert_eq!(add.emails, vec!["ana@home.org", "a@b.co"]);
        assert_eq!(add.phones, vec!["+1 555 0199"]);
        assert_eq!(
            (add.title.as_deref(), add.org),
            (Some("CTO"), Some(OrgRef::Stored(ACME)))
        );
        assert!(add.photo.is_some() && add.notes.is_none() && add.tags.is_empty());
        assert_eq!(
            changes,
            vec![
                "title CTO",
                "organization Acme",
                "a picture",
                "2 more emails",
                "1 more phone"
            ]
        );
        // No second picture.
        assert!(additions(&p, true, &c, None, &mut Vec::new()).is_some_and(|a| a.photo.is_none()));
    }

    #[test]
    fn lists_are_not_filled_past_their_limit() {
        let mut p = stored();
        p.emails = (1..MAX_LIST_LEN).map(|i| format!("a{i}@x.com")).collect();
        let mut c = crate::contacts::testing::contact(1, "Ana", "Silva");
        c.emails = vec!["new1@x.com".into(), "new2@x.com".into()];
        let add = additions(&p, true, &c, None, &mut Vec::new());
        assert_eq!(add.map(|a| a.emails), Some(vec!["new1@x.com".to_string()]));
    }
}
