//! Step 0, before planning: what is stored, read once into a [`Snapshot`] and indexed for the
//! questions the planner asks (who has this email, this key, this name; which organization has
//! this key; who is related to whom). Planning itself never reads the database.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use sphere_domain::error::CoreResult;
use sphere_domain::{Id, Person, PersonRef, Ring};
use sphere_store::Db;
use sphere_store::imports::{self, ImportSnapshot};

use super::super::{KEY_LINKEDIN, KEY_LINKEDIN_MEMBER, KEY_UID, name_source};
use super::matching::fold_name;
use crate::contact::Format;
use crate::orgs;

/// What is stored that an import plan is decided against (see [`Snapshot::read`]); build one
/// by hand with [`Snapshot::new`] to plan without a database.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The user at the centre of the sphere.
    pub(super) centre: Option<Id>,
    pub(super) people: FxHashMap<Id, Person>,
    pub(super) by_email: FxHashMap<String, Id>,
    pub(super) by_key: FxHashMap<(String, String), Id>,
    /// Stored people by organization, with folded names, for duplicate proposals.
    pub(super) by_org: FxHashMap<Id, Vec<(Id, String)>>,
    /// Stored people by folded full name (for naming relations), `None` when ambiguous.
    pub(super) by_name: FxHashMap<String, Option<Id>>,
    pub(super) orgs_by_key: FxHashMap<String, (Id, String)>,
    /// Keys of names written out in full by the user before (`organization_alias`).
    pub(super) aliases: FxHashSet<String>,
    pub(super) org_names: FxHashMap<Id, String>,
    /// Every relationship by its pair (lower id first): `(relationship, since)`.
    pub(super) ties: FxHashMap<(Id, Id), (Id, Option<NaiveDate>)>,
    /// Whom each person has a relationship with.
    pub(super) related: FxHashMap<Id, Vec<Id>>,
    /// `(person, category, lowercased value)`.
    pub(super) facts: FxHashSet<(Id, String, String)>,
    pub(super) photos: FxHashSet<Id>,
}

impl Snapshot {
    /// Reads what an import of `format` is planned against: everyone, the keys of the sources
    /// address-book imports use (and the name key of `format`), organizations and their
    /// aliases, relationships, facts and who has a picture.
    pub fn read(db: Db<'_>, format: Format) -> CoreResult<Snapshot> {
        let sources = [
            KEY_LINKEDIN.to_string(),
            KEY_LINKEDIN_MEMBER.to_string(),
            KEY_UID.to_string(),
            name_source(format),
        ];
        let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
        Ok(Snapshot::new(imports::import_snapshot(db, &sources)?))
    }

    /// Indexes what the store gave. Keys, relationships, facts and pictures of people not in
    /// `stored.people` are left out (the database never has them).
    pub fn new(stored: ImportSnapshot) -> Snapshot {
        let mut k = Snapshot::default();
        for p in stored.people {
            for e in &p.emails {
                k.by_email.entry(e.to_lowercase()).or_insert(p.id);
            }
            let folded = fold_name(&p.first_name, &p.last_name);
            if let Some(o) = p.organization_id {
                k.by_org.entry(o).or_default().push((p.id, folded.clone()));
            }
            k.by_name
                .entry(folded)
                .and_modify(|v| *v = None)
                .or_insert(Some(p.id));
            if p.ring == Ring::Centre && k.centre.is_none() {
                k.centre = Some(p.id);
            }
            k.people.insert(p.id, p);
        }
        let known = |id: &Id| k.people.contains_key(id);
        let by_key = stored
            .keys
            .into_iter()
            .filter(|(_, id)| known(id))
            .collect();
        let facts = (stored.facts.into_iter())
            .filter(|(p, _, _)| known(p))
            .map(|(p, c, v)| (p, c, v.to_lowercase()))
            .collect();
        let photos = stored.photos.into_iter().filter(known).collect();
        let mut ties = FxHashMap::default();
        let mut related: FxHashMap<Id, Vec<Id>> = FxHashMap::default();
        for (tie, a, b, since) in stored.relationships {
            if known(&a) && known(&b) && a != b {
                ties.insert((a.min(b), a.max(b)), (tie, since));
                related.entry(a).or_default().push(b);
                related.entry(b).or_default().push(a);
            }
        }
        (k.by_key, k.facts, k.photos, k.ties, k.related) = (by_key, facts, photos, ties, related);
        for (id, name) in stored.organizations {
            k.orgs_by_key
                .entry(orgs::key(&name))
                .or_insert((id, name.clone()));
            k.org_names.insert(id, name);
        }
        for (alias, id, name) in stored.aliases {
            k.orgs_by_key.entry(alias.clone()).or_insert((id, name));
            k.aliases.insert(alias);
        }
        k
    }

