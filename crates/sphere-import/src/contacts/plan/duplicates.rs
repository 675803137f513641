//! Likely duplicates: a record nothing matched whose name is very like a stored person's or an
//! earlier new person's at the same organization. Only proposed; merged when the user accepts
//! the proposal (by line), never silently.

use rustc_hash::FxHashMap;

use super::super::{DuplicateProposal, NewPerson, OrgRef};
use super::{Snapshot, display};
use crate::contact::Contact;

/// Whether two folded names are probably the same person's ("Chris Lee" / "Christopher Lee",
/// "Ana Silva" / "Ana Sílva", "Jon Smith" / "John Smith"), and why in words.
pub(super) fn similar_names(a: &str, b: &str) -> Option<&'static str> {
    if a == b {
        return Some("the same name");
    }
    let (af, al) = a.rsplit_once(' ').unwrap_or((a, ""));
    let (bf, bl) = b.rsplit_once(' ').unwrap_or((b, ""));
    // Very similar names share the start of the last name ("Jon Smith" / "John Smith"); the
    // check is cheap and spares most comparisons at a large organization.
    if al.chars().next() != bl.chars().next() {
        return None;
    }
    if !al.is_empty() && al == bl && (af.starts_with(bf) || bf.starts_with(af)) {
        return Some("a shortened first name");
    }
    (strsim::jaro_winkler(a, b) >= 0.93).then_some("a very similar name")
}

/// The likely duplicate of record `c` (folded name `folded`) at organization `org`: first a
/// stored person of that organization, else a new person of the file there
/// (`new_by_org` indexes `new_people`). Not yet accepted.
pub(super) fn propose(
    snap: &Snapshot,
    c: &Contact,
    folded: &str,
    org: OrgRef,
    new_by_org: &FxHashMap<OrgRef, Vec<(usize, String)>>,
    new_people: &[NewPerson],
) -> Option<DuplicateProposal> {
    let proposal = |person, other_line, other_name, why: &str| DuplicateProposal {
        line: c.line,
        name: display(c),
        organization: c.organization.clone(),
        person,
        other_line,
        other_name,
        reason: format!("{why} at the same organization"),
        accepted: false,
    };
    if let OrgRef::Stored(oid) = org {
        for (pid, pname) in snap.by_org.get(&oid).into_iter().flatten() {
            if let Some(why) = similar_names(folded, pname)
                && let Some(p) = snap.people.get(pid)
            {
                let person = Some(snap.person_ref(*pid));
                return Some(proposal(person, None, p.display_name.clone(), why));
            }
        }
    }
    for (n, pname) in new_by_org.get(&org).into_iter().flatten() {
        if let Some(why) = similar_names(folded, pname)
            && let Some(other) = new_people.get(*n).map(|p| &p.contact)
        {
            return Some(proposal(None, Some(other.line), display(other), why));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{ACME, CONTOSO, PAT, contact, sample};

    #[test]
    fn similar_names() {
        for (a, b, why) in [
            ("ana silva", "ana silva", Some("the same name")),
            (
                "chris lee",
                "christopher lee",
                Some("a shortened first name"),
            ),
            ("jon smith", "john smith", Some("a very similar name")),
            ("ana silva", "ana santos", None),
            ("ana silva", "bob jones", None),
            ("jon smith", "jon jones", None),
        ] {
            assert_eq!(super::similar_names(a, b), why, "{a} / {b}");
            assert_eq!(super::similar_names(b, a), why, "{b} / {a}");
        }
    }

    #[test]
    fn a_similar_name_at_the_same_organization_is_proposed_not_merged() {
        let snap = sample();
        let mut c = contact(12, "Patrick", "Moreau");
        c.organization = "Acme".into();
        let p = propose(
            &snap,
            &c,
            "patrick moreau",
            OrgRef::Stored(ACME),
            &FxHashMap::default(),
            &[],
        );
        let Some(p) = p else { panic!("no proposal") };
        assert_eq!(p.person.map(|r| r.id), Some(PAT));
        assert_eq!((p.line, p.other_line, p.accepted), (12, None, false));
        assert_eq!(p.reason, "a shortened first name at the same organization");
        assert_eq!(p.other_name, "Pat Moreau");
        // At another organization, no one.
        let elsewhere = OrgRef::Stored(CONTOSO);
        assert!(
            propose(
                &snap,
                &c,
                "patrick moreau",
                elsewhere,
                &FxHashMap::default(),
                &[]
            )
            .is_none()
        );
    }

    #[test]
    fn an_earlier_new_person_of_the_file_can_be_the_duplicate() {
        let snap = sample();
        let earlier = NewPerson {
            contact: contact(10, "Chris", "Lee"),
            org: Some(OrgRef::New(0)),
            related_only: false,
        };
        let by_org = FxHashMap::from_iter([(OrgRef::New(0), vec![(0, "chris lee".to_string())])]);
        let c = contact(11, "Christopher", "Lee");
        let p = propose(
            &snap,
            &c,
            "christopher lee",
            OrgRef::New(0),
            &by_org,
            &[earlier],
        );
        let Some(p) = p else { panic!("no proposal") };
        assert_eq!((p.person, p.other_line), (None, Some(10)));
        assert_eq!(
            (p.name.as_str(), p.other_name.as_str()),
            ("Christopher Lee", "Chris Lee")
        );
    }
}
