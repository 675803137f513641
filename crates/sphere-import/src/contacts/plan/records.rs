//! Step 2, per record in file order: where its data goes. The same person as an earlier record
//! of the file (joined into it: a merge), a stored person (an update, settled once their
//! additions are known), an accepted duplicate (a merge), or a new person. Every record gets
//! one row of the preview.

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use sphere_domain::Id;

use super::super::{Action, DuplicateProposal, NewPerson, OrgRef, PreviewRow, Target};
use super::join::fold_into;
use super::matching::{self, fold_name};
use super::{Snapshot, display, duplicates};
use crate::contact::Contact;

/// Where a person of the file was first seen.
#[derive(Debug, Clone, Copy)]
pub(super) struct Seen {
    pub(super) first_line: u64,
    /// Their first row of the preview.
    pub(super) row: usize,
}

/// The records placed so far, and the indexes that find the person of the next one.
#[derive(Debug, Default)]
pub(super) struct Records {
    /// The name key source of the file's format (`name:linkedin`).
    name_src: String,
    file_email: FxHashMap<String, Target>,
    file_key: FxHashMap<(String, String), Target>,
    /// New people by organization, with folded names, for duplicate proposals.
    new_by_org: FxHashMap<OrgRef, Vec<(usize, String)>>,
    pub(super) seen: FxHashMap<Target, Seen>,
    /// Every key of every record, by the person they go to.
    pub(super) target_keys: FxHashMap<Target, Vec<(String, String)>>,
    /// The records of stored people, joined per person.
    pub(super) stored_records: FxHashMap<Id, Contact>,
    pub(super) rows: Vec<PreviewRow>,
    pub(super) proposals: Vec<DuplicateProposal>,
}

/// Whom a record is.
enum Found {
    /// The person of an earlier record of the file, with why (ending in "line").
    InFile(Target, String),
    /// A stored person not met earlier in the file, with why.
    Stored(Id, String),
    /// No one: a new person.
    Nobody,
}

/// How a record was placed, for its row of the preview.
struct Placed {
    target: Target,
    action: Action,
    person: Option<sphere_domain::PersonRef>,
    merged_into_line: Option<u64>,
    reason: String,
}

impl Records {
    pub(super) fn new(name_src: String) -> Records {
        Records {
            name_src,
            ..Records::default()
        }
    }

    /// Places the cleaned record `c` (organization `org`): matched within the file first,
    /// then to a stored person, then to the owner's own card; else a likely duplicate is
    /// proposed (and followed when its line is in `merges`); else a new person is added to
    /// `new_people`.
    pub(super) fn place(
        &mut self,
        snap: &Snapshot,
        owner: Option<Id>,
        merges: &HashSet<u64>,
        new_people: &mut Vec<NewPerson>,
        c: Contact,
        org: Option<OrgRef>,
    ) {
        let folded = fold_name(&c.first_name, &c.last_name);
        let keys = matching::record_keys(&c, &folded, &self.name_src);
        let mut hit = matching::in_file(&c, &keys, &self.file_email, &self.file_key);
        let mut stored = None;
        if hit.is_none() {
            stored = matching::stored(snap, &c, &keys)
                .or_else(|| matching::own_card(snap, owner, &c, &folded));
        }
        // A likely duplicate, merged only when accepted.
        if hit.is_none()
            && stored.is_none()
            && let Some(o) = org
            && let Some(mut p) =
                duplicates::propose(snap, &c, &folded, o, &self.new_by_org, new_people)
        {
            p.accepted = merges.contains(&c.line);
            if p.accepted {
                match (&p.person, p.other_line) {
                    (Some(person), _) => {
                        stored = Some((person.id, format!("accepted duplicate: {}", p.reason)));
                    }
                    (None, Some(other)) => {
                        if let Some(t) = (self.seen.iter())
                            .find(|(_, s)| s.first_line == other)
                            .map(|(t, _)| *t)
                        {
                            hit = Some((t, "accepted duplicate of line".into()));
                        }
                    }
                    _ => {}
                }
            }
            self.proposals.push(p);
        }
        // A stored person already met earlier in the file: merge into that record.
        if let Some((id, why)) = &stored
            && hit.is_none()
            && self.seen.contains_key(&Target::Stored(*id))
        {
            hit = Some((Target::Stored(*id), format!("{why}, like line")));
            stored = None;
        }
        let found = match (hit, stored) {
            (Some((t, why)), _) => Found::InFile(t, why),
            (None, Some((id, why))) => Found::Stored(id, why),
            (None, None) => Found::Nobody,
        };
        let placed = self.apply(snap, new_people, &c, org, &folded, found);
        self.register(c, keys, placed);
    }

