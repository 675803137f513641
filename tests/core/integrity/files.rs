//! Files private by default: the database, its -wal and -shm, backups, exports, snapshots and
//! the photos folder are readable by their owner only; deleted text is overwritten.

use sphere_api::domain::*;
use sphere_api::*;

use super::*;

#[cfg(unix)]
#[test]
fn a_new_database_and_its_wal_and_shm_are_private() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    let sphere = Sphere::open(&db)?;
    sphere.person_create(PersonInput {
        first_name: "Ada".into(),
        ..Default::default()
    })?;
    // Still open: the -wal and -shm exist now.
    for file in [
        db.clone(),
        with_suffix(&db, "-wal"),
        with_suffix(&db, "-shm"),
    ] {
        assert_eq!(
            mode(&file)?,
            0o600,
            "{} must be readable by its owner only: it holds everything the user knows",
            file.display()
        );
    }
    assert_eq!(mode(&with_suffix(&db, ".state"))?, 0o700);
    Ok(())
}

#[cfg(unix)]
#[test]
fn an_existing_world_readable_database_is_tightened_on_open() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644))?;
    ok(&db, &["info"])?;
    assert_eq!(
        mode(&db)?,
        0o600,
        "a file made 0644 by an older Sphere or a copy is made private when opened"
    );
    Ok(())
}

#[cfg(unix)]
#[test]
fn backups_exports_and_snapshots_written_by_the_cli_are_private() -> TestResult {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let backup = dir.path().join("backup.json");
    let export = dir.path().join("people.csv");
    // An existing 0644 file is overwritten and tightened, not left readable.
    std::fs::write(&export, "old")?;
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o644))?;
    let status = sphere(&db)
        .args(["backup", "--out"])
        .arg(&backup)
        .output()?
        .status;
    assert!(status.success());
    let status = sphere(&db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&export)
        .output()?
        .status;
    assert!(status.success());
    assert_eq!(mode(&backup)?, 0o600, "a backup holds never facts");
    assert_eq!(mode(&export)?, 0o600, "an export holds contact details");
    let snap = ok(&db, &["snapshots", "create"])?;
    let folder = with_suffix(&db, ".snapshots");
    assert_eq!(mode(&folder)?, 0o700);
    let id = snap["id"].as_str().ok_or("no id")?;
    assert_eq!(mode(&folder.join(format!("{id}.db")))?, 0o600);
    Ok(())
}

#[cfg(unix)]
#[test]
fn the_photos_folder_is_private() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    ok(&db, &["person", "add", "Dana", "--ring", "centre"])?;
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/import/vcard/apple.vcf"
    );
    ok(&db, &["import", file, "--commit"])?;
    let photos = dir.path().join("sphere-photos");
    assert_eq!(mode(&photos)?, 0o700, "people's pictures are private");
    for entry in std::fs::read_dir(&photos)? {
        assert_eq!(mode(&entry?.path())?, 0o600);
    }
    Ok(())
}

/// Whether `needle` appears anywhere in the database file or its -wal.
fn file_contains(db: &std::path::Path, needle: &str) -> Fallible<bool> {
    let mut found = false;
    for file in [db.to_path_buf(), with_suffix(db, "-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            found |= bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
        }
    }
    Ok(found)
}

#[test]
fn a_deleted_facts_text_is_gone_from_the_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    const SECRET: &str = "Quokkaberry clinic on Thursdays";
    {
        let sphere = Sphere::open(&db)?;
        let dana = sphere.person_create(PersonInput {
            first_name: "Dana".into(),
            ..Default::default()
        })?;
        let fact = sphere.fact_create(FactInput {
            person_id: dana.id,
            category: "hobbies".into(),
            value: SECRET.into(),
            ..Default::default()
        })?;
        sphere.fact_delete(IdRequest { id: fact.id })?;
    }
    // Closed cleanly: checkpointed into the main file.
    let conn = rusqlite::Connection::open(&db)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    drop(conn);
    assert!(
        !file_contains(&db, SECRET)?,
        "secure_delete overwrites deleted text: a deleted never fact must not be readable in the file"
    );

    // The control: without secure_delete the same delete leaves the text behind, so the
    // assertion above can fail.
    let plain = dir.path().join("plain.db");
    let conn = rusqlite::Connection::open(&plain)?;
    conn.execute_batch(&format!(
        "PRAGMA secure_delete = OFF; CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('{SECRET}'); DELETE FROM t;"
    ))?;
    drop(conn);
    assert!(file_contains(&plain, SECRET)?, "the control keeps the text");
    Ok(())
}
