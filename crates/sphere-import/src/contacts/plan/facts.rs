//! Facts from the file: birthdays, credentials (certifications), and family relations, which
//! become never-bin facts about the person ("Spouse: Sam Reyes"), not relationships. A fact
//! the person already has (same category, same value without case) or that the plan already
//! holds is not planned again.

use rustc_hash::FxHashSet;
use sphere_domain::validate;

use super::super::{PlannedFact, Target};
use super::Snapshot;
use crate::contact::{Contact, Relation, RelationKind};
use crate::names;

/// The facts planned so far.
pub(super) struct Facts<'a> {
    snap: &'a Snapshot,
    planned: FxHashSet<(Target, &'static str, String)>,
    pub(super) list: Vec<PlannedFact>,
}

impl<'a> Facts<'a> {
    pub(super) fn new(snap: &'a Snapshot) -> Facts<'a> {
        Facts {
            snap,
            planned: FxHashSet::default(),
            list: Vec::new(),
        }
    }

    /// Plans fact `value` of `category` about `target`, unless it is known or planned; a
    /// stored person's new fact is told in `changes`.
    pub(super) fn add(
        &mut self,
        target: Target,
        category: &'static str,
        value: String,
        changes: &mut Vec<String>,
    ) {
        // As stored (a fact holds at most 2,000 characters), so the check below sees it.
        let value: String = value.chars().take(validate::MAX_FACT_CHARS).collect();
        let lower = value.to_lowercase();
        if let Target::Stored(id) = target
            && self
                .snap
                .facts
                .contains(&(id, category.to_string(), lower.clone()))
        {
            return;
        }
        if !self.planned.insert((target, category, lower)) {
            return;
        }
        if matches!(target, Target::Stored(_)) {
            changes.push(format!("a fact ({category})"));
        }
        self.list.push(PlannedFact {
            target,
            category,
            value,
            learned_on: None,
        });
    }

    /// The record's own facts: its birthday, its anniversary (a family event, never used to
    /// sell) and its credentials.
    pub(super) fn of_record(&mut self, target: Target, c: &Contact, changes: &mut Vec<String>) {
        if let Some(b) = &c.birthday {
            self.add(target, "birthday", format!("Birthday: {b}"), changes);
        }
        if let Some(a) = &c.anniversary {
            self.add(
                target,
                "family_events",
                format!("Anniversary: {a}"),
                changes,
            );
        }
        if !c.credentials.is_empty() {
            self.add(target, "certification", c.credentials.join(", "), changes);
        }
    }
}

/// The taxonomy category a family relation is recorded under.
pub(super) fn family_category(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Spouse | RelationKind::Partner => "spouse_partner",
        RelationKind::Child => "children",
        _ => "family",
    }
}

/// The fact a family (or unknown) relation `r` to `name` becomes: its category and
/// `Label: name`, the label as the file wrote it for an unknown one ("Godmother"), else the
/// kind ("Spouse"); "Relative" when there is none.
pub(super) fn family_fact(r: &Relation, name: &str) -> (&'static str, String) {
    let label = match r.kind {
        RelationKind::Other => {
            names::squash(r.label.trim_start_matches("_$!<").trim_end_matches(">!$_"))
        }
        k => {
            let s = k.as_str();
            let mut cs = s.chars();
            cs.next()
                .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                .unwrap_or_default()
        }
    };
    let label = if label.is_empty() {
        "Relative".into()
    } else {
        label
    };
    (family_category(r.kind), format!("{label}: {name}"))
}

#[cfg(test)]
mod tests {
    use sphere_domain::error::CoreResult;

    use super::*;
    use crate::contact::test_support::rel;
    use crate::contacts::testing::{ANA, contact, sample};

    #[test]
    fn family_relations_become_facts_labelled_as_written() {
        for (kind, label, category, value) in [
            (
                RelationKind::Spouse,
                "_$!<Spouse>!$_",
                "spouse_partner",
                "Spouse: Sam",
            ),
            (
                RelationKind::Partner,
                "partner",
                "spouse_partner",
                "Partner: Sam",
            ),
            (RelationKind::Child, "son", "children", "Child: Sam"),
            (RelationKind::Parent, "Mother", "family", "Parent: Sam"),
            (RelationKind::Relative, "cousin", "family", "Relative: Sam"),
            (
                RelationKind::Other,
                "_$!<Godmother>!$_",
                "family",
                "Godmother: Sam",
            ),
            (RelationKind::Other, "", "family", "Relative: Sam"),
        ] {
            let fact = family_fact(&rel(kind, label, "Sam"), "Sam");
            assert_eq!(fact, (category, value.to_string()), "{kind:?} {label}");
        }
    }

    #[test]
    fn family_facts_are_never_facts() -> CoreResult<()> {
        let engine = sphere_sensitivity::engine()?;
        for kind in [
            RelationKind::Spouse,
            RelationKind::Child,
            RelationKind::Sibling,
        ] {
            let category = family_category(kind);
            let bin = engine.taxonomy.get(category).map(|c| c.bin);
            assert_eq!(
                bin,
                Some(sphere_sensitivity::Sensitivity::Never),
                "{category}"
            );
        }
        Ok(())
    }

    #[test]
    fn a_fact_known_or_planned_is_not_planned_again() {
        let snap = sample();
        let mut facts = Facts::new(&snap);
        let mut changes = Vec::new();
        let mut c = contact(1, "Ana", "Silva");
        // Ana's birthday is stored (compared without case); her credentials are not.
        c.birthday = Some("1990-04-12".into());
        c.credentials = vec!["MSc".into(), "PMP".into()];
        facts.of_record(Target::Stored(ANA), &c, &mut changes);
        facts.of_record(Target::Stored(ANA), &c, &mut changes);
        facts.add(
            Target::Stored(ANA),
            "birthday",
            "BIRTHDAY: 1990-04-12".into(),
            &mut changes,
        );
        let planned: Vec<(&str, &str)> = (facts.list.iter())
            .map(|f| (f.category, f.value.as_str()))
            .collect();
        assert_eq!(planned, vec![("certification", "MSc, PMP")]);
        assert_eq!(changes, vec!["a fact (certification)"]);
        // A new person's facts are planned without a word.
        let mut changes = Vec::new();
        facts.of_record(Target::New(0), &c, &mut changes);
        assert_eq!((facts.list.len(), changes.len()), (3, 0));
    }

    #[test]
    fn a_fact_is_cut_to_what_a_fact_holds() {
        let snap = sample();
        let mut facts = Facts::new(&snap);
        facts.add(Target::New(0), "family", "x".repeat(5000), &mut Vec::new());
        assert_eq!(
            facts.list[0].value.chars().count(),
            validate::MAX_FACT_CHARS
        );
    }
}
