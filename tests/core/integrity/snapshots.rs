//! Snapshots: taken daily, before a migration and on request; listed, kept to a number,
//! restored (after a snapshot of the current state, so a restore can be undone), refused
//! when damaged; restoring over a damaged or unreadable database.

use rusqlite::Connection;
use sphere_api::domain::*;
use sphere_api::*;
use sphere_store::schema;

use super::*;

fn ids(list: &serde_json::Value) -> Vec<String> {
    list["snapshots"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_restore_brings_the_snapshot_back_and_can_be_undone() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let before = counts(&db)?;
    let snap = ok(&db, &["snapshots", "create"])?;
    let id = snap["id"].as_str().ok_or("id")?.to_string();
    assert_eq!(snap["reason"], "manual");
    ok(&db, &["person", "add", "Zed", "--last", "Newcomer"])?;
    // Another process holds the file open across the restore (the desktop app).
    let other = Sphere::open(&db)?;
    assert_eq!(
        other.app_info(Empty {})?.counts.people as i64,
        before[0] + 1
    );

    // No terminal and no --yes: refused, nothing changed.
    let (success, err) = json(&db, &["snapshots", "restore", &id])?;
    assert!(!success && err["field"] == "yes", "{err}");
    assert_eq!(counts(&db)?[0], before[0] + 1);

    let restored = ok(&db, &["snapshots", "restore", &id, "--yes"])?;
    assert_eq!(counts(&db)?, before, "the snapshot's records are back");
    assert_eq!(restored["counts"]["people"].as_i64(), Some(before[0]));
    assert_eq!(integrity_check(&db)?, "ok");
    assert_eq!(
        other.app_info(Empty {})?.counts.people as i64,
        before[0],
        "a process holding the file sees the restored state at its next command"
    );
    assert_eq!(
        other
            .person_list(PersonQuery {
                search: Some("Newcomer".into()),
                ..Default::default()
            })?
            .total,
        0,
        "and its graph holds no one who is gone"
    );
    let undo = restored["undo"]["id"]
        .as_str()
        .ok_or("undo id")?
        .to_string();
    assert_eq!(restored["undo"]["reason"], "before-restore");
    ok(&db, &["snapshots", "restore", &undo, "--yes"])?;
    assert_eq!(counts(&db)?[0], before[0] + 1, "the undo brings Zed back");
    assert_eq!(
        other.app_info(Empty {})?.counts.people as i64,
        before[0] + 1
    );
    Ok(())
}

#[test]
fn only_the_newest_snapshots_are_kept() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let kept = ok(&db, &["snapshots", "keep", "2"])?;
    assert_eq!(kept["keep"], 2);
    let mut taken = Vec::new();
    for _ in 0..4 {
        taken.push(
            ok(&db, &["snapshots", "create"])?["id"]
                .as_str()
                .ok_or("id")?
                .to_string(),
        );
    }
    let list = ok(&db, &["snapshots", "list"])?;
    taken.reverse();
    assert_eq!(
        ids(&list),
        taken[..2].to_vec(),
        "the two newest, newest first"
    );
    let (success, err) = json(&db, &["snapshots", "keep", "0"])?;
    assert!(!success);
    assert_eq!(err["message"], "keep between 1 and 100 snapshots (got 0)");
    Ok(())
}

#[test]
fn a_damaged_snapshot_is_refused_and_nothing_changes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let id = ok(&db, &["snapshots", "create"])?["id"]
        .as_str()
        .ok_or("id")?
        .to_string();
    let file = with_suffix(&db, ".snapshots").join(format!("{id}.db"));
    damage_page(&file, 100, Some(0))?;
    ok(&db, &["person", "add", "Zed"])?;
    let before = counts(&db)?;
    let (success, err) = json(&db, &["snapshots", "restore", &id, "--yes"])?;
    assert!(!success);
    assert_eq!(err["kind"], "damaged");
    let message = err["message"].as_str().ok_or("message")?;
    assert!(
        message.starts_with(&format!("snapshot `{id}` is damaged (")),
        "{message}"
    );
    assert!(
        message.ends_with(
            "); nothing was changed. Choose another snapshot (`sphere snapshots list`)."
        )
    );
    assert_eq!(counts(&db)?, before);
    let (success, err) = json(&db, &["snapshots", "restore", "no-such", "--yes"])?;
    assert!(!success);
    assert_eq!(err["kind"], "not_found");
    Ok(())
}

#[test]
fn a_damaged_or_emptied_database_is_recovered_from_a_snapshot() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let before = counts(&db)?;
    let id = ok(&db, &["snapshots", "create"])?["id"]
        .as_str()
        .ok_or("id")?
        .to_string();
    // Damaged: opened read-only, then restored.
    damage_page(&db, leaf_page_of(&db, "relationship_pair")?, Some(0))?;
    std::fs::write(with_suffix(&db, ".state").join("open-4000000-1"), "")?;
    let restored = ok(&db, &["snapshots", "restore", &id, "--yes"])?;
    assert_eq!(restored["undo"]["reason"], "before-restore");
    assert_eq!(integrity_check(&db)?, "ok");
    assert_eq!(counts(&db)?, before);
    let sphere = Sphere::open(&db)?;
    assert_eq!(sphere.vault_health(Empty {})?.state, HealthState::Sound);
    drop(sphere);
    // Emptied (0 bytes): Sphere refuses to open it, but the snapshot goes back in place.
    std::fs::write(&db, b"")?;
    ok(&db, &["snapshots", "restore", &id, "--yes"])?;
    assert_eq!(counts(&db)?, before);
    // Not a database at all: the same, and the file replaced is kept.
    std::fs::write(&db, b"not a database, but someone's notes")?;
    let undo = ok(&db, &["snapshots", "restore", &id, "--yes"])?;
    assert_eq!(counts(&db)?, before);
    let kept = with_suffix(&db, ".snapshots").join(format!(
        "{}.db",
        undo["undo"]["id"]
            .as_str()
            .ok_or("the replaced file is kept")?
    ));
    assert_eq!(std::fs::read(kept)?, b"not a database, but someone's notes");
    Ok(())
}

#[test]
fn a_snapshot_is_taken_before_a_migration_and_daily() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&db)?;
        schema::migrations().to_version(&mut conn, 1)?;
    }
    let sphere = Sphere::open(&db)?;
    let list = sphere.snapshot_list(Empty {})?;
    let before: Vec<&SnapshotInfo> = list
        .snapshots
        .iter()
        .filter(|s| s.reason == "before-migration")
        .collect();
    assert_eq!(before.len(), 1, "{list:?}");
    let folder = with_suffix(&db, ".snapshots");
    let conn = Connection::open(folder.join(format!("{}.db", before[0].id)))?;
    let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    assert_eq!(
        v, 1,
        "the snapshot is the file as it was before the upgrade"
    );
    drop((conn, sphere));

    // Daily: a file with records and no snapshot of the last day gets one when it opens,
    // once.
    let db = demo_db(&dir.path().join("daily"))?;
    let first = ok(&db, &["snapshots", "list"])?;
    let daily = |l: &serde_json::Value| {
        l["snapshots"]
            .as_array()
            .map(|a| a.iter().filter(|s| s["reason"] == "daily").count())
            .unwrap_or(0)
    };
    ok(&db, &["info"])?;
    ok(&db, &["info"])?;
    let after = ok(&db, &["snapshots", "list"])?;
    assert_eq!(daily(&first), 0, "a new file has nothing to keep yet");
    assert_eq!(daily(&after), 1, "one daily snapshot, not one per open");
    Ok(())
}
