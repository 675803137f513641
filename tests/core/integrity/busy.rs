//! Never "database is locked": a write that waits for the write lock in vain says Sphere is
//! busy (and with what, when the holder announced it), with its own error kind.

use std::fs::File;

use super::*;

#[test]
fn a_write_blocked_by_another_process_says_sphere_is_busy_and_with_what() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = demo_db(dir.path())?;
    let before = counts(&db)?;
    // Another process holds the write lock (as a long restore would).
    let holder = rusqlite::Connection::open(&db)?;
    holder.execute_batch("BEGIN IMMEDIATE")?;
    let (success, err) = json(&db, &["person", "add", "Zed"])?;
    assert!(!success);
    assert_eq!(err["kind"], "busy", "{err}");
    assert_eq!(
        err["message"],
        "Sphere is busy: another window or command is writing to the database; nothing was changed. Try again in a moment."
    );
    // The holder announced what it does (as `Store::write_bulk_as` does): the message says it.
    let note = with_suffix(&db, ".state").join(format!("busy-{}-0", std::process::id()));
    let file = File::create(&note)?;
    file.lock()?;
    std::fs::write(&note, "restoring a backup")?;
    let (_, err) = json(&db, &["person", "add", "Zed"])?;
    assert_eq!(
        err["message"],
        "Sphere is busy restoring a backup in another window or command; nothing was changed. Try again in a moment."
    );
    holder.execute_batch("ROLLBACK")?;
    // A note left by a process that died (its lock gone) is not believed.
    drop(file);
    holder.execute_batch("BEGIN IMMEDIATE")?;
    let (_, err) = json(&db, &["person", "add", "Zed"])?;
    assert_eq!(
        err["message"],
        "Sphere is busy: another window or command is writing to the database; nothing was changed. Try again in a moment."
    );
    holder.execute_batch("ROLLBACK")?;
    assert_eq!(counts(&db)?, before, "nothing was written while busy");
    ok(&db, &["person", "add", "Zed"])?;
    Ok(())
}
