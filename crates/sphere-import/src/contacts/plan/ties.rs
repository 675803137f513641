//! Relationships the file implies. The owner knows everyone in it (since `Connected On` where
//! known; a stored relationship only learns when it began). A contact's professional
//! relations (manager, assistant, colleague, referred by, friend) become relationships with
//! the person named: someone of the file or a stored person of that name, else a new person
//! named only as that relation. Family relations become facts ([`super::facts`]).

use rustc_hash::FxHashMap;
use sphere_domain::TieKind;

use super::super::{NewPerson, OrgRef, Plan, PlannedTie, Target};
use super::facts::{Facts, family_fact};
use super::matching::fold_name;
use super::{Snapshot, Subject, display};
use crate::contact::{Contact, RelationKind};
use crate::names::{self, Name};

/// The owner's relationship with `s`: planned when they have none, or its start date when
/// the stored one has none and the file knows it. Nothing for the owner themself.
pub(super) fn owner_tie(
    snap: &Snapshot,
    s: &Subject<'_>,
    how_met: &str,
    plan: &mut Plan,
    changes: &mut Vec<String>,
) {
    let Some(owner) = plan.owner else {
        return;
    };
    let t = s.target;
    if t == Target::Stored(owner) {
        return;
    }
    if let Target::Stored(id) = t
        && let Some((tie, since)) = snap.tie_between(owner, id)
    {
        if since.is_none()
            && let Some(on) = s.contact.connected_on
        {
            plan.since_updates.push((tie, on));
            changes.push(format!("connected since {on}"));
        }
        return;
    }
    // A relation of the owner's own card already planned this pair (a manager, a colleague):
    // one relationship, with the date of the connection if it had none.
    let me = Target::Stored(owner);
    if let Some(planned) = plan
        .ties
        .iter_mut()
        .find(|p| (p.a == me && p.b == t) || (p.a == t && p.b == me))
    {
        planned.since = planned.since.or(s.contact.connected_on);
        return;
    }
    plan.ties.push(PlannedTie {
        a: Target::Stored(owner),
        b: t,
        kind: TieKind::Acquaintance,
        since: s.contact.connected_on,
        how_met: how_met.to_string(),
    });
    if matches!(t, Target::Stored(_)) {
        changes.push("a relationship with you".into());
    }
}

/// Whether someone named as this relation works at the contact's organization.
fn same_workplace(kind: RelationKind) -> bool {
    matches!(
        kind,
        RelationKind::Manager | RelationKind::Assistant | RelationKind::Colleague
    )
}

/// The kind of relationship a professional relation becomes, and how they met, in words.
pub(super) fn relation_tie(kind: RelationKind, name: &str, of: &str) -> (TieKind, String) {
    match kind {
        RelationKind::Manager => (TieKind::Colleague, format!("{name} is {of}'s manager")),
        RelationKind::Assistant => (TieKind::Colleague, format!("{name} is {of}'s assistant")),
        RelationKind::Colleague => (TieKind::Colleague, "Colleagues".to_string()),
        RelationKind::ReferredBy => (TieKind::Acquaintance, format!("{name} referred {of}")),
        _ => (TieKind::Friend, format!("{of} lists {name} as a friend")),
    }
}

/// A person named only as `c`'s relation of `kind` (at `c`'s organization, `org`, when the
/// relation is a workplace one).
fn related_person(c: &Contact, name: &Name, kind: RelationKind, org: Option<OrgRef>) -> NewPerson {
    let work = same_workplace(kind);
    NewPerson {
        contact: Contact {
            line: c.line,
            first_name: name.first.clone(),
            last_name: name.last.clone(),
            organization: if work {
                c.organization.clone()
            } else {
                String::new()
            },
            ..Default::default()
        },
        org: if work { org } else { None },
        related_only: true,
    }
}