    /// A stored person as the preview names them.
    pub(super) fn person_ref(&self, id: Id) -> PersonRef {
        match self.people.get(&id) {
            Some(p) => PersonRef::of(
                p,
                p.organization_id
                    .and_then(|o| self.org_names.get(&o).cloned()),
            ),
            None => PersonRef {
                id,
                display_name: format!("person {id}"),
                title: String::new(),
                organization_name: None,
                ring: Ring::Beyond,
            },
        }
    }

    /// The relationship between two stored people, with when it began, if they have one.
    pub(super) fn tie_between(&self, a: Id, b: Id) -> Option<(Id, Option<NaiveDate>)> {
        self.ties.get(&(a.min(b), a.max(b))).copied()
    }

    /// Whether `id` has a relationship with someone whose folded full name is `folded`.
    pub(super) fn related_named(&self, id: Id, folded: &str) -> bool {
        (self.related.get(&id).into_iter().flatten()).any(|o| {
            (self.people.get(o)).is_some_and(|p| fold_name(&p.first_name, &p.last_name) == folded)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{
        ANA, CHRIS, DANA, DANA_ANA, DANA_CHRIS, PAT, TOM, person, sample, sample_stored,
    };

    #[test]
    fn the_snapshot_answers_the_planners_questions() {
        let snap = sample();
        assert_eq!(snap.centre, Some(DANA));
        assert_eq!(snap.by_email.get("ana@acme.com"), Some(&ANA));
        assert_eq!(snap.by_name.get("chris lee"), Some(&Some(CHRIS)));
        assert_eq!(snap.orgs_by_key.get("contoso").map(|o| o.0), Some(2));
        // Relationships either way round, with when they began.
        assert_eq!(snap.tie_between(ANA, DANA), Some((DANA_ANA, None)));
        assert_eq!(
            snap.tie_between(CHRIS, DANA),
            Some((DANA_CHRIS, NaiveDate::from_ymd_opt(2020, 1, 1)))
        );
        assert_eq!(snap.tie_between(ANA, CHRIS), None);
        assert!(snap.related_named(ANA, "pat moreau"));
        assert!(snap.related_named(DANA, "sam reyes"));
        assert!(!snap.related_named(TOM, "sam reyes"));
        assert!(!snap.related_named(PAT, "dana reyes"));
        assert_eq!(
            snap.person_ref(ANA).organization_name.as_deref(),
            Some("Acme Inc")
        );
        assert_eq!(snap.person_ref(999).display_name, "person 999");
        assert!(
            snap.facts
                .contains(&(ANA, "birthday".into(), "birthday: 1990-04-12".into()))
        );
    }

    #[test]
    fn a_shared_name_or_email_finds_the_first_or_no_one() {
        let mut stored = sample_stored();
        let mut twin = person(7, "Sam", "Reyes");
        twin.emails = vec!["ANA@acme.com".into()];
        stored.people.push(twin);
        let snap = Snapshot::new(stored);
        assert_eq!(snap.by_name.get("sam reyes"), Some(&None));
        assert_eq!(snap.by_email.get("ana@acme.com"), Some(&ANA));
        assert_eq!(snap.by_name.get("ana silva"), Some(&Some(ANA)));
    }

    #[test]
    fn what_points_at_no_one_is_left_out() {
        let mut stored = sample_stored();
        stored
            .keys
            .push((("contact-uid".into(), "ghost".into()), 999));
        stored.relationships.push((50, ANA, 999, None));
        stored.facts.push((999, "family".into(), "x".into()));
        stored.photos.push(999);
        let snap = Snapshot::new(stored);
        assert!(!snap.by_key.values().any(|id| *id == 999));
        assert_eq!(snap.tie_between(ANA, 999), None);
        assert!(!snap.facts.iter().any(|f| f.0 == 999) && !snap.photos.contains(&999));
        // No one at the centre: no centre.
        let mut stored = sample_stored();
        stored.people.retain(|p| p.id != DANA);
        assert_eq!(Snapshot::new(stored).centre, None);
    }
}
