//! Strength is right about time: planned interactions count when their time comes.

use chrono::{DateTime, Duration, TimeZone, Utc};
use sphere_api::domain::*;
use sphere_api::*;

use super::warm::{add, log, tie};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

#[test]
fn a_planned_meal_counts_when_its_time_comes_not_before() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("sphere.db");
    let (tie_id, before) = {
        let s = Sphere::open(&path)?;
        let me = add(&s, "Me", None, "")?;
        let ada = add(&s, "Ada", None, "")?;
        let t = tie(&s, me, ada, TieKind::Client)?;
        for d in [3, 10, 17, 24, 31] {
            log(&s, InteractionKind::Meeting, &[me, ada], d)?;
        }
        let before = s.tie_get(DetailRequest::id(t))?;
        assert!(before.strength > 0.8, "a strong client tie: {before:?}");
        s.interaction_log(InteractionInput {
            occurred_at: at(2030, 1, 1),
            kind: InteractionKind::Meal,
            participants: vec![me, ada],
            initiator_id: None,
            note: None,
            outcome: None,
        })?;
        let after = s.tie_get(DetailRequest::id(t))?;
        assert!(
            (after.strength - before.strength).abs() < 1e-6,
            "a meal planned for 2030 changes nothing today: {} then {}",
            before.strength,
            after.strength
        );
        assert_eq!(
            after.last_contact, before.last_contact,
            "the last contact is the last meeting held, not the plan"
        );
        assert_eq!(after.shared_interactions, before.shared_interactions);
        assert!(
            !after.evidence.contains("meal") && after.evidence.contains("last contact 3 days ago"),
            "{}",
            after.evidence
        );
        // A meeting held today is added on top, still without the plan.
        log(&s, InteractionKind::Meeting, &[me, ada], 0)?;
        let today = s.tie_get(DetailRequest::id(t))?;
        assert_eq!(today.shared_interactions, before.shared_interactions + 1);
        (t, before)
    };
    // Valued after the meal, the meal counts (its summary is recomputed on open).
    let later = Sphere::open_as_of(&path, at(2030, 1, 2))?;
    let view = later.tie_get(DetailRequest::id(tie_id))?;
    assert_eq!(view.last_contact, Some(at(2030, 1, 1)));
    assert_eq!(view.shared_interactions, before.shared_interactions + 2);
    assert!(
        view.evidence.contains("1 meal") && view.evidence.contains("last contact yesterday"),
        "{}",
        view.evidence
    );
    assert!(
        view.strength > 0.4,
        "a meal yesterday is fresh evidence: {}",
        view.strength
    );
    // Valued before it, it still does not.
    drop(later);
    let _ = Duration::days(1);
    Ok(())
}

#[test]
fn meetings_are_mutual_on_every_path_in() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let day = (Utc::now() - Duration::days(3)).format("%Y-%m-%dT%H:%M:%SZ");
    let csv = format!(
        "from,to,at,kind\nann@x.test,ben@x.test,{day},meeting\nann@x.test,ben@x.test,{day},meal\n\
         ann@x.test,cat@x.test,{day},email\nann@x.test,cat@x.test,{day},email\n"
    );
    s.import_log(ImportLogRequest { csv, source: None })?;
    let ties = s.tie_list(TieQuery::default())?;
    let evidence = |names: &str| -> String {
        ties.iter()
            .find(|t| {
                let pair =
                    format!("{} {}", t.this.display_name, t.other.display_name).to_lowercase();
                names.split(' ').all(|n| pair.contains(n))
            })
            .map(|t| t.evidence.clone())
            .unwrap_or_default()
    };
    let meetings = evidence("ann ben");
    assert!(
        meetings.contains("1 meal, 1 meeting") && !meetings.contains("one-way"),
        "a meeting imported with a `from` is still two-way: {meetings}"
    );
    assert!(
        evidence("ann cat").contains("mostly one-way"),
        "unanswered emails stay one-way: {}",
        evidence("ann cat")
    );
    // Logged with an initiator: the same.
    let a = add(&s, "Dan", None, "")?;
    let b = add(&s, "Eli", None, "")?;
    let t = tie(&s, a, b, TieKind::Friend)?;
    for d in [1, 2, 3] {
        s.interaction_log(InteractionInput {
            occurred_at: Utc::now() - Duration::days(d),
            kind: InteractionKind::Meeting,
            participants: vec![a, b],
            initiator_id: Some(a),
            note: None,
            outcome: None,
        })?;
    }
    let view = s.tie_get(DetailRequest::id(t))?;
    assert!(!view.evidence.contains("one-way"), "{}", view.evidence);
    let shared = Sphere::open_in_memory()?;
    let c = add(&shared, "Dan", None, "")?;
    let d = add(&shared, "Eli", None, "")?;
    let u = tie(&shared, c, d, TieKind::Friend)?;
    for n in [1, 2, 3] {
        log(&shared, InteractionKind::Meeting, &[c, d], n)?;
    }
    let same = shared.tie_get(DetailRequest::id(u))?;
    assert!(
        (same.strength - view.strength).abs() < 0.01,
        "who set a meeting up does not weaken it: {} vs {}",
        view.strength,
        same.strength
    );
    Ok(())
}