/// The relations `s` names: family ones as facts, professional ones as relationships (see
/// the module documentation). `name_index` finds the people of the file by folded name
/// (`None` when ambiguous) and learns the new people named.
pub(super) fn relations(
    snap: &Snapshot,
    s: &Subject<'_>,
    name_index: &mut FxHashMap<String, Option<Target>>,
    facts: &mut Facts<'_>,
    plan: &mut Plan,
    changes: &mut Vec<String>,
) {
    let (t, c) = (s.target, s.contact);
    for r in &c.relations {
        let name = names::squash(&r.name);
        if name.is_empty() {
            continue;
        }
        if r.kind.is_family() || r.kind == RelationKind::Other {
            let (category, value) = family_fact(r, &name);
            facts.add(t, category, value, changes);
            continue;
        }
        // A professional relation: a relationship with the person named.
        let split = names::split_full(&name);
        let folded = fold_name(&split.first, &split.last);
        if split.first.is_empty() {
            continue;
        }
        // Someone of that name they are already related to is the one meant.
        if let Target::Stored(id) = t
            && snap.related_named(id, &folded)
        {
            continue;
        }
        let other = match name_index.get(&folded).copied().flatten() {
            Some(o) => o,
            None => match snap.by_name.get(&folded).copied().flatten() {
                Some(id) => Target::Stored(id),
                None => {
                    plan.new_people
                        .push(related_person(c, &split, r.kind, s.org));
                    let o = Target::New(plan.new_people.len() - 1);
                    name_index.insert(folded.clone(), Some(o));
                    o
                }
            },
        };
        if other == t {
            continue;
        }
        let (kind, how) = relation_tie(r.kind, &name, &display(c));
        let exists = |a: Target, b: Target| {
            (plan.ties.iter()).any(|x| (x.a == a && x.b == b) || (x.a == b && x.b == a))
        };
        if exists(t, other) {
            continue;
        }
        if let (Target::Stored(a), Target::Stored(b)) = (t, other)
            && snap.tie_between(a, b).is_some()
        {
            continue;
        }
        plan.ties.push(PlannedTie {
            a: t,
            b: other,
            kind,
            since: None,
            how_met: how,
        });
        changes.push(format!(
            "{} relationship",
            r.kind.as_str().replace('_', " ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::contact::test_support::rel;
    use crate::contacts::testing::{
        ACME, ANA, CHRIS, DANA, DANA_ANA, PAT, SAM, TOM, contact, sample,
    };

    fn plan(owner: Option<sphere_domain::Id>) -> Plan {
        let mut p = crate::contacts::testing::empty_plan();
        p.owner = owner;
        p
    }

    fn subject(target: Target, contact: &Contact) -> Subject<'_> {
        Subject {
            target,
            contact,
            org: Some(OrgRef::Stored(ACME)),
        }
    }

    #[test]
    fn the_owner_knows_everyone_in_the_file() {
        let snap = sample();
        let on = NaiveDate::from_ymd_opt(2021, 9, 16);
        let mut c = contact(1, "X", "Y");
        c.connected_on = on;
        // (owner, person, planned ties, since updates, changes)
        let cases = [
            (Some(DANA), Target::New(0), 1, 0, vec![]),
            (
                Some(DANA),
                Target::Stored(PAT),
                1,
                0,
                vec!["a relationship with you"],
            ),
            (
                Some(DANA),
                Target::Stored(ANA),
                0,
                1,
                vec!["connected since 2021-09-16"],
            ),
            // Dana and Chris are connected since 2020: nothing.
            (Some(DANA), Target::Stored(CHRIS), 0, 0, vec![]),
            (Some(DANA), Target::Stored(DANA), 0, 0, vec![]),
            (
                Some(TOM),
                Target::Stored(ANA),
                1,
                0,
                vec!["a relationship with you"],
            ),
            (None, Target::New(0), 0, 0, vec![]),
        ];
        for (owner, t, ties, updates, said) in cases {
            let mut p = plan(owner);
            let mut changes = Vec::new();
            owner_tie(
                &snap,
                &subject(t, &c),
                "LinkedIn connection",
                &mut p,
                &mut changes,
            );
            assert_eq!(
                (p.ties.len(), p.since_updates.len()),
                (ties, updates),
                "{owner:?} {t:?}"
            );
            assert_eq!(changes, said, "{owner:?} {t:?}");
            if let Some(tie) = p.ties.first() {
                assert_eq!((tie.kind, tie.since), (TieKind::Acquaintance, on));
                assert_eq!(tie.how_met, "LinkedIn connection");
            }
            if updates == 1 {
                assert_eq!(Some(p.since_updates), on.map(|d| vec![(DANA_ANA, d)]));
            }
        }
    }

    #[test]
    fn a_pair_already_planned_by_a_relation_gets_one_relationship() {
        let snap = sample();
        let on = NaiveDate::from_ymd_opt(2021, 9, 16);
        let mut c = contact(1, "X", "Y");
        c.connected_on = on;
        let mut p = plan(Some(DANA));
        p.ties.push(PlannedTie {
            a: Target::New(0),
            b: Target::Stored(DANA),
            kind: TieKind::Colleague,
            since: None,
            how_met: "Dana is X Y's manager".into(),
        });
        let mut changes = Vec::new();
        owner_tie(
            &snap,
            &subject(Target::New(0), &c),
            "LinkedIn connection",
            &mut p,
            &mut changes,
        );
        assert_eq!(
            p.ties.len(),
            1,
            "the preview counts the relationship the commit creates, once"
        );
        assert_eq!(
            p.ties[0].kind,
            TieKind::Colleague,
            "the relation's kind is kept"
        );
        assert_eq!(p.ties[0].since, on, "and the connection's date added");
    }

    #[test]
    fn professional_relations_become_relationships() {
        for (kind, tie, how) in [
            (
                RelationKind::Manager,
                TieKind::Colleague,
                "Lee Park is Bo Chen's manager",
            ),
            (
                RelationKind::Assistant,
                TieKind::Colleague,
                "Lee Park is Bo Chen's assistant",
            ),
            (RelationKind::Colleague, TieKind::Colleague, "Colleagues"),
            (
                RelationKind::ReferredBy,
                TieKind::Acquaintance,
                "Lee Park referred Bo Chen",
            ),
            (
                RelationKind::Friend,
                TieKind::Friend,
                "Bo Chen lists Lee Park as a friend",
            ),
        ] {
            assert_eq!(
                relation_tie(kind, "Lee Park", "Bo Chen"),
                (tie, how.to_string())
            );
        }
    }

    /// What the relations of `c` as `t` plan.
    struct Related {
        /// `(a, b, kind)`.
        ties: Vec<(Target, Target, TieKind)>,
        new: Vec<NewPerson>,
        facts: usize,
        changes: Vec<String>,
    }

    fn relate(t: Target, c: &Contact) -> Related {
        let snap = sample();
        let mut p = plan(Some(DANA));
        if t == Target::New(0) {
            p.new_people.push(NewPerson {
                contact: Contact::default(),
                org: None,
                related_only: false,
            });
        }
        let mut facts = Facts::new(&snap);
        let mut changes = Vec::new();
        let mut index = FxHashMap::default();
        relations(
            &snap,
            &subject(t, c),
            &mut index,
            &mut facts,
            &mut p,
            &mut changes,
        );
        Related {
            ties: p.ties.iter().map(|x| (x.a, x.b, x.kind)).collect(),
            new: p.new_people,
            facts: facts.list.len(),
            changes,
        }
    }

    #[test]
    fn a_named_manager_is_found_or_created_at_the_same_organization() {
        let mut c = contact(4, "Bo", "Chen");
        c.organization = "Acme".into();
        c.relations = vec![
            rel(RelationKind::Manager, "Manager", "Pat Moreau"),
            rel(RelationKind::Manager, "Manager", "Lee Park"),
            rel(RelationKind::Friend, "Friend", "Kim Ode"),
            rel(RelationKind::Colleague, "Colleague", "Lee Park"),
        ];
        let Related {
            ties,
            new,
            facts,
            changes,
        } = relate(Target::New(0), &c);
        let me = Target::New(0);
        assert_eq!(
            ties,
            vec![
                (me, Target::Stored(PAT), TieKind::Colleague),
                (me, Target::New(1), TieKind::Colleague),
                (me, Target::New(2), TieKind::Friend),
            ]
        );
        assert_eq!(facts, 0);
        assert_eq!(
            changes,
            [
                "manager relationship",
                "manager relationship",
                "friend relationship"
            ]
        );
        // The people named only as relations: the manager at Acme, the friend nowhere.
        let named: Vec<(&str, bool, Option<OrgRef>)> = (new.iter().skip(1))
            .map(|n| (n.contact.first_name.as_str(), n.related_only, n.org))
            .collect();
        assert_eq!(
            named,
            vec![
                ("Lee", true, Some(OrgRef::Stored(ACME))),
                ("Kim", true, None)
            ]
        );
    }

    #[test]
    fn a_relation_already_known_adds_nothing() {
        // Ana is related to Pat already; Dana is Sam's partner (a fact, not a relationship).
        let mut c = contact(3, "Ana", "Silva");
        c.relations = vec![
            rel(RelationKind::Manager, "Manager", "Pat Moreau"),
            rel(RelationKind::Spouse, "Spouse", "Sam Reyes"),
            rel(RelationKind::Friend, "Friend", "   "),
        ];
        let Related {
            ties,
            new,
            facts,
            changes,
        } = relate(Target::Stored(ANA), &c);
        assert!(ties.is_empty() && new.is_empty(), "{ties:?}");
        assert_eq!(
            (facts, changes),
            (1, vec!["a fact (spouse_partner)".to_string()])
        );
        // Sam names Dana, his partner already: no second relationship.
        let mut sam = contact(5, "Sam", "Reyes");
        sam.relations = vec![rel(RelationKind::Friend, "Friend", "Dana Reyes")];
        assert!(relate(Target::Stored(SAM), &sam).ties.is_empty());
    }
}
