//! The SQLite store: migrations, pragmas, persistence.

use rusqlite::Connection;
use sphere_api::domain::*;
use sphere_api::*;
use sphere_store::schema;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn a_version_1_database_keeps_its_data_when_upgraded() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path)?;
        schema::migrations().to_version(&mut conn, 1)?;
        conn.execute(
            "INSERT INTO organization (name, created_at, updated_at)
             VALUES ('Acme Corporation', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')",
            [],
        )?;
        conn.execute(
            "INSERT INTO person (first_name, last_name, organization_id, ring, created_at, updated_at)
             VALUES ('Ada', 'Lovelace', 1, 'inner', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')",
            [],
        )?;
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        assert_eq!(v, 1);
    }
    let sphere = Sphere::open(&path)?;
    let info = sphere.app_info(Empty {})?;
    assert_eq!(info.schema_version as usize, schema::LATEST_VERSION);
    let page = sphere.person_list(PersonQuery::default())?;
    assert_eq!(
        page.total, 1,
        "the person written at version 1 survives the upgrade"
    );
    assert_eq!(
        page.items[0].organization_name.as_deref(),
        Some("Acme Corporation")
    );
    // The upgraded database has the version 2 tables and they work.
    let bob = sphere.person_create(PersonInput {
        first_name: "Bob".into(),
        ..Default::default()
    })?;
    sphere.tie_create(RelationshipInput {
        person_a: page.items[0].id,
        person_b: bob.id,
        kind: TieKind::Colleague,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    })?;
    Ok(())
}

#[test]
fn a_database_from_a_newer_sphere_is_refused_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "user_version", 99)?;
    }
    let err = Sphere::open(&path).expect_err("a newer schema must not be opened");
    assert_eq!(err.kind, ErrorKind::Storage);
    assert!(
        err.message.contains("newer"),
        "the message explains why: {}",
        err.message
    );
    let conn = Connection::open(&path)?;
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    assert_eq!(v, 99, "nothing was migrated");
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_error() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("notes.txt");
    std::fs::write(
        &path,
        "this is not SQLite, just a text file that happens to be long enough",
    )?;
    let err = Sphere::open(&path).expect_err("garbage must not open");
    assert_eq!(err.kind, ErrorKind::Storage);
    assert!(
        err.message.contains("notes.txt"),
        "the message names the file: {}",
        err.message
    );
    Ok(())
}

#[test]
fn data_survives_closing_and_reopening() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("sphere.db");
    let id = {
        let sphere = Sphere::open(&path)?;
        sphere
            .person_create(PersonInput {
                first_name: "Grace".into(),
                last_name: Some("Hopper".into()),
                ..Default::default()
            })?
            .id
    };
    let sphere = Sphere::open(&path)?;
    let detail = sphere.person_get(DetailRequest::id(id))?;
    assert_eq!(detail.person.display_name, "Grace Hopper");
    Ok(())
}