    /// Joins `c` into the person of an earlier record, or starts a stored person's record, or
    /// adds a new person.
    fn apply(
        &mut self,
        snap: &Snapshot,
        new_people: &mut Vec<NewPerson>,
        c: &Contact,
        org: Option<OrgRef>,
        folded: &str,
        found: Found,
    ) -> Placed {
        match found {
            Found::InFile(t, why) => {
                let first_line = self.seen.get(&t).map_or(c.line, |s| s.first_line);
                let person = match t {
                    Target::New(n) => {
                        self.join_new(new_people, n, c, org, folded);
                        None
                    }
                    Target::Stored(id) => {
                        if let Some(r) = self.stored_records.get_mut(&id) {
                            fold_into(r, c);
                        }
                        Some(snap.person_ref(id))
                    }
                };
                Placed {
                    target: t,
                    action: Action::Merge,
                    person,
                    merged_into_line: Some(first_line),
                    reason: format!("{why} {first_line}"),
                }
            }
            Found::Stored(id, why) => {
                self.stored_records.insert(id, c.clone());
                Placed {
                    target: Target::Stored(id),
                    // Settled once additions are known, unless it is an accepted duplicate.
                    action: if why.starts_with("accepted") {
                        Action::Merge
                    } else {
                        Action::Unchanged
                    },
                    person: Some(snap.person_ref(id)),
                    merged_into_line: None,
                    reason: why,
                }
            }
            Found::Nobody => {
                new_people.push(NewPerson {
                    contact: c.clone(),
                    org,
                    related_only: false,
                });
                let n = new_people.len() - 1;
                if let Some(o) = org {
                    (self.new_by_org.entry(o).or_default()).push((n, folded.to_string()));
                }
                Placed {
                    target: Target::New(n),
                    action: Action::New,
                    person: None,
                    merged_into_line: None,
                    reason: String::new(),
                }
            }
        }
    }

    /// Joins `c` into new person `n`, who takes its organization when they have none yet.
    fn join_new(
        &mut self,
        new_people: &mut [NewPerson],
        n: usize,
        c: &Contact,
        org: Option<OrgRef>,
        folded: &str,
    ) {
        let Some(p) = new_people.get_mut(n) else {
            return;
        };
        fold_into(&mut p.contact, c);
        if p.org.is_none() {
            p.org = org;
            if let Some(o) = org {
                (self.new_by_org.entry(o).or_default()).push((n, folded.to_string()));
            }
        }
    }

