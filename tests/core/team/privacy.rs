//! The property that matters most: NO outbound change ever carries a local-only row. Random
//! files hold private marker words (`zqx…`) everywhere a user keeps private things — never
//! and other facts, notes, interaction notes, how-met texts with never clauses, ledger
//! entries, a target's note, cadences, mail and calendar rows — with random share levels and
//! never-share lists. The device is linked to a team whose server cannot be reached (no
//! server is needed): a sync queues what would leave, and every queued change is read as JSON.

use std::collections::BTreeMap;

use chrono::Duration;
use proptest::prelude::*;
use serde_json::Value;
use sphere_api::domain::account::TargetInput;
use sphere_api::domain::team::{Entity, ShareLevel};
use sphere_api::domain::*;
use sphere_api::*;

use sphere_api::domain::team::Change;
use sphere_store::team as store_team;

use super::*;

/// Links `d` to a team on a server that cannot be reached (a closed port), at `level`, as a
/// join would: a sync then queues what would leave and keeps it in the outbox.
fn link_offline(d: &Device, level: ShareLevel) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = sphere_store::Store::open(&d.path())?;
    let link = store_team::Link {
        server: "http://127.0.0.1:9".into(),
        token: "t".repeat(32),
        team_id: "1".repeat(32),
        team_name: "Offline team".into(),
        salt: "offline-salt".into(),
        member_id: "2".repeat(32),
        member_name: "Mia".into(),
        admin: true,
        share_level: level,
        members: Vec::new(),
        cursor: 0,
        clock: None,
        last_sync: None,
        joined_at: t0(),
    };
    store.write(|tx| Ok(store_team::set_link(tx, &link)?))?;
    Ok(())
}

/// The changes waiting in `d`'s outbox, as JSON.
fn outbox(d: &Device) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let store = sphere_store::Store::open(&d.path())?;
    let changes = store_team::outbox(store.db(), usize::MAX >> 1)?;
    Ok(changes
        .iter()
        .map(serde_json::to_string)
        .collect::<Result<_, _>>()?)
}

fn parse(json: &str) -> Option<Change> {
    serde_json::from_str(json).ok()
}

const NAMES: &[(&str, &str)] = &[
    ("Ana", "Quintero"),
    ("Ben", "Okafor"),
    ("Cleo", "Varga"),
    ("Dmitri", "Holm"),
    ("Esme", "Brandt"),
    ("Farid", "Nakamura"),
    ("Greta", "Lindqvist"),
    ("Hugo", "Ferreira"),
];

/// How they met, with a never clause holding the marker `{m}` (the sensitivity engine finds
/// each of these cues).
const NEVER_HOW_MET: &[&str] = &[
    "We met at the Lisbon fair; her daughter {m} plays soccer",
    "Introduced at a conference, and his wife {m} is pregnant",
    "Met at a conference; she goes to church {m} every sunday",
    "Met at a trade show. He is going through chemotherapy {m}",
];

#[derive(Debug, Clone)]
struct PersonSpec {
    email: bool,
    org: Option<usize>,
    never: bool,
    /// 0: no tie with the user; 1: a tie, plain how-met; 2: a tie whose how-met has a never
    /// clause.
    tie: u8,
    met_template: usize,
    interaction: bool,
}

#[derive(Debug, Clone)]
struct FileSpec {
    people: Vec<PersonSpec>,
    level: u8,
    target: bool,
}

fn person_spec() -> impl Strategy<Value = PersonSpec> {
    (
        any::<bool>(),
        proptest::option::of(0usize..2),
        proptest::bool::weighted(0.3),
        0u8..3,
        0usize..NEVER_HOW_MET.len(),
        any::<bool>(),
    )
        .prop_map(
            |(email, org, never, tie, met_template, interaction)| PersonSpec {
                email,
                org,
                never,
                tie,
                met_template,
                interaction,
            },
        )
}

fn file_spec() -> impl Strategy<Value = FileSpec> {
    (
        proptest::collection::vec(person_spec(), 1..NAMES.len()),
        0u8..3,
        any::<bool>(),
    )
        .prop_map(|(people, level, target)| FileSpec {
            people,
            level,
            target,
        })
}

