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
