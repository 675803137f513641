//! Organizations: one per real company. A name as written is matched by [`orgs::key`] to a
//! stored organization (or an alias the user wrote out before), else becomes a new one; names
//! with abbreviated words are reported, and the full name the user gave is used instead (the
//! written spelling is remembered as an alias).

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use sphere_domain::Id;

use super::super::{AbbreviatedOrg, OrgRef};
use super::Snapshot;
use crate::{names, orgs};

/// The organizations of the file so far.
#[derive(Debug, Default)]
pub(super) struct Organizations {
    /// Every key seen (as written, and the full name's), to what it resolved.
    pub(super) by_key: FxHashMap<String, OrgRef>,
    /// Stored organizations the file names.
    pub(super) matched: FxHashSet<Id>,
    /// Names with abbreviated words, in order of first sight.
    pub(super) abbreviated: Vec<AbbreviatedOrg>,
    /// Organizations to create, in order.
    pub(super) new: Vec<String>,
    /// Other spellings to remember (`organization_alias`), by key.
    pub(super) aliases: Vec<(String, OrgRef)>,
}

impl Organizations {
    /// The organization of a record on `line` written `name` (`None` when there is none),
    /// given the full names the user wrote out (`full_names`, by the name as written).
    pub(super) fn resolve(
        &mut self,
        snap: &Snapshot,
        full_names: &HashMap<String, String>,
        name: &str,
        line: u64,
    ) -> Option<OrgRef> {
        let written = names::squash(name);
        if written.is_empty() {
            return None;
        }
        let written_key = orgs::key(&written);
        // Written out by the user in an earlier import: known under its full name.
        let aliased = snap.aliases.contains(&written_key);
        let words = if aliased {
            Vec::new()
        } else {
            orgs::abbreviations(&written)
        };
        let full = full_names
            .get(&written)
            .map(|f| names::squash(f))
            .filter(|f| !f.is_empty());
        if !words.is_empty() {
            match self.abbreviated.iter_mut().find(|a| a.name == written) {
                Some(a) => a.lines.push(line),
                None => self.abbreviated.push(AbbreviatedOrg {
                    name: written.clone(),
                    words,
                    lines: vec![line],
                    full_name: full.clone(),
                }),
            }
        }
        let name = full.unwrap_or(written);
        let key = orgs::key(&name);
        if key.is_empty() {
            return None;
        }
        if let Some(r) = self.by_key.get(&key) {
            return Some(*r);
        }
        let r = match snap.orgs_by_key.get(&key) {
            Some((id, _)) => {
                self.matched.insert(*id);
                OrgRef::Stored(*id)
            }
            None => {
                self.new.push(name);
                OrgRef::New(self.new.len() - 1)
            }
        };
        if written_key != key && !written_key.is_empty() && !aliased {
            self.aliases.push((written_key.clone(), r));
        }
        self.by_key.insert(written_key, r);
        self.by_key.insert(key, r);
        Some(r)
    }

    /// The organization an earlier record named `name` resolved to.
    pub(super) fn of(&self, name: &str) -> Option<OrgRef> {
        self.by_key.get(&orgs::key(name)).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{ACME, ASAE, sample};

    #[test]
    fn one_organization_per_company_whatever_the_spelling() {
        let snap = sample();
        let mut o = Organizations::default();
        let none = HashMap::new();
        // (as written, what it resolves to)
        let cases = [
            ("Northwind Traders, Inc.", Some(OrgRef::New(0))),
            ("Northwind Traders", Some(OrgRef::New(0))),
            ("northwind traders inc", Some(OrgRef::New(0))),
            ("ACME, Inc.", Some(OrgRef::Stored(ACME))),
            ("Acme", Some(OrgRef::Stored(ACME))),
            ("Fabrikam", Some(OrgRef::New(1))),
            ("", None),
            ("  ", None),
        ];
        for (line, (name, to)) in (1..).zip(cases) {
            assert_eq!(o.resolve(&snap, &none, name, line), to, "{name}");
        }
        assert_eq!(o.new, vec!["Northwind Traders, Inc.", "Fabrikam"]);
        assert_eq!(o.matched.len(), 1);
        assert!(o.abbreviated.is_empty() && o.aliases.is_empty());
        assert_eq!(o.of("Northwind Traders"), Some(OrgRef::New(0)));
    }

    #[test]
    fn abbreviations_are_flagged_and_the_full_name_given_is_used() {
        let snap = sample();
        let mut o = Organizations::default();
        let full = HashMap::from([("Tlspn. Toys".to_string(), "Tailspin Toys".to_string())]);
        assert_eq!(
            o.resolve(&snap, &full, "Tlspn. Toys", 4),
            Some(OrgRef::New(0))
        );
        assert_eq!(
            o.resolve(&snap, &full, "Tlspn. Toys", 9),
            Some(OrgRef::New(0))
        );
        assert_eq!(o.new, vec!["Tailspin Toys"]);
        assert_eq!(o.abbreviated.len(), 1);
        let a = &o.abbreviated[0];
        assert_eq!(
            (a.lines.clone(), a.full_name.as_deref()),
            (vec![4, 9], Some("Tailspin Toys"))
        );
        assert!(!a.words.is_empty());
        // The written spelling is remembered for next time.
        assert_eq!(o.aliases, vec![(orgs::key("Tlspn. Toys"), OrgRef::New(0))]);
    }

    #[test]
    fn an_abbreviation_written_out_before_is_not_asked_again() {
        let snap = sample();
        let mut o = Organizations::default();
        let r = o.resolve(&snap, &HashMap::new(), "Am. Soc. of Assn. Exec.", 2);
        assert_eq!(r, Some(OrgRef::Stored(ASAE)));
        assert!(o.abbreviated.is_empty() && o.aliases.is_empty() && o.new.is_empty());
    }
}