/// Builds the file, links it offline, syncs twice; checks every change queued.
fn check(spec: &FileSpec) -> Result<(), Box<dyn std::error::Error>> {
    let d = Device::at(0)?;
    let now = t0();
    let mut marker = 0;
    let mut next = || {
        marker += 1;
        format!("zqx{marker}")
    };
    let me = d.me("Mia")?;
    let orgs = [
        d.org_create(OrganizationInput {
            name: "Acme Industries".into(),
            domain: Some("acme.example".into()),
            ..Default::default()
        })?
        .id,
        d.org_create(OrganizationInput {
            name: "Borealis Labs".into(),
            ..Default::default()
        })?
        .id,
    ];
    let mut never_names = Vec::new();
    let mut ids = Vec::new();
    for (i, p) in spec.people.iter().enumerate() {
        let (first, last) = NAMES[i];
        let id = d
            .person_create(PersonInput {
                first_name: first.into(),
                last_name: Some(last.into()),
                emails: p
                    .email
                    .then(|| vec![format!("{}.{}@mail.example", first, last).to_lowercase()]),
                title: Some("Director".into()),
                organization_id: p.org.map(|o| orgs[o]),
                notes: Some(format!("private note {}", next())),
                phones: Some(vec!["+1 555 0100".into()]),
                ..Default::default()
            })?
            .id;
        ids.push(id);
        for (category, value) in [("health", next()), ("hobbies", next())] {
            d.fact_create(FactInput {
                person_id: id,
                category: category.into(),
                value: format!("fact {value}"),
                source: None,
                learned_on: None,
                told_by: None,
            })?;
        }
        if p.tie > 0 {
            let how_met = if p.tie == 2 {
                NEVER_HOW_MET[p.met_template].replace("{m}", &next())
            } else {
                "Met at the Lisbon fair".to_string()
            };
            d.tie_create(RelationshipInput {
                person_a: me,
                person_b: id,
                kind: TieKind::Friend,
                since: None,
                how_met: Some(how_met),
                strength_override: None,
                override_reason: None,
            })?;
        }
        if p.interaction {
            d.interaction_log(InteractionInput {
                occurred_at: now - Duration::days(20),
                kind: InteractionKind::Meeting,
                participants: vec![me, id],
                initiator_id: None,
                note: Some(format!("lunch notes {}", next())),
                outcome: None,
            })?;
        }
        d.ledger_add(LedgerInput {
            person_id: id,
            direction: sphere_api::domain::ledger::Direction::Deposit,
            kind: sphere_api::domain::ledger::LedgerKind::Favour,
            weight: None,
            note: Some(format!("favour {}", next())),
            at: Some(now - Duration::days(3)),
        })?;
        d.cadence_set(CadenceSet {
            person: Some(id),
            ideal_days: Some(30),
            max_days: Some(60),
            ..Default::default()
        })?;
        if p.never {
            d.team_never_share(TeamNeverShareRequest {
                person_id: id,
                never: true,
            })?;
            never_names.push(format!("{first} {last}"));
        }
    }
    if spec.target {
        d.target_set(TargetInput {
            organization_id: orgs[0],
            owner_id: Some(me),
            tier: Some(1),
            note: Some(format!(
                "Renewal in the third quarter; his wife {} is pregnant",
                next()
            )),
        })?;
    }
    // Mail and calendar rows holding markers.
    d.settings_update(SettingsInput {
        keep_subjects: Some(true),
        my_addresses: Some(vec!["mia@self.example".into()]),
        ..Default::default()
    })?;
    let dir = tempfile::tempdir()?;
    let mbox = dir.path().join("mail.mbox");
    let subject = next();
    std::fs::write(
        &mbox,
        format!(
            "From x Mon Jan  1 00:00:00 2024\nMessage-ID: <{subject}@mail.example>\n\
             Date: Mon, 4 May 2026 09:00:00 +0000\nFrom: Xavier Mailer <xavier.mailer@mail.example>\n\
             To: mia@self.example\nSubject: {subject} about the offsite\n\n{subject} body\n"
        ),
    )?;
    d.mail_import(MailImportRequest {
        path: mbox.display().to_string(),
        job: None,
    })?;
    let ics = dir.path().join("cal.ics");
    let summary = next();
    std::fs::write(
        &ics,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:{summary}\r\n\
             DTSTAMP:20260501T090000Z\r\nDTSTART:20260510T100000Z\r\nDURATION:PT1H\r\n\
             SUMMARY:{summary} board prep\r\nORGANIZER:mailto:mia@self.example\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:yolanda.invitee@mail.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    )?;
    d.calendar_import(CalendarImportRequest {
        path: ics.display().to_string(),
        job: None,
    })?;

    let level = [ShareLevel::Existence, ShareLevel::Band, ShareLevel::HowMet][spec.level as usize];
    link_offline(&d, level)?;
    let first = d.sync()?;
    if first.error.is_none() || first.pushed != 0 {
        return Err(format!("the closed port cannot have taken anything: {first:?}").into());
    }
    let received = outbox(&d)?;
    if received.is_empty() {
        return Err("nothing was shared at all".into());
    }
    for json in &received {
        let lower = json.to_lowercase();
        if lower.contains("zqx") {
            return Err(format!("a private marker left the device: {json}").into());
        }
        if json.contains('@') {
            return Err(format!("an address left the device: {json}").into());
        }
        for name in &never_names {
            if json.contains(name.as_str()) {
                return Err(format!("{name} is never shared, yet: {json}").into());
            }
        }
        let change = parse(json).ok_or("a change the protocol reads")?;
        let allowed = sphere_api::domain::team::fields_of(change.entity);
        for field in change.fields.keys() {
            if !allowed.contains(&field.as_str()) {
                return Err(format!("{field} is not a shared field: {json}").into());
            }
        }
        if change.entity == Entity::Knows {
            let set = |f: &str| change.fields.get(f).is_some_and(|v| !v.is_null());
            if level == ShareLevel::Existence && (set("band") || set("last_two_way")) {
                return Err(format!("a band or month at existence level: {json}").into());
            }
            if level != ShareLevel::HowMet && set("how_met") {
                return Err(format!("how they met below how_met: {json}").into());
            }
        }
    }
    // Nothing changed: nothing goes out.
    let second = d.sync()?;
    if second.pushed != 0 || outbox(&d)? != received {
        return Err(format!("a second run with nothing changed sent {second:?}").into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_outbound_change_ever_carries_a_local_only_row(spec in file_spec()) {
        let result = check(&spec).map_err(|e| e.to_string());
        prop_assert!(result.is_ok(), "{:?}", result);
    }
}

#[test]
fn never_shared_names_are_taken_out_of_how_met_and_notes() -> TestResult {
    let d = Device::at(0)?;
    let me = d.me("Mia")?;
    let bob = d.person("Bob", "Hidden", None, "")?;
    let ana = d.person("Ana", "Shown", None, "")?;
    d.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: true,
    })?;
    d.tie_create(RelationshipInput {
        person_a: me,
        person_b: ana,
        kind: TieKind::Friend,
        since: None,
        how_met: Some("Introduced by Bob Hidden at the fair".into()),
        strength_override: None,
        override_reason: None,
    })?;
    link_offline(&d, ShareLevel::HowMet)?;
    d.sync()?;
    let queued = outbox(&d)?;
    let all = queued.join("\n");
    assert!(!all.contains("Bob Hidden"), "{all}");
    let how_met: BTreeMap<String, Value> = queued
        .iter()
        .filter_map(|j| parse(j))
        .filter(|c| c.entity == Entity::Knows)
        .flat_map(|c| c.fields.into_iter())
        .collect();
    assert_eq!(
        how_met.get("how_met"),
        Some(&Value::String("Introduced by someone at the fair".into()))
    );
    Ok(())
}

