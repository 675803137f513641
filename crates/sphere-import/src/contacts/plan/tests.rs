//! The pipeline end to end, without a database: a small file against the sample snapshot, and
//! a property test over arbitrary small files (the oracle the `plan` fuzz target uses too).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use proptest::prelude::*;
use sphere_domain::error::CoreError;

use super::super::{Action, Options};
use super::*;
use crate::contact::test_support::rel;
use crate::contact::{Contact, Format, Parsed, RelationKind};
use crate::contacts::testing::{ANA, CHRIS, DANA, TOM, contact, sample};

fn parsed(format: Format, contacts: Vec<Contact>) -> Parsed {
    Parsed {
        format,
        layout: "test".into(),
        contacts,
        skipped: Vec::new(),
        assumptions: Vec::new(),
    }
}

fn opts() -> Options {
    Options {
        file_name: "contacts.vcf".into(),
        ..Options::default()
    }
}

/// Ana (by email, with a new phone and her manager), Bo twice (by email), Lee (new, with a
/// birthday and his spouse), a record with no name.
fn small_file() -> Vec<Contact> {
    let mut ana = contact(2, "Ana", "Silva");
    ana.emails = vec!["ana@acme.com".into()];
    ana.phones = vec!["+1 555 0199".into()];
    ana.relations = vec![rel(RelationKind::Manager, "Manager", "Pat Moreau")];
    let mut bo = contact(3, "Bo", "Chen");
    bo.emails = vec!["bo@x.com".into()];
    bo.organization = "Fabrikam".into();
    let mut bo_again = contact(4, "Bo", "Chen");
    bo_again.emails = vec!["bo@x.com".into(), "bo@home.org".into()];
    let mut lee = contact(5, "Lee", "Park");
    lee.birthday = Some("--04-12".into());
    lee.relations = vec![rel(RelationKind::Spouse, "Spouse", "Kim Park")];
    vec![ana, bo, bo_again, lee, contact(6, "", "")]
}

#[test]
fn a_file_is_planned_against_the_snapshot_alone() -> CoreResult<()> {
    let plan = plan_with(&sample(), parsed(Format::Vcard, small_file()), &opts())?;
    assert_eq!(plan.inconsistencies(&sample()), Vec::<String>::new());
    let p = plan.preview();
    assert_eq!(p.owner.as_ref().map(|o| o.id), Some(DANA));
    assert_eq!(
        (p.records, p.new, p.updated, p.merged, p.unchanged),
        (5, 2, 1, 1, 0)
    );
    assert_eq!(p.skipped.len(), 1);
    let ana = &p.rows[0];
    assert_eq!(ana.person.as_ref().map(|x| x.id), Some(ANA));
    // Pat is her manager already; Dana knows her already.
    assert_eq!(ana.changes, vec!["1 more phone"]);
    assert_eq!(
        (p.rows[2].action, p.rows[2].merged_into_line),
        (Action::Merge, Some(3))
    );
    // Dana meets Bo and Lee; Lee's birthday and his spouse are facts, the spouse a never one.
    assert_eq!(p.relationships_new, 2);
    assert_eq!((p.facts_new, p.never_facts_new), (2, 1));
    assert_eq!(p.organizations_new, vec!["Fabrikam"]);
    Ok(())
}

#[test]
fn the_owner_decides_whose_relationships_they_are() -> CoreResult<()> {
    let as_tom = Options {
        owner: Some(TOM),
        ..opts()
    };
    let plan = plan_with(&sample(), parsed(Format::Vcard, small_file()), &as_tom)?;
    // Tom knows Ana too now, besides Bo and Lee.
    assert_eq!(plan.preview().relationships_new, 3);
    let as_ana = Options {
        owner: Some(ANA),
        ..opts()
    };
    let refused = plan_with(&sample(), parsed(Format::Vcard, small_file()), &as_ana);
    assert!(matches!(refused, Err(CoreError::Invalid { .. })));
    Ok(())
}

