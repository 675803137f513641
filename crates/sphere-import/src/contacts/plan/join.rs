//! Joining two records of the file that are the same person: the later one adds what the
//! earlier lacks, within the limits one record may hold.

use sphere_domain::validate;

use super::super::add_missing;
use crate::contact::Contact;

/// Folds record `b` into `a` (same person, two records of the file).
pub(super) fn fold_into(a: &mut Contact, b: &Contact) {
    add_missing(&mut a.emails, &b.emails);
    add_missing(&mut a.phones, &b.phones);
    add_missing(&mut a.tags, &b.tags);
    add_missing(&mut a.credentials, &b.credentials);
    for (mine, theirs) in [
        (&mut a.organization, &b.organization),
        (&mut a.title, &b.title),
        (&mut a.org_unit, &b.org_unit),
    ] {
        if mine.is_empty() {
            mine.clone_from(theirs);
        }
    }
    if !b.notes.is_empty() && !a.notes.contains(&b.notes) {
        if !a.notes.is_empty() {
            a.notes.push_str("\n\n");
        }
        a.notes.push_str(&b.notes);
    }
    a.linkedin_url = a.linkedin_url.take().or_else(|| b.linkedin_url.clone());
    a.member_id = a.member_id.take().or_else(|| b.member_id.clone());
    a.uid = a.uid.take().or_else(|| b.uid.clone());
    a.birthday = a.birthday.take().or_else(|| b.birthday.clone());
    a.photo = a.photo.take().or_else(|| b.photo.clone());
    a.connected_on = match (a.connected_on, b.connected_on) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    for r in &b.relations {
        if !a.relations.contains(r) {
            a.relations.push(r.clone());
        }
    }
    // Two records joined stay within what one record may hold.
    for list in [&mut a.emails, &mut a.phones, &mut a.tags] {
        list.truncate(validate::MAX_LIST_LEN);
    }
    if a.notes.chars().count() > validate::MAX_FIELD_CHARS {
        a.notes = a.notes.chars().take(validate::MAX_FIELD_CHARS).collect();
    }
}
