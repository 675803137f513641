//! Step 3, per person of the file (in order of their first record), once every record is
//! placed: what a stored person gains, the keys to remember, the owner's relationship, facts,
//! relations; then whether a stored person's row is an update or unchanged.

use rustc_hash::{FxHashMap, FxHashSet};

use super::super::{Action, Plan, PreviewRow, Target};
use super::additions::additions;
use super::facts::Facts;
use super::matching::fold_name;
use super::organizations::Organizations;
use super::records::Records;
use super::{Snapshot, Subject, ties};

/// Completes the plan for every person `records` placed, telling each row what changes.
/// Returns the planned facts.
pub(super) fn complete<'s>(
    snap: &'s Snapshot,
    plan: &mut Plan,
    records: &mut Records,
    orgs: &Organizations,
    how_met: &str,
) -> Facts<'s> {
    let mut targets: Vec<(Target, usize)> = records.seen.iter().map(|(t, s)| (*t, s.row)).collect();
    targets.sort_by_key(|(_, row)| *row);
    let mut name_index = name_index(&targets, plan, records);
    let mut facts = Facts::new(snap);
    let mut planned_keys: FxHashSet<(String, String)> = FxHashSet::default();
    for (t, row) in targets {
        // Taken out while planning (the plan grows meanwhile), put back at the end.
        let (c, org) = match t {
            Target::New(n) => match plan.new_people.get_mut(n) {
                Some(p) => (std::mem::take(&mut p.contact), p.org),
                None => continue,
            },
            Target::Stored(id) => match records.stored_records.remove(&id) {
                Some(c) => {
                    let org = orgs.of(&c.organization);
                    (c, org)
                }
                None => continue,
            },
        };
        let s = Subject {
            target: t,
            contact: &c,
            org,
        };
        let mut changes = Vec::new();
        if let Target::Stored(id) = t
            && let Some(p) = snap.people.get(&id)
            && let Some(add) = additions(p, snap.photos.contains(&id), &c, org, &mut changes)
        {
            plan.additions.insert(id, add);
        }
        let keys = records.target_keys.remove(&t).unwrap_or_default();
        new_keys(snap, &mut planned_keys, keys, t, &mut plan.keys);
        ties::owner_tie(snap, &s, how_met, plan, &mut changes);
        facts.of_record(t, &c, &mut changes);
        ties::relations(snap, &s, &mut name_index, &mut facts, plan, &mut changes);
        if let Some(row) = records.rows.get_mut(row) {
            settle(row, changes, t, plan);
        }
        if let Target::New(n) = t
            && let Some(p) = plan.new_people.get_mut(n)
        {
            p.contact = c;
        }
    }
    facts
}

/// The people of the file by folded name, `None` when two share it.
fn name_index(
    targets: &[(Target, usize)],
    plan: &Plan,
    records: &Records,
) -> FxHashMap<String, Option<Target>> {
    let mut index: FxHashMap<String, Option<Target>> = FxHashMap::default();
    for (t, _) in targets {
        let c = match t {
            Target::New(n) => match plan.new_people.get(*n) {
                Some(p) => &p.contact,
                None => continue,
            },
            Target::Stored(id) => match records.stored_records.get(id) {
                Some(c) => c,
                None => continue,
            },
        };
        index
            .entry(fold_name(&c.first_name, &c.last_name))
            .and_modify(|v| *v = None)
            .or_insert(Some(*t));
    }
    index
}

/// Keys: every record's, so each spelling is found next time; none already stored or
/// planned.
fn new_keys(
    snap: &Snapshot,
    planned: &mut FxHashSet<(String, String)>,
    keys: Vec<(String, String)>,
    t: Target,
    out: &mut Vec<(String, String, Target)>,
) {
    for k in keys {
        if snap.by_key.contains_key(&k) || !planned.insert(k.clone()) {
            continue;
        }
        out.push((k.0, k.1, t));
    }
}

/// Gives `row` its changes; a stored person's row that changes something is an update.
fn settle(row: &mut PreviewRow, changes: Vec<String>, t: Target, plan: &Plan) {
    row.changes = changes;
    if row.action == Action::Unchanged
        && (!row.changes.is_empty()
            || matches!(t, Target::Stored(id) if plan.additions.contains_key(&id)))
    {
        row.action = Action::Update;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{ANA, empty_plan, row, sample};

    #[test]
    fn a_stored_person_who_gains_something_is_updated() {
        let mut with_additions = empty_plan();
        with_additions.additions.insert(ANA, Default::default());
        let said = || vec!["title CTO".to_string()];
        // (action placed, changes, plan, action settled)
        let cases = [
            (Action::Unchanged, vec![], empty_plan(), Action::Unchanged),
            (Action::Unchanged, said(), empty_plan(), Action::Update),
            (Action::Unchanged, vec![], with_additions, Action::Update),
            (Action::Merge, said(), empty_plan(), Action::Merge),
            (Action::New, said(), empty_plan(), Action::New),
        ];
        for (placed, changes, plan, settled) in cases {
            let mut r = row(1, placed);
            settle(&mut r, changes.clone(), Target::Stored(ANA), &plan);
            assert_eq!((r.action, r.changes), (settled, changes), "{placed:?}");
        }
    }

    #[test]
    fn keys_are_remembered_once_and_only_when_new() {
        let snap = sample();
        let key = |s: &str, k: &str| (s.to_string(), k.to_string());
        let ana_url = key("linkedin", "https://www.linkedin.com/in/ana-silva");
        let mut planned = FxHashSet::default();
        let mut out = Vec::new();
        let keys = vec![ana_url, key("contact-uid", "u1"), key("contact-uid", "u1")];
        new_keys(&snap, &mut planned, keys, Target::Stored(ANA), &mut out);
        new_keys(
            &snap,
            &mut planned,
            vec![key("contact-uid", "u1")],
            Target::New(0),
            &mut out,
        );
        assert_eq!(
            out,
            vec![("contact-uid".into(), "u1".into(), Target::Stored(ANA))]
        );
    }
}
