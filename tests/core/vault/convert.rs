//! `sphere encrypt` / `sphere decrypt` as the core does them: every row kept, the original
//! untouched until the verified copy replaces it, refused while another connection has it.

use super::*;

fn convert(db: &Path, direction: Direction, pass: &str) -> Result<Vec<Step>, ApiError> {
    let mut steps = Vec::new();
    convert_database(db, direction, pass, &mut |s| steps.push(s))?;
    Ok(steps)
}

#[test]
fn encrypting_then_decrypting_keeps_every_row() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    let sphere = Sphere::open(&db)?;
    sphere.demo_load(DemoRequest::default())?;
    write_secrets(&sphere)?;
    let oracle = everything(&sphere)?;
    drop(sphere);

    let steps = convert(&db, Direction::Encrypt, PASS)?;
    assert!(
        matches!(steps.as_slice(), [Step::Copying { total_bytes }, Step::Verifying, Step::Replacing] if *total_bytes > 0),
        "progress is reported step by step: {steps:?}"
    );
    assert!(is_encrypted(&db)?, "the file is encrypted now");
    let bytes = bytes_of(&db)?;
    for s in SECRETS {
        assert!(!contains(&bytes, s), "`{s}` is readable after `encrypt`");
    }
    assert!(!convert_temp_exists(&db), "no copy left beside it");
    let sphere = Sphere::open_with(&db, opts(Some(PASS)))?;
    assert_eq!(everything(&sphere)?, oracle, "encrypting kept every row");
    drop(sphere);

    let err = convert(&db, Direction::Decrypt, "wrong")
        .err()
        .ok_or("decrypted with a wrong passphrase")?;
    assert!(
        err.message.starts_with("wrong passphrase for"),
        "{}",
        err.message
    );
    assert!(is_encrypted(&db)?);

    convert(&db, Direction::Decrypt, PASS)?;
    assert!(!is_encrypted(&db)?, "plain again");
    assert!(bytes_of(&db)?.starts_with(b"SQLite format 3\0"));
    assert_eq!(
        everything(&Sphere::open(&db)?)?,
        oracle,
        "decrypting kept every row"
    );
    Ok(())
}

fn convert_temp_exists(db: &Path) -> bool {
    sidecar(db, ".converting").exists() || db.with_file_name("sphere.db.converting").exists()
}

#[test]
fn a_copy_left_by_an_interrupted_run_is_replaced_and_the_original_was_never_touched() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    write_secrets(&Sphere::open(&db)?)?;
    // An earlier run stopped mid-copy: a half-written file beside the untouched original.
    let temp = db.with_file_name("sphere.db.converting");
    std::fs::write(&temp, b"half a copy")?;
    let before = bytes_of(&db)?;
    assert!(Sphere::open(&db).is_ok(), "the original opens as it was");
    assert!(
        bytes_of(&db)? == before && is_plain(&db)?,
        "opening it read nothing into it: still plain"
    );
    convert(&db, Direction::Encrypt, PASS)?;
    assert!(!temp.exists(), "the stale copy is gone");
    let sphere = Sphere::open_with(&db, opts(Some(PASS)))?;
    assert_eq!(sphere.person_list(PersonQuery::default())?.total, 1);
    Ok(())
}

fn is_plain(db: &Path) -> Result<bool, std::io::Error> {
    Ok(bytes_of(db)?.starts_with(b"SQLite format 3\0"))
}

#[test]
fn converting_a_database_another_connection_has_open_is_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    let open_elsewhere = Sphere::open(&db)?;
    write_secrets(&open_elsewhere)?;
    let err = convert(&db, Direction::Encrypt, PASS)
        .err()
        .ok_or("encrypted a database open in another Sphere")?;
    assert_eq!(err.kind, ErrorKind::Conflict, "{}", err.message);
    assert!(
        err.message.contains("is open in another Sphere"),
        "{}",
        err.message
    );
    assert!(!is_encrypted(&db)?, "the original stays plain");
    assert!(
        !db.with_file_name("sphere.db.converting").exists(),
        "no copy left"
    );
    // The other connection still works on the same file.
    assert_eq!(open_elsewhere.person_list(PersonQuery::default())?.total, 1);
    drop(open_elsewhere);
    convert(&db, Direction::Encrypt, PASS)?;
    assert!(is_encrypted(&db)?);
    Ok(())
}

#[test]
fn creating_an_encrypted_database_refuses_an_existing_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("new.db");
    create_database(&db, Some(PASS))?;
    assert!(is_encrypted(&db)?, "init --encrypt makes an encrypted file");
    let before = bytes_of(&db)?;
    let err = create_database(&db, None)
        .err()
        .ok_or("created over an existing database")?;
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert!(
        err.message.contains("already exists (encrypted)"),
        "{}",
        err.message
    );
    assert!(bytes_of(&db)? == before);
    Ok(())
}

/// Every snapshot file beside `db`, read whole.
fn snapshot_files(db: &Path) -> Result<Vec<Vec<u8>>, std::io::Error> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(sphere_store::snapshots::dir(db))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "db") {
            files.push(std::fs::read(&path)?);
        }
    }
    Ok(files)
}

#[test]
fn snapshots_follow_the_database_into_encryption_and_restore_with_its_key() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    let sphere = Sphere::open(&db)?;
    write_secrets(&sphere)?;
    sphere.snapshot_create(Empty {})?;
    drop(sphere);
    let plain = snapshot_files(&db)?;
    assert_eq!(plain.len(), 1);
    assert!(
        contains(&plain[0], "Zebulon"),
        "a plain database's snapshot is plain"
    );

    // Encrypting converts the snapshots too: no plaintext copy is left beside the database.
    convert(&db, Direction::Encrypt, PASS)?;
    let after = snapshot_files(&db)?;
    assert_eq!(after.len(), 1, "the snapshot is kept, converted");
    for s in SECRETS {
        assert!(
            !contains(&after[0], s),
            "`{s}` is readable in a snapshot after `encrypt`"
        );
    }

    // Snapshots of an encrypted database are encrypted, and restore with its key.
    let sphere = Sphere::open_with(&db, opts(Some(PASS)))?;
    let taken = sphere.snapshot_create(Empty {})?;
    for file in snapshot_files(&db)? {
        for s in SECRETS {
            assert!(!contains(&file, s), "`{s}` is readable in a snapshot");
        }
    }
    sphere.person_create(PersonInput {
        first_name: "Added".into(),
        ..Default::default()
    })?;
    assert_eq!(sphere.app_info(Empty {})?.counts.people, 2);
    sphere.snapshot_restore(SnapshotRestoreRequest { id: taken.id })?;
    assert_eq!(
        sphere.app_info(Empty {})?.counts.people,
        1,
        "the encrypted snapshot restored"
    );
    drop(sphere);
    assert!(is_encrypted(&db)?, "still encrypted after the restore");

    // Decrypting brings the snapshots back to plain files that a plain database restores.
    convert(&db, Direction::Decrypt, PASS)?;
    let plain_again = snapshot_files(&db)?;
    assert!(!plain_again.is_empty());
    for file in &plain_again {
        assert!(
            file.starts_with(b"SQLite format 3\0"),
            "a plain snapshot again"
        );
    }
    let sphere = Sphere::open(&db)?;
    let list = sphere.snapshot_list(Empty {})?;
    let oldest = list.snapshots.last().ok_or("no snapshot")?.id.clone();
    sphere.snapshot_restore(SnapshotRestoreRequest { id: oldest })?;
    assert_eq!(sphere.app_info(Empty {})?.counts.people, 1);
    Ok(())
}