#[test]
fn logging_with_a_new_person_relates_you() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = s.person_create(PersonInput {
        first_name: "Me".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let new = add(&s, "Nia", None, "")?;
    log(&s, InteractionKind::Meeting, &[me.id, new], 2)?;
    let ties = s.tie_list(TieQuery {
        person_id: Some(new),
        ..Default::default()
    })?;
    assert_eq!(ties.len(), 1, "logging a meeting relates the two: {ties:?}");
    let t = &ties[0];
    assert_eq!(t.relationship.kind, TieKind::Acquaintance);
    assert_eq!(
        t.relationship.since,
        Some((Utc::now() - Duration::days(2)).date_naive()),
        "known since the meeting"
    );
    assert_eq!(t.shared_interactions, 1, "the meeting counts once");
    let person = s.person_get(DetailRequest::id(new))?;
    assert_eq!(
        person.person.ring,
        Ring::Outer,
        "someone you met is not beyond"
    );
    let paths = s.path_find(PathQuery {
        to_person: Some(new),
        ..Default::default()
    })?;
    assert!(!paths.paths.is_empty(), "a path to them exists: {paths:?}");
    Ok(())
}

#[test]
fn dates_outside_the_sane_years_are_refused_on_every_dated_input() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let a = add(&s, "Ann", None, "")?;
    let b = add(&s, "Ben", None, "")?;
    for year in [1, 1899, 2101, 9999] {
        let err = s
            .interaction_log(InteractionInput {
                occurred_at: at(year, 1, 1),
                kind: InteractionKind::Meeting,
                participants: vec![a, b],
                initiator_id: None,
                note: None,
                outcome: None,
            })
            .err()
            .ok_or("a year out of range is refused")?;
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(err.field.as_deref(), Some("occurred_at"), "{err:?}");
        let err = s
            .tie_create(RelationshipInput {
                person_a: a,
                person_b: b,
                kind: TieKind::Friend,
                since: chrono::NaiveDate::from_ymd_opt(year, 1, 1),
                how_met: None,
                strength_override: None,
                override_reason: None,
            })
            .err()
            .ok_or("a since out of range is refused")?;
        assert_eq!(err.field.as_deref(), Some("since"), "{err:?}");
    }
    // Past year 9999 the JSON itself cannot be read: still the field's invalid input.
    let err = s
        .dispatch(
            "interaction_log",
            serde_json::json!({
                "occurred_at": "+10000-01-01T00:00:00Z",
                "kind": "meeting",
                "participants": [a, b],
            }),
        )
        .err()
        .ok_or("year 10000 is refused")?;
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("occurred_at"), "{err:?}");
    // The edges of the window are accepted.
    for year in [1900, 2100] {
        s.interaction_log(InteractionInput {
            occurred_at: at(year, 6, 1),
            kind: InteractionKind::Meeting,
            participants: vec![a, b],
            initiator_id: None,
            note: None,
            outcome: None,
        })?;
    }
    Ok(())
}
