//! Real commands through the IPC into SQLite and back.

use serde_json::{Value, json};
use sphere_api::Empty;
use sphere_api::domain::PersonQuery;

use crate::{Shell, TestResult};

#[test]
fn a_created_person_is_listed() -> TestResult {
    let shell = Shell::start()?;
    let created = shell
        .invoke(
            "person_create",
            json!({ "first_name": "Grace", "last_name": "Hopper", "title": "Rear Admiral" }),
        )?
        .map_err(|e| format!("person_create should succeed: {e}"))?;
    assert_eq!(created["display_name"], "Grace Hopper");
    assert!(
        created["id"].is_i64(),
        "the new person has an id: {created}"
    );

    let page = shell
        .invoke("person_list", json!({ "search": "hopper" }))?
        .map_err(|e| format!("person_list should succeed: {e}"))?;
    assert_eq!(page["total"], 1, "exactly the one person matches: {page}");
    assert_eq!(page["items"][0]["id"], created["id"]);
    assert_eq!(page["items"][0]["display_name"], "Grace Hopper");
    assert_eq!(page["items"][0]["title"], "Rear Admiral");

    let stored = shell.sphere.person_list(PersonQuery::default())?;
    assert_eq!(stored.total, 1, "the person is in the database itself");
    Ok(())
}

#[test]
fn a_blank_first_name_is_invalid_input_and_nothing_is_written() -> TestResult {
    let shell = Shell::start()?;
    let error = shell
        .invoke(
            "person_create",
            json!({ "first_name": "   ", "last_name": "Hopper" }),
        )?
        .err()
        .ok_or("a blank first name must be refused")?;
    assert_eq!(
        error["kind"], "invalid_input",
        "the UI matches on kind: {error}"
    );
    assert_eq!(
        error["field"], "first_name",
        "the UI puts the message under this field: {error}"
    );
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "the UI shows the core's message: {error}"
    );
    let info = shell.sphere.app_info(Empty {})?;
    assert_eq!(info.counts.people, 0, "a refused request writes nothing");
    Ok(())
}

#[test]
fn an_unknown_id_is_not_found() -> TestResult {
    let shell = Shell::start()?;
    let error = shell
        .invoke("person_get", json!({ "id": 4242 }))?
        .err()
        .ok_or("no person has id 4242")?;
    assert_eq!(error["kind"], Value::from("not_found"), "{error}");
    Ok(())
}