#[test]
fn marking_someone_never_shared_takes_back_what_still_waits_to_go() -> TestResult {
    let d = Device::at(0)?;
    let me = d.me("Mia")?;
    let bob = d.person("Bob", "Waiting", None, "")?;
    d.tie_create(RelationshipInput {
        person_a: me,
        person_b: bob,
        kind: TieKind::Friend,
        since: None,
        how_met: Some("met at the fair".into()),
        strength_override: Some(0.8),
        override_reason: Some("old friends".into()),
    })?;
    link_offline(&d, ShareLevel::HowMet)?;
    d.sync()?;
    assert!(
        outbox(&d)?.join("\n").contains("Bob Waiting"),
        "offline, Bob's record waits in the outbox"
    );
    d.team_never_share(TeamNeverShareRequest {
        person_id: bob,
        never: true,
    })?;
    let waiting = outbox(&d)?.join("\n");
    assert!(
        !waiting.contains("Bob Waiting") && !waiting.contains("met at the fair"),
        "nothing about a never-shared person is still waiting to go: {waiting}"
    );
    d.sync()?;
    let again = outbox(&d)?.join("\n");
    assert!(!again.contains("Bob Waiting"), "{again}");
    Ok(())
}

#[test]
fn a_merge_keeps_a_person_never_shared() -> TestResult {
    let d = Device::at(0)?;
    let a = d.person("Bob", "Kept", None, "")?;
    let b = d.person("Bob", "Duplicate", None, "")?;
    d.team_never_share(TeamNeverShareRequest {
        person_id: b,
        never: true,
    })?;
    d.person_merge(sphere_api::MergeRequest { keep: a, merge: b })?;
    let never: Vec<i64> = d
        .team_status(Empty {})?
        .never_share
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(never, vec![a], "the kept record stays never shared");
    Ok(())
}
