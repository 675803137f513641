//! Opening a file: refused untouched when it is newer, empty or not a database; a damaged
//! file opens read-only with what to do, and every write is refused with that message; a
//! quick check after an unclean shutdown and daily.

use std::path::Path;

use rusqlite::Connection;
use sphere_api::domain::*;
use sphere_api::*;
use sphere_store::schema;

use super::*;

/// Every file beside `db` (name → bytes), the file itself included.
fn files_beside(db: &Path) -> Fallible<std::collections::BTreeMap<String, Vec<u8>>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(db.parent().ok_or("no folder")?)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            out.insert(
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path())?,
            );
        }
    }
    Ok(out)
}

/// A database of a newer Sphere, in rollback-journal or WAL mode, closed.
fn newer_file(db: &Path, wal: bool) -> TestResult {
    let conn = Connection::open(db)?;
    if wal {
        let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    }
    conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);")?;
    conn.pragma_update(None, "user_version", schema::LATEST_VERSION as i64 + 1)?;
    Ok(())
}

#[test]
fn a_newer_file_is_refused_truly_untouched_in_both_journal_modes() -> TestResult {
    for wal in [false, true] {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("future.db");
        newer_file(&db, wal)?;
        let before = files_beside(&db)?;
        let err = Sphere::open(&db).expect_err("a newer file must be refused");
        assert_eq!(err.kind, ErrorKind::Storage);
        assert_eq!(
            err.message,
            format!(
                "cannot use database at {}: it was written by a newer Sphere (schema version {}; this one knows up to {}). Sphere left it untouched: update Sphere to open it.",
                db.display(),
                schema::LATEST_VERSION + 1,
                schema::LATEST_VERSION
            )
        );
        assert_eq!(
            files_beside(&db)?,
            before,
            "wal={wal}: the same bytes, and no -wal, -shm or journal created"
        );
        assert!(
            !with_suffix(&db, ".state").exists(),
            "nothing created beside it"
        );
    }
    Ok(())
}

#[test]
fn an_empty_file_is_refused_with_what_to_do_and_left_empty() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    std::fs::write(&db, b"")?;
    let (success, err) = json(&db, &["person", "list"])?;
    assert!(!success);
    assert_eq!(err["kind"], "storage");
    assert_eq!(
        err["message"],
        format!(
            "cannot use database at {}: the file is empty (0 bytes), perhaps a copy or a sync that was cut short. Sphere left it untouched. Restore a snapshot (`sphere snapshots list`) or a backup (`sphere restore FILE` into a new database), or delete the empty file to start a new database there.",
            db.display()
        )
    );
    assert_eq!(
        std::fs::metadata(&db)?.len(),
        0,
        "not silently made a new database"
    );
    // A path that does not exist yet is a new database, as before.
    let fresh = dir.path().join("new.db");
    ok(&fresh, &["person", "list"])?;
    assert!(std::fs::metadata(&fresh)?.len() > 0);
    Ok(())
}

#[test]
fn a_file_that_is_not_a_database_is_refused_in_words() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (name, bytes) in [
        (
            "notes.db",
            b"Dear diary, today I met Dana at the summit. She works at Acme.".repeat(3),
        ),
        // The garbage of the old "invalid utf-8 sequence of 1 bytes from index 23".
        ("short.db", vec![0xff, 0xfe, 0x00, 0x41]),
    ] {
        let db = dir.path().join(name);
        std::fs::write(&db, &bytes)?;
        let err = Sphere::open(&db).expect_err("not a database");
        assert_eq!(
            err.message,
            format!(
                "cannot use database at {}: the file is not a Sphere database (it does not start the way an SQLite database does). Sphere left it untouched. Check the path (--db or SPHERE_DB), or restore a snapshot (`sphere snapshots list`) or a backup.",
                db.display()
            )
        );
        assert_eq!(std::fs::read(&db)?, bytes, "{name} untouched");
    }
    Ok(())
}

/// The message every write to the damaged `db` is refused with, given the finding.
fn damaged(db: &Path, what: &str) -> String {
    format!(
        "The database {} is damaged ({what}). Sphere opened it read-only so nothing more is lost, and refuses changes. Restore a snapshot (Settings → Snapshots, or `sphere snapshots list` and `sphere snapshots restore ID`), or save what can still be read with `sphere backup`; `sphere doctor` lists what is wrong.",
        db.display()
    )
}

/// Marks `db` as left open by a process that died (an unlocked marker).
fn crash_marker(db: &Path) -> TestResult {
    let state = with_suffix(db, ".state");
    std::fs::create_dir_all(&state)?;
    std::fs::write(state.join("open-4000000-0"), "")?;
    Ok(())
}

