//! The people list speaks for the user: "last contact" is the user's own last interaction
//! with a person, and someone with no relationship at all is "not connected", not "beyond".

use chrono::{Duration, Utc};
use sphere_api::domain::*;
use sphere_api::*;

use super::warm::{add, log};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn me(s: &Sphere) -> Result<Id, ApiError> {
    Ok(s.person_create(PersonInput {
        first_name: "Me".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?
    .id)
}

fn listed(s: &Sphere, sort: PersonSort) -> Result<Vec<PersonSummary>, ApiError> {
    Ok(s.person_list(PersonQuery {
        sort: Some(sort),
        ..Default::default()
    })?
    .items)
}

#[test]
fn last_contact_is_the_users_own() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = me(&s)?;
    let ada = add(&s, "Ada", None, "")?;
    let bo = add(&s, "Bo", None, "")?;
    let cy = add(&s, "Cy", None, "")?;
    // Ada and Bo meet without me, more recently than I met Ada; Bo never met me.
    log(&s, InteractionKind::Meeting, &[me, ada], 10)?;
    log(&s, InteractionKind::Meeting, &[ada, bo], 1)?;
    log(&s, InteractionKind::Call, &[me, cy], 3)?;
    // A meeting with Bo is planned: it is no contact yet.
    s.interaction_log(InteractionInput {
        occurred_at: Utc::now() + Duration::days(5),
        kind: InteractionKind::Meeting,
        participants: vec![me, bo],
        initiator_id: None,
        note: None,
        outcome: None,
    })?;
    let people = listed(&s, PersonSort::LastContact)?;
    let last = |id: Id| {
        people
            .iter()
            .find(|p| p.id == id)
            .and_then(|p| p.last_contact)
    };
    let days_ago = |id: Id| last(id).map(|t| (Utc::now() - t).num_days());
    assert_eq!(
        days_ago(ada),
        Some(10),
        "Ada's last contact is my meeting with her, not her meeting with Bo"
    );
    assert_eq!(
        last(bo),
        None,
        "Bo only met someone else (and a plan is no contact): never, for me"
    );
    assert_eq!(days_ago(cy), Some(3));
    let order: Vec<Id> = people.iter().filter(|p| p.id != me).map(|p| p.id).collect();
    assert_eq!(
        order,
        vec![cy, ada, bo],
        "sorted by my last contact, newest first, never last"
    );
    Ok(())
}

#[test]
fn without_a_centre_last_contact_is_anyones() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let ada = add(&s, "Ada", None, "")?;
    let bo = add(&s, "Bo", None, "")?;
    log(&s, InteractionKind::Meeting, &[ada, bo], 2)?;
    let people = listed(&s, PersonSort::Name)?;
    assert!(
        people.iter().all(|p| p.last_contact.is_some()),
        "with nobody marked as the user, the list shows each person's last interaction: {people:?}"
    );
    Ok(())
}

#[test]
fn someone_with_no_relationship_is_unconnected_not_beyond() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let me = me(&s)?;
    let ada = add(&s, "Ada", None, "")?;
    let bo = add(&s, "Bo", None, "")?;
    let cy = add(&s, "Cy", None, "")?;
    log(&s, InteractionKind::Meeting, &[me, ada], 3)?;
    s.tie_create(RelationshipInput {
        person_a: ada,
        person_b: bo,
        kind: TieKind::Colleague,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    })?;
    // Cy has no relationship with anyone; Bo is known through Ada.
    let people = listed(&s, PersonSort::Name)?;
    let get = |id: Id| people.iter().find(|p| p.id == id);
    let (bo_row, cy_row) = (get(bo).ok_or("Bo listed")?, get(cy).ok_or("Cy listed")?);
    assert_eq!((bo_row.ring, bo_row.connected), (Ring::Beyond, true));
    assert_eq!((cy_row.ring, cy_row.connected), (Ring::Beyond, false));
    assert_eq!(ring_word(bo_row.ring, bo_row.connected), "beyond");
    assert_eq!(
        ring_word(cy_row.ring, cy_row.connected),
        "unconnected",
        "nobody knows Cy: not 'known through someone'"
    );
    assert!(!s.person_get(DetailRequest::id(cy))?.connected);
    assert!(s.person_get(DetailRequest::id(bo))?.connected);
    let view = s.sphere_view(Empty {})?;
    let drawn = |id: Id| view.people.iter().find(|p| p.id == id).map(|p| p.connected);
    assert_eq!((drawn(bo), drawn(cy)), (Some(true), Some(false)));
    // The filters keep their meaning: beyond and connected is known through someone.
    let ids = |q: PersonQuery| -> Result<Vec<Id>, ApiError> {
        Ok(s.person_list(q)?.items.iter().map(|p| p.id).collect())
    };
    let beyond = ids(PersonQuery {
        ring: Some(Ring::Beyond),
        connected: Some(true),
        ..Default::default()
    })?;
    assert_eq!(beyond, vec![bo]);
    let page = s.person_list(PersonQuery {
        connected: Some(false),
        ..Default::default()
    })?;
    assert_eq!(
        (
            page.items.iter().map(|p| p.id).collect::<Vec<_>>(),
            page.total
        ),
        (vec![cy], 1),
        "the unconnected, counted the same"
    );
    Ok(())
}

#[test]
fn the_command_line_says_unconnected() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    let run = |args: &[&str]| -> Result<String, Box<dyn std::error::Error>> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_sphere"))
            .env("SPHERE_DB", &db)
            .args(args)
            .output()?;
        assert!(out.status.success(), "`sphere {}` failed", args.join(" "));
        Ok(String::from_utf8(out.stdout)?)
    };
    run(&["person", "add", "Me", "--ring", "centre"])?;
    run(&["person", "add", "Cy", "--last", "Alone"])?;
    let list = run(&["person", "list", "--unconnected"])?;
    assert!(
        list.contains("Cy Alone") && list.contains("unconnected") && !list.contains("beyond"),
        "{list}"
    );
    assert!(list.contains("1 of 1 people"), "{list}");
    let show = run(&["person", "show", "Cy Alone"])?;
    assert!(
        show.lines()
            .any(|l| l.trim_start().starts_with("ring") && l.contains("unconnected")),
        "{show}"
    );
    Ok(())
}
