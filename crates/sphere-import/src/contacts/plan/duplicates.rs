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
