//! The planner behind the parsers. The first byte picks the format (as in `read_contacts`) and
//! whose import it is (the user, a team member, someone not on the team, no one stored); the
//! rest is the file. What parses is planned with `contacts::plan_with` against a small fixed
//! snapshot (`contacts::testing::sample`: someone at the centre, a team member, stored people
//! with emails, keys and organizations, relationships, a fact, a picture), twice: as read,
//! then with every proposed duplicate accepted and every abbreviation written out. Each plan
//! must be consistent (`Plan::inconsistencies`), every accepted duplicate merged, and
//! planning again must give the same preview.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sphere_import::contacts::{Action, Options, Plan, Snapshot, plan_with, testing};
use sphere_import::read_contacts;

#[path = "common.rs"]
mod common;

/// Checks what any plan must satisfy.
fn check(snap: &Snapshot, plan: &Plan) {
    let bad = plan.inconsistencies(snap);
    assert!(bad.is_empty(), "inconsistent plan: {bad:?}");
    let p = plan.preview();
    for d in p.duplicates.iter().filter(|d| d.accepted) {
        if let Some(row) = p.rows.iter().find(|r| r.line == d.line) {
            assert_eq!(
                row.action,
                Action::Merge,
                "accepted duplicate on line {}",
                d.line
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let format = common::format_of(pick);
    let owner = match (pick / 5) % 4 {
        0 => None,
        1 => Some(testing::TOM),
        2 => Some(testing::ANA),
        _ => Some(999),
    };
    let refused = matches!(owner, Some(testing::ANA) | Some(999));
    let Ok(parsed) = read_contacts(file, format) else {
        return;
    };
    let snap = testing::sample();
    let mut opts = Options {
        owner,
        file_name: "fuzz.csv".into(),
        ..Options::default()
    };
    let plan = match plan_with(&snap, parsed.clone(), &opts) {
        Ok(plan) => plan,
        Err(e) => {
            assert!(refused, "planning failed: {e}");
            return;
        }
    };
    assert!(!refused, "planned as someone not on the team");
    check(&snap, &plan);
    // The user accepts every proposal and writes out every abbreviation.
    let p = plan.preview();
    opts.merges = p.duplicates.iter().map(|d| d.line).collect();
    opts.org_names = (p.abbreviations.iter())
        .map(|a| (a.name.clone(), format!("{} Incorporated", a.name)))
        .collect();
    let decided = match plan_with(&snap, parsed.clone(), &opts) {
        Ok(plan) => plan,
        Err(e) => panic!("planning with decisions failed: {e}"),
    };
    check(&snap, &decided);
    let again = plan_with(&snap, parsed, &opts).map(Plan::into_preview);
    assert!(
        again.as_ref().ok() == Some(decided.preview()),
        "planning the same file twice differs"
    );
});
