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