#[test]
fn a_damaged_file_opens_read_only_and_refuses_every_write_with_what_to_do() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let before = counts(&db)?;
    // An index page in the middle of the file.
    damage_page(&db, leaf_page_of(&db, "relationship_pair")?, Some(0))?;
    crash_marker(&db)?;
    let sphere = Sphere::open(&db)?;
    let health = sphere.vault_health(Empty {})?;
    assert_eq!(health.state, HealthState::Damaged);
    let message = health.message.clone().ok_or("no message")?;
    assert!(
        message.starts_with(&format!("The database {} is damaged (", db.display())),
        "{message}"
    );
    let tail = damaged(&db, "");
    let tail = tail.split_once("()").ok_or("no finding in the message")?.1;
    assert!(message.ends_with(tail), "{message}");
    // What can be read still is.
    assert_eq!(sphere.app_info(Empty {})?.counts.people as i64, before[0]);
    let err = sphere
        .person_create(PersonInput {
            first_name: "Zed".into(),
            ..Default::default()
        })
        .expect_err("a damaged file refuses writes");
    assert_eq!(err.kind, ErrorKind::Damaged);
    assert_eq!(
        err.message, message,
        "the write says what is wrong and what to do"
    );
    drop(sphere);
    // The CLI says the same, and the file was not written to.
    let bytes = std::fs::read(&db)?;
    let (success, err) = json(&db, &["person", "add", "Zed"])?;
    assert!(!success);
    assert_eq!(err["kind"], "damaged");
    assert_eq!(err["message"], message.as_str());
    assert_eq!(
        std::fs::read(&db)?,
        bytes,
        "nothing written to a damaged file"
    );
    Ok(())
}

#[test]
fn doctor_reports_damage_and_soundness_without_changing_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let sound = sphere(&db).args(["--json", "doctor"]).output()?;
    assert!(sound.status.success());
    let report: serde_json::Value = serde_json::from_slice(&sound.stdout)?;
    assert_eq!(report["sound"], true);
    assert_eq!(report["findings"], serde_json::json!([]));

    damage_page(&db, 60, None)?;
    let bytes = std::fs::read(&db)?;
    let out = sphere(&db).args(["--json", "doctor"]).output()?;
    assert_eq!(
        out.status.code(),
        Some(1),
        "doctor exits 1 on a damaged file"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(report["sound"], false);
    assert!(
        !report["findings"].as_array().ok_or("findings")?.is_empty(),
        "{report}"
    );
    assert!(
        report["advice"]
            .as_str()
            .is_some_and(|a| a.starts_with("Restore a snapshot")),
        "{report}"
    );
    assert_eq!(std::fs::read(&db)?, bytes, "doctor never writes");
    // Doctor on a missing file creates nothing.
    let missing = dir.path().join("missing.db");
    let out = sphere(&missing).args(["--json", "doctor"]).output()?;
    assert!(!out.status.success());
    assert!(!missing.exists());
    Ok(())
}

/// Notes the file's current size and time as Sphere's own last close (as if the damage came
/// from the disk itself, which changes neither).
fn as_left_by_sphere(db: &Path) -> TestResult {
    let meta = std::fs::metadata(db)?;
    let nanos = meta
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    std::fs::write(
        with_suffix(db, ".state").join("closed"),
        format!("{} {nanos}", meta.len()),
    )?;
    Ok(())
}

#[test]
fn the_quick_check_runs_after_a_crash_after_an_outside_change_and_daily() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let page = leaf_page_of(&db, "relationship_pair")?;
    damage_page(&db, page, Some(0))?;
    // Changed since Sphere closed it: checked at the next open.
    let sphere = Sphere::open(&db)?;
    assert_eq!(sphere.vault_health(Empty {})?.state, HealthState::Damaged);
    drop(sphere);

    // Damage that changes neither size nor time (the disk's own), checked less than a day
    // ago, closed cleanly: not checked at this open; the cost of a check is paid once a day.
    let db = demo_db(&dir.path().join("rot"))?;
    damage_page(&db, page, Some(0))?;
    as_left_by_sphere(&db)?;
    let sphere = Sphere::open(&db)?;
    assert_eq!(sphere.vault_health(Empty {})?.state, HealthState::Sound);
    drop(sphere);
    as_left_by_sphere(&db)?;
    // A day later, the daily check finds it.
    let checked = with_suffix(&db, ".state").join("checked");
    let yesterday = chrono::Utc::now() - chrono::Duration::hours(25);
    std::fs::write(&checked, yesterday.to_rfc3339())?;
    let sphere = Sphere::open(&db)?;
    assert_eq!(sphere.vault_health(Empty {})?.state, HealthState::Damaged);
    drop(sphere);

    // After an unclean shutdown, even right after a check and with the time as noted.
    let db = demo_db(&dir.path().join("crash"))?;
    damage_page(&db, page, Some(0))?;
    as_left_by_sphere(&db)?;
    crash_marker(&db)?;
    let sphere = Sphere::open(&db)?;
    assert_eq!(sphere.vault_health(Empty {})?.state, HealthState::Damaged);
    Ok(())
}

#[test]
fn a_live_process_holding_the_file_is_not_taken_for_a_crash() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let first = Sphere::open(&db)?;
    damage_page(&db, leaf_page_of(&db, "relationship_pair")?, Some(0))?;
    // The second opener sees the first's marker locked: no unclean shutdown, no check.
    let second = Sphere::open(&db)?;
    assert_eq!(second.vault_health(Empty {})?.state, HealthState::Sound);
    drop((first, second));
    let markers = std::fs::read_dir(with_suffix(&db, ".state"))?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("open-"))
        .count();
    assert_eq!(markers, 0, "clean closes remove their markers");
    Ok(())
}