    /// Indexes `c`'s emails and keys under the person it went to, and gives it its row.
    fn register(&mut self, c: Contact, keys: Vec<(String, String)>, placed: Placed) {
        let target = placed.target;
        for e in &c.emails {
            self.file_email.entry(e.clone()).or_insert(target);
        }
        for k in &keys {
            self.file_key.entry(k.clone()).or_insert(target);
        }
        self.target_keys.entry(target).or_default().extend(keys);
        self.seen.entry(target).or_insert(Seen {
            first_line: c.line,
            row: self.rows.len(),
        });
        self.rows.push(PreviewRow {
            line: c.line,
            name: display(&c),
            email: c.emails.first().cloned(),
            organization: c.organization,
            title: c.title,
            action: placed.action,
            person: placed.person,
            merged_into_line: placed.merged_into_line,
            changes: Vec::new(),
            reason: placed.reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{ANA, CHRIS, CONTOSO, contact, sample};

    /// Places `records` in order (a LinkedIn file, owned by Dana), accepting the proposals
    /// of the lines in `merges`.
    fn place(records: Vec<(Contact, Option<OrgRef>)>, merges: &[u64]) -> (Records, Vec<NewPerson>) {
        let snap = sample();
        let merges: HashSet<u64> = merges.iter().copied().collect();
        let mut placed = Records::new("name:linkedin".into());
        let mut new_people = Vec::new();
        for (c, org) in records {
            placed.place(&snap, Some(1), &merges, &mut new_people, c, org);
        }
        (placed, new_people)
    }

    fn with_email(line: u64, first: &str, last: &str, email: &str) -> Contact {
        let mut c = contact(line, first, last);
        c.emails = vec![email.into()];
        c
    }

    /// (action, merged into line, stored person) of every row.
    fn actions(r: &Records) -> Vec<(Action, Option<u64>, Option<Id>)> {
        (r.rows.iter())
            .map(|r| {
                (
                    r.action,
                    r.merged_into_line,
                    r.person.as_ref().map(|p| p.id),
                )
            })
            .collect()
    }

    #[test]
    fn the_same_email_twice_is_one_new_person() {
        let mut second = with_email(5, "Bo", "Chen", "bo@x.com");
        second.phones = vec!["+1 555 0199".into()];
        let (r, new) = place(
            vec![
                (with_email(2, "Bo", "Chen", "bo@x.com"), None),
                (second, None),
            ],
            &[],
        );
        assert_eq!(
            actions(&r),
            vec![(Action::New, None, None), (Action::Merge, Some(2), None)]
        );
        assert_eq!(r.rows[1].reason, "same email bo@x.com as line 2");
        assert_eq!(new.len(), 1);
        assert_eq!(new[0].contact.phones, vec!["+1 555 0199"]);
    }

    #[test]
    fn a_stored_person_met_twice_is_one_update() {
        let mut by_url = contact(8, "Ana", "Silva");
        by_url.linkedin_url = Some("https://www.linkedin.com/in/ana-silva".into());
        by_url.title = "CTO".into();
        let (r, new) = place(
            vec![
                (with_email(3, "Ana", "Silva", "ana@acme.com"), None),
                (by_url, None),
            ],
            &[],
        );
        assert!(new.is_empty());
        // Unchanged until what they gain is known; the second record joins the first.
        assert_eq!(
            actions(&r),
            vec![
                (Action::Unchanged, None, Some(ANA)),
                (Action::Merge, Some(3), Some(ANA))
            ]
        );
        assert_eq!(r.rows[0].reason, "same email ana@acme.com");
        assert_eq!(
            r.rows[1].reason,
            "same LinkedIn profile https://www.linkedin.com/in/ana-silva, like line 3"
        );
        assert_eq!(r.stored_records[&ANA].title, "CTO");
    }

    #[test]
    fn name_only_matches_only_for_records_without_keys() {
        let at_contoso = |mut c: Contact| {
            c.organization = "Contoso Ltd".into();
            (c, Some(OrgRef::Stored(CONTOSO)))
        };
        let bare = at_contoso(contact(2, "Chris", "Lee"));
        let emailed = at_contoso(with_email(3, "Chris", "Lee", "chris@other.com"));
        let (r, new) = place(vec![bare, emailed], &[]);
        // The bare record is Chris by his name key; the one with an email only may be him.
        assert_eq!(
            actions(&r),
            vec![
                (Action::Unchanged, None, Some(CHRIS)),
                (Action::New, None, None)
            ]
        );
        assert_eq!(new.len(), 1);
        assert_eq!(r.proposals.len(), 1);
        assert_eq!(r.proposals[0].person.as_ref().map(|p| p.id), Some(CHRIS));
        assert!(!r.proposals[0].accepted);
    }

    #[test]
    fn an_accepted_duplicate_is_merged() {
        let mut c = with_email(4, "Christopher", "Lee", "cl@other.com");
        c.organization = "Contoso".into();
        let (r, new) = place(vec![(c.clone(), Some(OrgRef::Stored(CONTOSO)))], &[4]);
        assert!(new.is_empty());
        assert_eq!(actions(&r), vec![(Action::Merge, None, Some(CHRIS))]);
        assert!(r.proposals[0].accepted);
        assert!(r.rows[0].reason.starts_with("accepted duplicate: "));
        // Of an earlier record of the file.
        let first = (
            with_email(2, "Jon", "Smith", "jon@x.com"),
            Some(OrgRef::New(0)),
        );
        let second = (
            with_email(3, "John", "Smith", "john@x.com"),
            Some(OrgRef::New(0)),
        );
        let (r, new) = place(vec![first, second], &[3]);
        assert_eq!(new.len(), 1);
        assert_eq!(
            actions(&r),
            vec![(Action::New, None, None), (Action::Merge, Some(2), None)]
        );
        assert_eq!(new[0].contact.emails, vec!["jon@x.com", "john@x.com"]);
    }
}
