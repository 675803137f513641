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
