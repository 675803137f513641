//! A plan's own consistency, for tests and fuzzing: what any plan must satisfy, whatever the
//! file and the database.

use super::super::{Action, OrgRef, PREVIEW_ROWS, Plan, Target};
use super::Snapshot;

impl Plan {
    /// What is wrong with this plan, planned against `snapshot`, in words (empty when
    /// nothing): the actions add up to the records read; every new person, organization and
    /// stored person the plan refers to exists; no relationship joins someone to themself;
    /// the preview's counts are the plan's.
    pub fn inconsistencies(&self, snapshot: &Snapshot) -> Vec<String> {
        let mut bad = Vec::new();
        let p = &self.preview;
        let placed = p.new + p.updated + p.merged + p.unchanged;
        if placed as usize + p.skipped.len() != p.records as usize {
            bad.push(format!(
                "{placed} records placed and {} skipped, of {} read",
                p.skipped.len(),
                p.records
            ));
        }
        if p.rows.len() != (placed as usize).min(PREVIEW_ROWS) {
            bad.push(format!("{} rows for {placed} records", p.rows.len()));
        }
        let related = self.new_people.iter().filter(|n| n.related_only).count();
        if p.new as usize != self.new_people.len() - related
            || p.related_people_new as usize != related
        {
            bad.push(format!(
                "{} new and {} related people counted, {} planned",
                p.new,
                p.related_people_new,
                self.new_people.len()
            ));
        }
        if p.relationships_new as usize != self.ties.len()
            || p.facts_new as usize != self.facts.len()
            || p.never_facts_new > p.facts_new
            || p.organizations_new != self.new_orgs
        {
            bad.push("the preview's counts are not the plan's".into());
        }
        if p.blocker.is_none() != self.owner.is_some()
            || p.owner.as_ref().map(|o| o.id) != self.owner
        {
            bad.push("an owner and a blocker, or neither".into());
        }
        let stored = |id: &i64| snapshot.people.contains_key(id);
        let target = |t: &Target| match t {
            Target::Stored(id) => stored(id),
            Target::New(n) => *n < self.new_people.len(),
        };
        let org = |o: &Option<OrgRef>| match o {
            Some(OrgRef::Stored(id)) => snapshot.org_names.contains_key(id),
            Some(OrgRef::New(n)) => *n < self.new_orgs.len(),
            None => true,
        };
        if !self.new_people.iter().all(|n| org(&n.org))
            || !self.additions.values().all(|a| org(&a.org))
            || !self.aliases.iter().all(|(_, r)| org(&Some(*r)))
        {
            bad.push("an organization outside the plan".into());
        }
        if !self.additions.keys().all(stored)
            || !self.keys.iter().all(|(_, _, t)| target(t))
            || !self.facts.iter().all(|f| target(&f.target))
            || !self.ties.iter().all(|t| target(&t.a) && target(&t.b))
            || !self.owner.iter().all(stored)
        {
            bad.push("a person outside the plan".into());
        }
        if self.ties.iter().any(|t| t.a == t.b) {
            bad.push("a relationship of someone with themself".into());
        }
        for r in &p.rows {
            let ok = match r.action {
                Action::New => r.person.is_none(),
                Action::Update | Action::Unchanged => {
                    r.person.as_ref().is_some_and(|x| stored(&x.id))
                }
                Action::Merge => r.person.is_some() || r.merged_into_line.is_some(),
            };
            if !ok {
                bad.push(format!(
                    "line {}: {:?} with the wrong person",
                    r.line, r.action
                ));
            }
        }
        bad
    }
}
