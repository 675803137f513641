//! Full backups: `backup_export` → `backup_restore` into a fresh database gives the same
//! database (property-tested over random networks made through the public API), a restore
//! only goes into an empty database, and a bad backup is refused, naming what was wrong, with
//! nothing written.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Categories from every bin, never ones included.
const CATEGORIES: &[&str] = &[
    "religion",
    "health",
    "children",
    "job_search",
    "promotion",
    "hobbies",
    "travel",
    "role_change",
];

#[derive(Debug, Clone)]
struct PersonPlan {
    first: String,
    last: String,
    emails: Vec<String>,
    phones: Vec<String>,
    tags: Vec<String>,
    notes: String,
    title: String,
    org: Option<usize>,
    pinned: Option<Ring>,
    team: bool,
}

#[derive(Debug, Clone)]
struct TiePlan {
    a: usize,
    b: usize,
    kind: TieKind,
    how_met: String,
    since: Option<u32>,
    strength: Option<(f64, String)>,
}

#[derive(Debug, Clone)]
struct InteractionPlan {
    people: Vec<usize>,
    kind: InteractionKind,
    minutes_ago: i64,
    initiator: Option<usize>,
    note: String,
    outcome: Option<Outcome>,
}

#[derive(Debug, Clone)]
struct FactPlan {
    person: usize,
    category: usize,
    value: String,
    told_by: Option<usize>,
    learned: Option<u32>,
}

#[derive(Debug, Clone)]
struct Plan {
    orgs: Vec<String>,
    people: Vec<PersonPlan>,
    ties: Vec<TiePlan>,
    interactions: Vec<InteractionPlan>,
    facts: Vec<FactPlan>,
    half_life: Option<f64>,
    deleted: Option<usize>,
}

fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::string::string_regex(&format!("[\\PC\n]{{0,{max}}}")).expect("regex"),
        1 => Just("Her daughter Emma plays soccer at Lincoln High; she is going through a divorce.".to_string()),
        1 => Just("Élodie, 東京; \"quoted\", back\\slash\nsecond line".to_string()),
    ]
}

fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex("\\PC{1,16}").expect("regex")
}

fn person_plan(orgs: usize) -> impl Strategy<Value = PersonPlan> {
    (
        name(),
        name(),
        proptest::collection::vec("[a-z]{1,6}(\\.[a-z]{1,4})?@[a-z]{2,6}\\.(com|org|de)", 0..3),
        proptest::collection::vec("\\+[1-9][0-9]{2} [0-9]{3} [0-9]{4}", 0..2),
        proptest::collection::vec("[\\PC&&[^,]]{1,10}", 0..3),
        text(60),
        text(20),
        proptest::option::of(0..orgs.max(1)),
        proptest::option::of(prop_oneof![
            Just(Ring::Inner),
            Just(Ring::Outer),
            Just(Ring::Beyond)
        ]),
        any::<bool>(),
    )
        .prop_map(
            move |(first, last, emails, phones, tags, notes, title, org, pinned, team)| {
                PersonPlan {
                    first,
                    last,
                    emails,
                    phones,
                    tags,
                    notes,
                    title,
                    org: org.filter(|_| orgs > 0),
                    pinned,
                    team,
                }
            },
        )
}

fn plan() -> impl Strategy<Value = Plan> {
    (0usize..4, 2usize..8).prop_flat_map(|(n_orgs, n_people)| {
        let idx = 0..n_people;
        (
            proptest::collection::vec(name(), n_orgs),
            proptest::collection::vec(person_plan(n_orgs), n_people),
            proptest::collection::vec(
                (
                    idx.clone(),
                    idx.clone(),
                    proptest::sample::select(TieKind::ALL.to_vec()),
                    text(30),
                    proptest::option::of(0u32..5000),
                    proptest::option::of((0.0f64..=1.0, name())),
                )
                    .prop_map(|(a, b, kind, how_met, since, strength)| TiePlan {
                        a,
                        b,
                        kind,
                        how_met,
                        since,
                        strength,
                    }),
                0..10,
            ),
            proptest::collection::vec(
                (
                    proptest::collection::vec(idx.clone(), 1..4),
                    proptest::sample::select(InteractionKind::ALL.to_vec()),
                    0i64..(3 * 365 * 24 * 60),
                    proptest::option::of(idx.clone()),
                    text(40),
                    proptest::option::of(proptest::sample::select(Outcome::ALL.to_vec())),
                )
                    .prop_map(
                        |(people, kind, minutes_ago, initiator, note, outcome)| InteractionPlan {
                            people,
                            kind,
                            minutes_ago,
                            initiator,
                            note,
                            outcome,
                        },
                    ),
                0..12,
            ),
            proptest::collection::vec(
                (
                    idx.clone(),
                    0..CATEGORIES.len(),
                    name(),
                    proptest::option::of(idx.clone()),
                    proptest::option::of(0u32..3000),
                )
                    .prop_map(|(person, category, value, told_by, learned)| {
                        FactPlan {
                            person,
                            category,
                            value,
                            told_by,
                            learned,
                        }
                    }),
                0..8,
            ),
            proptest::option::of(7.0f64..3650.0),
            proptest::option::of(idx),
        )
            .prop_map(
                |(orgs, people, ties, interactions, facts, half_life, deleted)| Plan {
                    orgs,
                    people,
                    ties,
                    interactions,
                    facts,
                    half_life,
                    deleted,
                },
            )
    })
}

