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
