//! Matching a record to someone: an earlier record of the same file, or a stored person. What
//! counts as the same person is decided here, and nowhere else:
//!
//! * the same email, LinkedIn profile URL or member id, or the file's own id (vCard `UID`);
//! * for a record with none of those only, the same name at the same organization as a record
//!   of an earlier import of the same format (a name never matches a record that has keys);
//! * the importing user's own card: the owner's name (and organization, when both have one).
//!
//! Anything weaker is only proposed ([`super::duplicates`]).

use rustc_hash::FxHashMap;
use sphere_domain::Id;

use super::super::{KEY_LINKEDIN, KEY_LINKEDIN_MEMBER, KEY_UID, Target};
use super::Snapshot;
use crate::contact::Contact;
use crate::orgs;

/// Lowercase, accents folded, one space between words: for comparing names.
pub(super) fn fold_name(first: &str, last: &str) -> String {
    let full = format!("{first} {last}");
    full.split_whitespace()
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(sphere_sensitivity::text::fold)
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `(source, key)` pairs a record is known by: its LinkedIn URL and member id and its
/// `UID`; for a record with no email and none of those, its folded name at its organization
/// under `name_src` (`name:<format>`).
pub(super) fn record_keys(c: &Contact, folded: &str, name_src: &str) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = Vec::new();
    if let Some(u) = &c.linkedin_url {
        keys.push((KEY_LINKEDIN.into(), u.clone()));
    }
    if let Some(m) = &c.member_id {
        keys.push((KEY_LINKEDIN_MEMBER.into(), m.to_lowercase()));
    }
    if let Some(u) = &c.uid {
        keys.push((KEY_UID.into(), u.clone()));
    }
    // A name at an organization identifies only records with nothing stronger, and only to
    // another such record (the same row of an earlier export): two people of one name at one
    // company have two profiles, and a name match with anyone else is only a likely
    // duplicate, proposed below.
    if c.emails.is_empty() && keys.is_empty() {
        let name_key = format!("{folded}|{}", orgs::key(&c.organization));
        keys.push((name_src.to_string(), name_key));
    }
    keys
}

/// The earlier record of the file this one is the same person as (by email first, then by
/// key), with why in words ending in "line" (the line number follows).
pub(super) fn in_file(
    c: &Contact,
    keys: &[(String, String)],
    file_email: &FxHashMap<String, Target>,
    file_key: &FxHashMap<(String, String), Target>,
) -> Option<(Target, String)> {
    for e in &c.emails {
        if let Some(t) = file_email.get(e) {
            return Some((*t, format!("same email {e} as line")));
        }
    }
    for k in keys {
        if let Some(t) = file_key.get(k) {
            let why = if k.0.starts_with("name:") {
                "same name and organization as line".to_string()
            } else {
                "same LinkedIn profile as line".to_string()
            };
            return Some((*t, why));
        }
    }
    None
}

/// The stored person this record is (by email first, then by key), with why.
pub(super) fn stored(
    snap: &Snapshot,
    c: &Contact,
    keys: &[(String, String)],
) -> Option<(Id, String)> {
    for e in &c.emails {
        if let Some(id) = snap.by_email.get(e) {
            return Some((*id, format!("same email {e}")));
        }
    }
    for k in keys {
        if let Some(id) = snap.by_key.get(k) {
            let why = match k.0.as_str() {
                KEY_LINKEDIN => format!("same LinkedIn profile {}", k.1),
                KEY_LINKEDIN_MEMBER => format!("same LinkedIn member id {}", k.1),
                KEY_UID => "same contact id (UID) as an earlier import".into(),
                _ => "same name and organization as an earlier import".into(),
            };
            return Some((*id, why));
        }
    }
    None
}

