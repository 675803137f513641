//! Keeping in touch, Today and network health, through the command set and the CLI.

mod birthday;
mod cli;
mod compose;
mod health;
mod rules;

use chrono::{Duration, Utc};
use sphere_api::domain::cadence::KeepInTouchStatus as S;
use sphere_api::domain::*;
use sphere_api::*;

pub(super) type TestResult = Result<(), Box<dyn std::error::Error>>;

pub(super) fn person(
    s: &Sphere,
    first: &str,
    ring: Option<Ring>,
    tags: &[&str],
) -> Result<Id, ApiError> {
    Ok(s.person_create(PersonInput {
        first_name: first.into(),
        last_name: Some("Test".into()),
        ring,
        tags: Some(tags.iter().map(|t| t.to_string()).collect()),
        ..Default::default()
    })?
    .id)
}

/// Logs an interaction `days_ago` (negative: planned) between `people`, started by `by`.
pub(super) fn touch(
    s: &Sphere,
    kind: InteractionKind,
    people: &[Id],
    by: Option<Id>,
    days_ago: i64,
) -> Result<(), ApiError> {
    s.interaction_log(InteractionInput {
        occurred_at: Utc::now() - Duration::days(days_ago) - Duration::hours(1),
        kind,
        participants: people.to_vec(),
        initiator_id: by,
        note: None,
        outcome: None,
    })?;
    Ok(())
}

pub(super) fn status_of(s: &Sphere, id: Id) -> Result<KeepInTouch, Box<dyn std::error::Error>> {
    let list = s.cadence_list(CadenceQuery {
        status: None,
        person: Some(id),
    })?;
    Ok(list.items.into_iter().next().ok_or("no standing")?)
}

