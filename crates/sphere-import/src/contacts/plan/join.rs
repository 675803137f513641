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
    a.anniversary = a.anniversary.take().or_else(|| b.anniversary.clone());
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::contacts::testing::contact;

    #[test]
    fn the_later_record_adds_only_what_the_earlier_lacks() {
        let day = |d| NaiveDate::from_ymd_opt(2021, 1, d);
        let mut a = contact(2, "Ana", "Silva");
        a.emails = vec!["ana@acme.com".into()];
        a.title = "Engineer".into();
        a.notes = "met at a fair".into();
        a.connected_on = day(9);
        let mut b = contact(7, "Ana", "Silva");
        b.emails = vec!["ANA@acme.com".into(), "ana@home.org".into()];
        b.title = "CTO".into();
        b.organization = "Acme".into();
        b.notes = "likes chess".into();
        b.connected_on = day(3);
        b.uid = Some("u-7".into());
        fold_into(&mut a, &b);
        assert_eq!(a.emails, vec!["ana@acme.com", "ana@home.org"]);
        assert_eq!(
            (a.title.as_str(), a.organization.as_str()),
            ("Engineer", "Acme")
        );
        assert_eq!(a.notes, "met at a fair\n\nlikes chess");
        assert_eq!(a.connected_on, day(3));
        assert_eq!((a.line, a.uid.as_deref()), (2, Some("u-7")));
        // Joining the same again changes nothing.
        let once = a.clone();
        fold_into(&mut a, &b);
        assert_eq!(a, once);
    }

    #[test]
    fn joined_records_stay_within_the_limits() {
        let many = |p: &str| {
            (0..validate::MAX_LIST_LEN)
                .map(|i| format!("{p}{i}@x.com"))
                .collect()
        };
        let mut a = contact(1, "A", "B");
        a.emails = many("a");
        a.notes = "n".repeat(validate::MAX_FIELD_CHARS);
        let mut b = contact(2, "A", "B");
        b.emails = many("b");
        b.notes = "more".into();
        fold_into(&mut a, &b);
        assert_eq!(a.emails.len(), validate::MAX_LIST_LEN);
        assert_eq!(a.notes.chars().count(), validate::MAX_FIELD_CHARS);
    }
}