/// Runs an API call whose input may be refused (random text can be invalid, two random
/// organizations can share a name): refusals are skipped, other failures are not.
fn tolerate<T>(r: Result<T, ApiError>) -> Result<Option<T>, ApiError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e)
            if matches!(
                e.kind,
                ErrorKind::InvalidInput | ErrorKind::Conflict | ErrorKind::NotFound
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn day(n: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2010, 1, 1).map(|d| d + Duration::days(i64::from(n)))
}

/// Builds the planned network through the public API; the user is always person 0.
fn build(s: &Sphere, plan: &Plan, now: DateTime<Utc>) -> Result<(), ApiError> {
    let mut orgs = Vec::new();
    for n in &plan.orgs {
        orgs.push(
            tolerate(s.org_create(OrganizationInput {
                name: n.clone(),
                domain: Some("example.com".into()),
                ..Default::default()
            }))?
            .map(|o| o.id),
        );
    }
    let mut people: Vec<Option<Id>> = Vec::new();
    for (i, p) in plan.people.iter().enumerate() {
        let made = tolerate(s.person_create(PersonInput {
            first_name: p.first.clone(),
            last_name: Some(p.last.clone()),
            emails: Some(p.emails.clone()),
            phones: Some(p.phones.clone()),
            title: Some(p.title.clone()),
            organization_id: p.org.and_then(|o| orgs.get(o).copied().flatten()),
            ring: if i == 0 { Some(Ring::Centre) } else { p.pinned },
            is_team: Some(p.team),
            tags: Some(p.tags.clone()),
            notes: Some(p.notes.clone()),
        }))?;
        people.push(made.map(|p| p.id));
    }
    let id = |i: usize| people.get(i).copied().flatten();
    for t in &plan.ties {
        let (Some(a), Some(b)) = (id(t.a), id(t.b)) else {
            continue;
        };
        tolerate(s.tie_create(RelationshipInput {
            person_a: a,
            person_b: b,
            kind: t.kind,
            since: t.since.and_then(day),
            how_met: Some(t.how_met.clone()),
            strength_override: t.strength.as_ref().map(|s| s.0),
            override_reason: t.strength.as_ref().map(|s| s.1.clone()),
        }))?;
    }
    for x in &plan.interactions {
        let participants: Vec<Id> = x.people.iter().filter_map(|i| id(*i)).collect();
        tolerate(s.interaction_log(InteractionInput {
            occurred_at: now - Duration::minutes(x.minutes_ago),
            kind: x.kind,
            participants,
            initiator_id: x.initiator.and_then(id),
            note: Some(x.note.clone()),
            outcome: x.outcome,
        }))?;
    }
    for f in &plan.facts {
        let Some(person_id) = id(f.person) else {
            continue;
        };
        tolerate(s.fact_create(FactInput {
            person_id,
            category: CATEGORIES[f.category].into(),
            value: f.value.clone(),
            source: Some("a lunch".into()),
            learned_on: f.learned.and_then(day),
            told_by: f.told_by.and_then(id),
        }))?;
    }
    if let Some(days) = plan.half_life {
        s.settings_update(SettingsInput {
            half_life_days: Some(days),
            ..Default::default()
        })?;
    }
    // A deletion leaves gaps in the ids, which a restore must keep.
    if let Some(p) = plan.deleted.filter(|p| *p > 0).and_then(id) {
        s.person_delete(IdRequest { id: p })?;
    }
    Ok(())
}