#[test]
fn keep_in_touch_through_the_commands() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Me", Some(Ring::Centre), &[])?;
    let ana = person(&s, "Ana", Some(Ring::Inner), &[])?;
    let bo = person(&s, "Bo", Some(Ring::Outer), &[])?;
    let cy = person(&s, "Cy", Some(Ring::Outer), &["Board"])?;
    let dee = person(&s, "Dee", Some(Ring::Outer), &[])?;
    let eve = person(&s, "Eve", Some(Ring::Outer), &[])?;
    use InteractionKind as K;
    touch(&s, K::Meeting, &[me, ana], None, 70)?;
    touch(&s, K::Call, &[me, bo], None, 100)?;
    touch(&s, K::Meeting, &[me, cy], None, 20)?;
    touch(&s, K::Meeting, &[me, dee], None, 100)?;
    touch(&s, K::Email, &[me, dee], Some(me), 95)?;
    touch(&s, K::Call, &[me, eve], None, 100)?;
    touch(&s, K::Meeting, &[me, eve], None, -3)?;

    assert_eq!(
        status_of(&s, ana)?.status,
        S::Overdue,
        "inner: 70 > 60 days"
    );
    assert_eq!(status_of(&s, bo)?.status, S::Due, "outer: 100 > 90 days");
    assert_eq!(
        status_of(&s, cy)?.status,
        S::Fresh,
        "outer ring's 90 days: fresh"
    );
    let d = status_of(&s, dee)?;
    assert_eq!(
        d.status,
        S::Fresh,
        "your email moved the due date by 45 days: {d:?}"
    );
    assert!(d.attempt_since.is_some() && d.reason.contains("no answer yet"));
    assert_eq!(status_of(&s, eve)?.status, S::Booked, "a meeting in 3 days");

    // A tag's cadence (any case) applies over the ring's.
    let rules = s.cadence_set(CadenceSet {
        tag: Some("board".into()),
        ideal_days: Some(7),
        max_days: Some(14),
        ..Default::default()
    })?;
    assert_eq!(rules.tags.len(), 1);
    let c = status_of(&s, cy)?;
    assert_eq!(c.status, S::Overdue, "the board tag: 20 > 14 days");
    assert_eq!(c.source_label, "from the tag “Board”");

    // A person's own cadence over the ring's, then cleared.
    s.cadence_set(CadenceSet {
        person: Some(bo),
        ideal_days: Some(200),
        max_days: Some(300),
        ..Default::default()
    })?;
    let b = status_of(&s, bo)?;
    assert!(b.own && b.status == S::Fresh, "{b:?}");
    s.cadence_set(CadenceSet {
        person: Some(bo),
        clear: Some(true),
        ..Default::default()
    })?;
    assert_eq!(status_of(&s, bo)?.status, S::Due, "back to the ring's");

    // The ring's default changed in Settings.
    s.cadence_set(CadenceSet {
        ring: Some(Ring::Inner),
        ideal_days: Some(60),
        max_days: Some(90),
        ..Default::default()
    })?;
    assert_eq!(status_of(&s, ana)?.status, S::Due);
    let rules = s.cadence_set(CadenceSet {
        ring: Some(Ring::Inner),
        clear: Some(true),
        ..Default::default()
    })?;
    let inner = rules
        .rings
        .iter()
        .find(|r| r.ring == Ring::Inner)
        .ok_or("inner")?;
    assert!(!inner.custom && inner.cadence == inner.default);

    // Filter by status.
    let overdue = s.cadence_list(CadenceQuery {
        status: Some(S::Overdue),
        person: None,
    })?;
    let names: Vec<&str> = overdue
        .items
        .iter()
        .map(|k| k.person.display_name.as_str())
        .collect();
    assert_eq!(names, ["Ana Test", "Cy Test"]);
    assert!(
        !overdue
            .items
            .iter()
            .chain(s.cadence_list(CadenceQuery::default())?.items.iter())
            .any(|k| k.person.id == me),
        "you are not on your own list"
    );

    // Snooze, then pause and resume.
    let tomorrow = (Utc::now() + Duration::days(2)).date_naive();
    let k = s.keep_in_touch_snooze(SnoozeRequest {
        person_id: ana,
        until: Some(tomorrow),
    })?;
    assert_eq!(k.status, S::Snoozed);
    let k = s.keep_in_touch_snooze(SnoozeRequest {
        person_id: ana,
        until: None,
    })?;
    assert_eq!(k.status, S::Overdue, "the snooze ended");
    assert_eq!(
        s.keep_in_touch_pause(PauseRequest {
            person_id: cy,
            paused: true
        })?
        .status,
        S::Paused
    );
    assert_eq!(
        s.keep_in_touch_pause(PauseRequest {
            person_id: cy,
            paused: false
        })?
        .status,
        S::Overdue
    );

    // A two-way touch now resets it.
    touch(&s, K::Call, &[me, ana], None, 0)?;
    assert_eq!(status_of(&s, ana)?.status, S::Fresh);
    Ok(())
}

