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

    /// The record's own facts: its birthday and its credentials.
    pub(super) fn of_record(&mut self, target: Target, c: &Contact, changes: &mut Vec<String>) {
        if let Some(b) = &c.birthday {
            self.add(target, "birthday", format!("Birthday: {b}"), changes);
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