/// Your own card (Apple's "My Card", an export of this database): the owner, when the record
/// has the owner's name and no other organization than theirs.
pub(super) fn own_card(
    snap: &Snapshot,
    owner: Option<Id>,
    c: &Contact,
    folded: &str,
) -> Option<(Id, String)> {
    let me = owner.and_then(|o| snap.people.get(&o))?;
    let same_org = c.organization.is_empty()
        || me.organization_id.is_none()
        || me
            .organization_id
            .and_then(|o| snap.org_names.get(&o))
            .map(|n| orgs::key(n))
            == Some(orgs::key(&c.organization));
    (fold_name(&me.first_name, &me.last_name) == folded && same_org)
        .then(|| (me.id, "your own card (the same name as yours)".into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{ANA, CHRIS, DANA, TOM, contact, sample};

    #[test]
    fn names_fold_to_compare() {
        for (first, last, folded) in [
            ("Ana", "Sílva", "ana silva"),
            ("  JOSÉ ", " O'Neil-Smith 🚀", "jose o'neil-smith"),
            ("Chris", "", "chris"),
        ] {
            assert_eq!(fold_name(first, last), folded);
        }
    }

    #[test]
    fn a_name_is_a_key_only_for_records_with_nothing_stronger() {
        let mut c = contact(1, "Bo", "Chen");
        c.organization = "Contoso Ltd".into();
        let name = (
            "name:google".to_string(),
            format!("bo chen|{}", orgs::key("Contoso")),
        );
        assert_eq!(record_keys(&c, "bo chen", "name:google"), vec![name]);
        let mut with_email = c.clone();
        with_email.emails = vec!["bo@contoso.com".into()];
        assert!(record_keys(&with_email, "bo chen", "name:google").is_empty());
        let mut with_keys = c.clone();
        with_keys.linkedin_url = Some("https://www.linkedin.com/in/bo".into());
        with_keys.member_id = Some("URN:LI:MEMBER:7".into());
        with_keys.uid = Some("u-1".into());
        let sources: Vec<(String, String)> = record_keys(&with_keys, "bo chen", "name:google");
        assert_eq!(
            sources,
            [
                (KEY_LINKEDIN, "https://www.linkedin.com/in/bo"),
                (KEY_LINKEDIN_MEMBER, "urn:li:member:7"),
                (KEY_UID, "u-1"),
            ]
            .map(|(s, k)| (s.to_string(), k.to_string()))
        );
    }

    #[test]
    fn within_the_file_the_same_email_or_key_is_the_same_person() {
        let mut file_email = FxHashMap::default();
        file_email.insert("ana@acme.com".to_string(), Target::New(0));
        let mut file_key = FxHashMap::default();
        let url = (
            KEY_LINKEDIN.to_string(),
            "https://www.linkedin.com/in/x".to_string(),
        );
        let name = ("name:linkedin".to_string(), "bo chen|contoso".to_string());
        file_key.insert(url.clone(), Target::New(1));
        file_key.insert(name.clone(), Target::Stored(CHRIS));
        let mut c = contact(9, "Ana", "Silva");
        c.emails = vec!["ana@acme.com".into()];
        // Email first, then keys; none when nothing is shared.
        let hit = |c: &Contact, keys: &[(String, String)]| in_file(c, keys, &file_email, &file_key);
        assert_eq!(
            hit(&c, std::slice::from_ref(&url)),
            Some((Target::New(0), "same email ana@acme.com as line".into()))
        );
        let plain = contact(9, "Bo", "Chen");
        assert_eq!(
            hit(&plain, std::slice::from_ref(&url)),
            Some((Target::New(1), "same LinkedIn profile as line".into()))
        );
        assert_eq!(
            hit(&plain, &[name]),
            Some((
                Target::Stored(CHRIS),
                "same name and organization as line".into()
            ))
        );
        assert_eq!(hit(&plain, &[]), None);
    }

    #[test]
    fn a_stored_person_is_found_by_email_or_key() {
        let snap = sample();
        let key = |s: &str, k: &str| vec![(s.to_string(), k.to_string())];
        let mut by_email = contact(1, "A.", "S.");
        by_email.emails = vec!["ana@acme.com".into()];
        // (record, keys, found, why)
        let cases = [
            (by_email, vec![], Some(ANA), "same email ana@acme.com"),
            (
                contact(2, "Ana", "S"),
                key(KEY_LINKEDIN, "https://www.linkedin.com/in/ana-silva"),
                Some(ANA),
                "same LinkedIn profile https://www.linkedin.com/in/ana-silva",
            ),
            (
                contact(3, "Chris", "Lee"),
                key(KEY_UID, "uid-chris"),
                Some(CHRIS),
                "same contact id (UID) as an earlier import",
            ),
            (
                contact(4, "Chris", "Lee"),
                key(
                    "name:linkedin",
                    &format!("chris lee|{}", orgs::key("Contoso Ltd")),
                ),
                Some(CHRIS),
                "same name and organization as an earlier import",
            ),
            // The same name with another format's name key is no one.
            (
                contact(5, "Chris", "Lee"),
                key(
                    "name:google",
                    &format!("chris lee|{}", orgs::key("Contoso Ltd")),
                ),
                None,
                "",
            ),
        ];
        for (c, keys, id, why) in cases {
            let found = stored(&snap, &c, &keys);
            assert_eq!(found.as_ref().map(|f| f.0), id, "line {}", c.line);
            assert_eq!(found.map(|f| f.1).unwrap_or_default(), why);
        }
    }

    #[test]
    fn your_own_card_is_you() {
        let snap = sample();
        let me = contact(1, "Dana", "Reyes");
        assert_eq!(
            own_card(&snap, Some(DANA), &me, "dana reyes").map(|m| m.0),
            Some(DANA)
        );
        let mut at_acme = me.clone();
        at_acme.organization = "ACME Inc.".into();
        assert!(own_card(&snap, Some(DANA), &at_acme, "dana reyes").is_some());
        let mut elsewhere = me.clone();
        elsewhere.organization = "Fabrikam".into();
        assert_eq!(own_card(&snap, Some(DANA), &elsewhere, "dana reyes"), None);
        // Someone else's name, or importing as someone else, or no owner.
        assert_eq!(own_card(&snap, Some(DANA), &me, "dana silva"), None);
        assert_eq!(own_card(&snap, Some(TOM), &me, "dana reyes"), None);
        assert_eq!(own_card(&snap, None, &me, "dana reyes"), None);
    }
}