#[test]
fn a_record_of_an_earlier_import_by_name_is_the_same_person() -> CoreResult<()> {
    // LinkedIn rows without email or URL: Chris by the name key of the earlier import.
    let mut chris = contact(2, "Chris", "Lee");
    chris.organization = "Contoso Ltd".into();
    let plan = plan_with(
        &sample(),
        parsed(Format::Linkedin, vec![chris.clone()]),
        &opts(),
    )?;
    let row = &plan.preview().rows[0];
    assert_eq!(row.person.as_ref().map(|p| p.id), Some(CHRIS));
    // In a Google file the same row is only a likely duplicate.
    let plan = plan_with(&sample(), parsed(Format::Google, vec![chris]), &opts())?;
    assert_eq!(plan.preview().rows[0].action, Action::New);
    assert_eq!(plan.preview().duplicates.len(), 1);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Property: any small file plans consistently.

fn pick<T: Clone + std::fmt::Debug>(from: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(from)
}

fn some_of(from: &'static [&'static str], most: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(pick(from), 0..=most)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn maybe(from: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(pick(from).prop_map(String::from))
}

const FIRST: &[&str] = &[
    "Ana",
    "Chris",
    "Christopher",
    "Dana",
    "Pat",
    "Bo",
    "Jon",
    "John",
    "",
];
const LAST: &[&str] = &["Silva", "Lee", "Reyes", "Moreau", "Chen", "Smith", ""];
const EMAILS: &[&str] = &["ana@acme.com", "bo@x.com", "jon@x.com", "not an email"];
const ORGS: &[&str] = &[
    "",
    "Acme",
    "ACME Inc.",
    "Contoso Ltd",
    "Am. Soc. of Assn. Exec.",
    "Tlspn. Toys",
];
const RELATED: &[&str] = &[
    "Pat Moreau",
    "Lee Park",
    "Sam Reyes",
    "Dana Reyes",
    "Ana Silva",
    "",
];
const KINDS: &[RelationKind] = &[
    RelationKind::Spouse,
    RelationKind::Child,
    RelationKind::Manager,
    RelationKind::Assistant,
    RelationKind::Colleague,
    RelationKind::ReferredBy,
    RelationKind::Friend,
    RelationKind::Other,
];

fn a_contact() -> impl Strategy<Value = Contact> {
    let who = (pick(FIRST), pick(LAST), some_of(EMAILS, 2), pick(ORGS));
    let keys = (
        maybe(&[
            "https://www.linkedin.com/in/ana-silva",
            "https://www.linkedin.com/in/bo",
        ]),
        maybe(&["uid-chris", "u1"]),
        maybe(&["urn:li:member:7"]),
    );
    let more = (
        some_of(&["+1 555 0100", "call me", "555-0199"], 2),
        maybe(&["1990-04-12", "--04-12"]),
        some_of(&["MSc", "PMP"], 2),
        proptest::collection::vec((pick(KINDS), pick(RELATED)), 0..3),
        proptest::option::of(1u32..28),
        (
            maybe(&["CTO"]),
            maybe(&["met at a fair"]),
            some_of(&["client", "a, b"], 2),
        ),
    );
    (who, keys, more).prop_map(|(who, keys, more)| {
        let (first, last, emails, org) = who;
        let (relations, connected, (title, notes, tags)) = (more.3, more.4, more.5);
        Contact {
            first_name: first.into(),
            last_name: last.into(),
            emails,
            organization: org.into(),
            linkedin_url: keys.0,
            uid: keys.1,
            member_id: keys.2,
            phones: more.0,
            birthday: more.1,
            credentials: more.2,
            relations: relations
                .into_iter()
                .map(|(k, n)| rel(k, k.as_str(), n))
                .collect(),
            connected_on: connected.and_then(|d| NaiveDate::from_ymd_opt(2021, 1, d)),
            title: title.unwrap_or_default(),
            notes: notes.unwrap_or_default(),
            tags,
            ..Contact::default()
        }
    })
}

/// Every record's line, from 1.
fn a_file() -> impl Strategy<Value = Vec<Contact>> {
    proptest::collection::vec(a_contact(), 0..12).prop_map(|mut cs| {
        for (i, c) in cs.iter_mut().enumerate() {
            c.line = i as u64 + 1;
        }
        cs
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_file_plans_consistently(
        contacts in a_file(),
        format in pick(&[Format::Linkedin, Format::Vcard, Format::Google, Format::Outlook]),
        owner in pick(&[None, Some(TOM), Some(ANA), Some(999)]),
        merges in proptest::collection::hash_set(1u64..13, 0..4),
    ) {
        let snap = sample();
        let opts = Options {
            owner,
            merges,
            org_names: HashMap::from([("Tlspn. Toys".into(), "Tailspin Toys".into())]),
            file_name: "f.csv".into(),
        };
        let planned = plan_with(&snap, parsed(format, contacts.clone()), &opts);
        let Ok(plan) = planned else {
            prop_assert!(matches!(owner, Some(ANA) | Some(999)), "{planned:?}");
            return Ok(());
        };
        prop_assert_eq!(plan.inconsistencies(&snap), Vec::<String>::new());
        // The same email is never two people: a later row with an earlier row's email merges.
        let mut emails: HashSet<Option<String>> = HashSet::new();
        for r in &plan.preview().rows {
            if r.email.is_some() && !emails.insert(r.email.clone()) {
                prop_assert_eq!(r.action, Action::Merge, "line {}", r.line);
            }
        }
        // Planning again gives the same plan.
        let again = plan_with(&snap, parsed(format, contacts), &opts);
        prop_assert_eq!(again.ok().map(|p| p.into_preview()), Some(plan.into_preview()));
    }
}