#[test]
fn bad_cadence_input_names_the_field_and_writes_nothing() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let ana = person(&s, "Ana", Some(Ring::Inner), &[])?;
    let cases: Vec<(CadenceSet, &str)> = vec![
        (CadenceSet::default(), "person"),
        (
            CadenceSet {
                person: Some(ana),
                ideal_days: Some(30),
                max_days: Some(10),
                ..Default::default()
            },
            "max_days",
        ),
        (
            CadenceSet {
                person: Some(ana),
                ideal_days: Some(30),
                ..Default::default()
            },
            "max_days",
        ),
        (
            CadenceSet {
                person: Some(ana),
                tag: Some("x".into()),
                off: Some(true),
                ..Default::default()
            },
            "person",
        ),
        (
            CadenceSet {
                tag: Some("x".into()),
                off: Some(true),
                ..Default::default()
            },
            "off",
        ),
        (
            CadenceSet {
                ring: Some(Ring::Centre),
                ideal_days: Some(3),
                max_days: Some(4),
                ..Default::default()
            },
            "ring",
        ),
        (
            CadenceSet {
                person: Some(ana),
                off: Some(true),
                clear: Some(true),
                ..Default::default()
            },
            "clear",
        ),
        (
            CadenceSet {
                today_limit: Some(0),
                ..Default::default()
            },
            "today_limit",
        ),
    ];
    for (set, field) in cases {
        let e = s.cadence_set(set.clone()).err().ok_or("refused")?;
        assert_eq!(e.kind, ErrorKind::InvalidInput, "{set:?}: {e:?}");
        assert_eq!(e.field.as_deref(), Some(field), "{set:?}: {}", e.message);
    }
    let e = s
        .cadence_set(CadenceSet {
            person: Some(9999),
            ideal_days: Some(3),
            max_days: Some(4),
            ..Default::default()
        })
        .err()
        .ok_or("no such person")?;
    assert_eq!(e.kind, ErrorKind::NotFound);
    let rules = s.cadence_rules(Empty {})?;
    assert!(rules.tags.is_empty() && rules.rings.iter().all(|r| !r.custom));
    assert_eq!(rules.today_limit, 7);
    assert_eq!(status_of(&s, ana)?.source_label, "the inner ring's");
    let past = (Utc::now() - Duration::days(1)).date_naive();
    let e = s
        .keep_in_touch_snooze(SnoozeRequest {
            person_id: ana,
            until: Some(past),
        })
        .err()
        .ok_or("a snooze into the past")?;
    assert_eq!(e.field.as_deref(), Some("until"));
    // A snooze past ten years (or the end of the calendar) is refused, not stored unreadable.
    for far in [
        (Utc::now() + Duration::days(3_700)).date_naive(),
        chrono::NaiveDate::MAX,
    ] {
        let e = s
            .keep_in_touch_snooze(SnoozeRequest {
                person_id: ana,
                until: Some(far),
            })
            .err()
            .ok_or("a snooze of more than ten years")?;
        assert_eq!(e.field.as_deref(), Some("until"), "{}", e.message);
        assert!(e.message.contains("pause instead"), "{}", e.message);
    }
    assert!(
        s.cadence_list(CadenceQuery::default()).is_ok(),
        "nothing unreadable was written"
    );
    Ok(())
}

#[test]
fn a_backup_keeps_cadences_snoozes_and_pauses() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = person(&s, "Me", Some(Ring::Centre), &[])?;
    let ana = person(&s, "Ana", Some(Ring::Inner), &["board"])?;
    let bo = person(&s, "Bo", Some(Ring::Outer), &[])?;
    touch(&s, InteractionKind::Meeting, &[me, ana], None, 70)?;
    touch(&s, InteractionKind::Meeting, &[me, bo], None, 70)?;
    s.cadence_set(CadenceSet {
        tag: Some("board".into()),
        ideal_days: Some(10),
        max_days: Some(20),
        today_limit: Some(5),
        ..Default::default()
    })?;
    s.cadence_set(CadenceSet {
        ring: Some(Ring::Beyond),
        ideal_days: Some(365),
        max_days: Some(730),
        ..Default::default()
    })?;
    s.keep_in_touch_pause(PauseRequest {
        person_id: bo,
        paused: true,
    })?;
    s.keep_in_touch_snooze(SnoozeRequest {
        person_id: ana,
        until: Some((Utc::now() + Duration::days(3)).date_naive()),
    })?;
    let backup = s.backup_export(Empty {})?;
    let copy = Sphere::open_in_memory()?;
    copy.backup_restore(backup)?;
    assert_eq!(copy.cadence_rules(Empty {})?, s.cadence_rules(Empty {})?);
    assert_eq!(copy.cadence_rules(Empty {})?.today_limit, 5);
    assert_eq!(status_of(&copy, ana)?.status, S::Snoozed);
    assert_eq!(status_of(&copy, bo)?.status, S::Paused);
    Ok(())
}