/// What the user sees, never facts revealed.
fn views(s: &Sphere) -> Result<String, ApiError> {
    let people = s.person_list(PersonQuery {
        limit: Some(1000),
        ..Default::default()
    })?;
    // Never passages are revealed one person at a time.
    let mut ties = Vec::new();
    let mut facts = Vec::new();
    let mut log = Vec::new();
    for p in &people.items {
        ties.push(s.tie_list(TieQuery {
            person_id: Some(p.id),
            reveal_never: Some(true),
        })?);
        facts.push(s.fact_list(FactQuery {
            person_id: p.id,
            reveal_never: Some(true),
        })?);
        log.push(s.interaction_list(InteractionQuery {
            person_id: Some(p.id),
            reveal_never: Some(true),
            limit: Some(1000),
        })?);
    }
    serde_json::to_string_pretty(&(people, ties, facts, log, s.settings_get(Empty {})?))
        .map_err(|e| ApiError::internal(e.to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn a_backup_restores_into_an_empty_database_as_it_was(plan in plan()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let now = DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default();
        let fail = |e: ApiError| TestCaseError::fail(format!("{:?}: {}", e.kind, e.message));
        let original = Sphere::open_as_of(&dir.path().join("a.db"), now).map_err(fail)?;
        build(&original, &plan, now).map_err(fail)?;
        let first = original.backup_export(Empty {}).map_err(fail)?;

        // Through JSON text, as a file or the UI carries it.
        let text = serde_json::to_string(&first).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let read: Backup = serde_json::from_str(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let copy = Sphere::open_as_of(&dir.path().join("b.db"), now).map_err(fail)?;
        let counts = copy.backup_restore(read).map_err(fail)?;
        prop_assert_eq!(counts.people as usize, first.people.len());
        prop_assert_eq!(counts.relationships as usize, first.relationships.len());

        let mut second = copy.backup_export(Empty {}).map_err(fail)?;
        second.exported_at = first.exported_at;
        prop_assert_eq!(&second, &first);
        prop_assert_eq!(views(&copy).map_err(fail)?, views(&original).map_err(fail)?);
    }
}

fn small_world() -> Result<(Sphere, Backup), ApiError> {
    let s = Sphere::open_in_memory()?;
    let me = s.person_create(PersonInput {
        first_name: "Ada".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let dana = s.person_create(PersonInput {
        first_name: "Dana".into(),
        notes: Some("Her daughter Emma plays soccer.".into()),
        ..Default::default()
    })?;
    s.tie_create(RelationshipInput {
        person_a: me.id,
        person_b: dana.id,
        kind: TieKind::Client,
        since: None,
        how_met: None,
        strength_override: Some(0.7),
        override_reason: Some("college roommates".into()),
    })?;
    s.interaction_log(InteractionInput {
        occurred_at: Utc::now() - Duration::days(3),
        kind: InteractionKind::Meal,
        participants: vec![me.id, dana.id],
        initiator_id: Some(me.id),
        note: None,
        outcome: None,
    })?;
    s.fact_create(FactInput {
        person_id: dana.id,
        category: "children".into(),
        value: "Emma, 9".into(),
        ..Default::default()
    })?;
    let backup = s.backup_export(Empty {})?;
    Ok((s, backup))
}

#[test]
fn a_backup_is_full_never_facts_included() -> TestResult {
    let (_, b) = small_world()?;
    assert_eq!(b.format, "sphere-backup");
    assert_eq!(b.version, 1);
    assert_eq!(
        b.schema_version as usize,
        sphere_store::schema::LATEST_VERSION,
        "a backup says which schema wrote it"
    );
    assert_eq!(b.facts.len(), 1);
    assert_eq!(b.facts[0].value, "Emma, 9", "a backup keeps never facts");
    assert!(
        b.people[1].notes.contains("Emma"),
        "and never passages of notes"
    );
    let tie = &b.relationships[0];
    assert_eq!(tie.relationship.strength_override, Some(0.7));
    assert_eq!(tie.summary.as_ref().map(|s| s.n_shared), Some(1));
    // The same through dispatch (the HTTP server's path) and JSON.
    let v = sphere_api::Sphere::open_in_memory()?;
    let counts = v.dispatch("backup_restore", serde_json::to_value(&b)?)?;
    assert_eq!(counts["people"], 2);
    assert_eq!(counts["interactions"], 1);
    // A backup from an earlier Sphere, with the dismissed pairs it carried, still restores.
    let mut older = serde_json::to_value(&b)?;
    older["duplicates_dismissed"] = serde_json::json!([
        { "person_a": 1, "person_b": 2, "created_at": "2026-01-01T00:00:00Z" }
    ]);
    let w = sphere_api::Sphere::open_in_memory()?;
    let counts = w.dispatch("backup_restore", older)?;
    assert_eq!(counts["people"], 2, "an older backup restores whole");
    Ok(())
}

#[test]
fn a_restore_into_a_database_with_records_is_refused_and_writes_nothing() -> TestResult {
    let (s, b) = small_world()?;
    let other = Sphere::open_in_memory()?;
    other.org_create(OrganizationInput {
        name: "Acme Corporation".into(),
        ..Default::default()
    })?;
    let before = other.backup_export(Empty {})?;
    let e = other.backup_restore(b.clone()).expect_err("not empty");
    assert_eq!(e.kind, ErrorKind::Conflict);
    assert!(e.message.contains("empty database"), "{}", e.message);
    let mut after = other.backup_export(Empty {})?;
    after.exported_at = before.exported_at;
    assert_eq!(after, before, "nothing written");
    // Nor into the database it came from.
    let e = s.backup_restore(b).expect_err("not empty");
    assert_eq!(e.kind, ErrorKind::Conflict);
    Ok(())
}

/// Restoring `b` into a fresh database fails on `field` with a message containing `words`,
/// and leaves the database empty.
fn refused(b: Backup, field: &str, words: &str) -> TestResult {
    let s = Sphere::open_in_memory()?;
    let e = s.backup_restore(b).expect_err("a bad backup");
    assert_eq!(e.kind, ErrorKind::InvalidInput, "{e:?}");
    assert_eq!(e.field.as_deref(), Some(field), "{e:?}");
    assert!(
        e.message.contains(words),
        "`{}` should say `{words}`",
        e.message
    );
    let info = s.app_info(Empty {})?;
    assert_eq!(
        (
            info.counts.people,
            info.counts.organizations,
            info.counts.relationships,
            info.counts.interactions
        ),
        (0, 0, 0, 0),
        "nothing written"
    );
    Ok(())
}

#[test]
fn a_bad_backup_is_refused_naming_the_table_row_and_field() -> TestResult {
    let (_, b) = small_world()?;

    let mut x = b.clone();
    x.format = "vcard".into();
    refused(x, "format", "sphere-backup")?;

    let mut x = b.clone();
    x.version = 9;
    refused(x, "version", "version 9")?;

    let mut x = b.clone();
    x.relationships[0].relationship.person_b = 4242;
    refused(x, "relationships[0].relationship.person_b", "person 4242")?;

    let mut x = b.clone();
    x.facts[0].category = "star_sign".into();
    refused(x, "facts[0].category", "unknown category `star_sign`")?;

    let mut x = b.clone();
    x.interactions[0].participants.push(77);
    refused(x, "interactions[0].participants[2]", "person 77")?;

    let mut x = b.clone();
    x.people[1].ring = Ring::Centre;
    refused(x, "people[1].ring", "only one person")?;

    let mut x = b.clone();
    x.people.push(x.people[0].clone());
    x.people[2].ring = Ring::Outer;
    refused(x, "people[2].id", "a second person")?;

    let mut x = b.clone();
    x.photos.push(BackupPhoto {
        person_id: x.people[0].id,
        file: "../../etc/passwd".into(),
        updated_at: Utc::now(),
        data: None,
    });
    refused(x, "photos[0].file", "plain file name")?;

    let mut x = b;
    x.photos.push(BackupPhoto {
        person_id: x.people[0].id,
        file: "ada.jpg".into(),
        updated_at: Utc::now(),
        data: Some("not base64!".into()),
    });
    refused(x, "photos[0].data", "not base64")?;
    Ok(())
}

/// Every row passes the checks the API applies when the user types it: a backup can hold
/// nothing the user could not then edit.
#[test]
fn restore_validates_every_row_as_the_api_does() -> TestResult {
    let (_, b) = small_world()?;
    type Breaks = Box<dyn Fn(&mut Backup)>;
    let cases: Vec<(Breaks, &str, &str)> = vec![
        (
            Box::new(|x| x.people[1].first_name = "D".repeat(1_000_000)),
            "people[1].first_name",
            "the limit is 10000",
        ),
        (
            Box::new(|x| x.people[1].notes = "Dana\0".into()),
            "people[1].notes",
            "NUL",
        ),
        (
            Box::new(|x| x.people[1].emails = vec!["dana-at-example".into()]),
            "people[1].emails[0]",
            "not a valid email address",
        ),
        (
            Box::new(|x| x.people[1].phones = vec!["call me".into()]),
            "people[1].phones[0]",
            "not a phone number",
        ),
        (
            Box::new(|x| x.people[1].last_name = "evil\u{202E}gnp.exe".into()),
            "people[1].last_name",
            "U+202E",
        ),
        (
            Box::new(|x| x.people[1].tags = vec!["a,b".into()]),
            "people[1].tags[0]",
            "comma",
        ),
        (
            Box::new(|x| {
                x.people[1].emails = (0..101).map(|i| format!("d{i}@example.com")).collect()
            }),
            "people[1].emails",
            "limit is 100",
        ),
        (
            Box::new(|x| {
                x.interactions[0].occurred_at = "9999-01-01T00:00:00Z".parse().unwrap_or_default()
            }),
            "interactions[0].occurred_at",
            "between 1900 and 2100",
        ),
        (
            Box::new(|x| x.interactions[0].note = "x".repeat(10_001)),
            "interactions[0].note",
            "the limit is 10000",
        ),
        (
            Box::new(|x| x.relationships[0].relationship.how_met = "\u{200B}\u{200B}".into()),
            "relationships[0].how_met",
            "only invisible characters",
        ),
        (
            Box::new(|x| {
                x.relationships[0].relationship.since = NaiveDate::from_ymd_opt(1066, 10, 14)
            }),
            "relationships[0].since",
            "between 1900 and 2100",
        ),
        (
            Box::new(|x| x.facts[0].value = "E".repeat(2_001)),
            "facts[0].value",
            "2,000 characters",
        ),
        (
            Box::new(|x| x.facts[0].learned_on = NaiveDate::from_ymd_opt(2099, 1, 1)),
            "facts[0].learned_on",
            "in the future",
        ),
        (
            Box::new(|x| {
                x.organizations.push(Organization {
                    id: 1,
                    name: "Acme\nInc".into(),
                    domain: String::new(),
                    industry: String::new(),
                    size: String::new(),
                    location: String::new(),
                    created_at: Utc::now(),
                    updated_at: Utc::now(),
                })
            }),
            "organizations[0].name",
            "line break",
        ),
        (
            Box::new(|x| {
                x.people[1].created_at = "0001-01-01T00:00:00Z".parse().unwrap_or_default()
            }),
            "people[1].created_at",
            "between 1900 and 2100",
        ),
    ];
    for (break_it, field, words) in cases {
        let mut x = b.clone();
        break_it(&mut x);
        refused(x, field, words)?;
    }
    // The message names the table, the row and its id.
    let mut x = b.clone();
    x.people[1].first_name = "Dana\u{7}".into();
    let e = Sphere::open_in_memory()?
        .backup_restore(x)
        .expect_err("a bell in a name");
    assert!(
        e.message
            .contains(&format!("people[1] (id {})", b.people[1].id)),
        "{}",
        e.message
    );
    // The untouched backup restores.
    Sphere::open_in_memory()?.backup_restore(b)?;
    Ok(())
}

#[test]
fn malformed_json_names_the_field_through_dispatch() -> TestResult {
    let (_, b) = small_world()?;
    let mut v = serde_json::to_value(&b)?;
    v["relationships"][0]["relationship"]["kind"] = "nemesis".into();
    let s = Sphere::open_in_memory()?;
    let e = s.dispatch("backup_restore", v).expect_err("unknown kind");
    assert_eq!(
        e.field.as_deref(),
        Some("relationships[0].relationship.kind")
    );
    Ok(())
}

#[test]
fn photos_travel_with_the_backup() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = Sphere::open(&dir.path().join("a.db"))?;
    let ada = s.person_create(PersonInput {
        first_name: "Ada".into(),
        ..Default::default()
    })?;
    // No command writes photos yet (address-book imports will): put one in by hand.
    let photos = dir.path().join("a-photos");
    std::fs::create_dir_all(&photos)?;
    std::fs::write(photos.join("ada.jpg"), [0xff, 0xd8, 0xff, 0x00, 0x01])?;
    let mut b = s.backup_export(Empty {})?;
    b.photos.push(BackupPhoto {
        person_id: ada.id,
        file: "ada.jpg".into(),
        updated_at: Utc::now(),
        data: Some("/9j/AAE=".into()),
    });
    let copy = Sphere::open(&dir.path().join("b.db"))?;
    copy.backup_restore(b)?;
    assert_eq!(
        std::fs::read(dir.path().join("b-photos").join("ada.jpg"))?,
        vec![0xff, 0xd8, 0xff, 0x00, 0x01]
    );
    let again = copy.backup_export(Empty {})?;
    assert_eq!(again.photos.len(), 1);
    assert_eq!(again.photos[0].data.as_deref(), Some("/9j/AAE="));
    Ok(())
}
