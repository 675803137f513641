//! The vault's integrity: private files, files refused untouched (newer, empty, not a
//! database), damage detected and the file opened read-only, snapshots, "busy" said plainly,
//! and the fault suite (`kill -9` during writes, corrupted pages).

mod busy;
mod fault;
mod files;
mod open;
mod snapshots;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// The real `sphere` binary on `db`.
fn sphere(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sphere"));
    cmd.env("SPHERE_DB", db).env_remove("SPHERE_AS_OF");
    cmd
}

/// `sphere --json ARGS`: whether it succeeded, and its JSON answer (or error).
fn json(db: &Path, args: &[&str]) -> Fallible<(bool, Value)> {
    let out: Output = sphere(db).arg("--json").args(args).output()?;
    let stdout = String::from_utf8(out.stdout)?;
    let value = serde_json::from_str(&stdout).map_err(|e| {
        format!(
            "`sphere {}` printed no JSON ({e}): {stdout}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    Ok((out.status.success(), value))
}

/// `sphere --json ARGS`, which must succeed.
fn ok(db: &Path, args: &[&str]) -> Fallible<Value> {
    let (success, value) = json(db, args)?;
    assert!(success, "`sphere {}` failed: {value}", args.join(" "));
    Ok(value)
}

/// The mode bits of a file (unix).
#[cfg(unix)]
fn mode(path: &Path) -> Fallible<u32> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o777)
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    name.into()
}

/// People, organizations, relationships, interactions, read with a plain connection.
fn counts(db: &Path) -> Fallible<[i64; 4]> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut out = [0; 4];
    for (i, table) in ["person", "organization", "relationship", "interaction"]
        .iter()
        .enumerate()
    {
        out[i] = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    }
    Ok(out)
}

/// `PRAGMA integrity_check` with a plain connection: "ok" or the problems.
fn integrity_check(db: &Path) -> Fallible<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(rows.join("; "))
}

/// Overwrites 4 KiB page number `page` (0-based) of `db` with `fill` (None: scrambled bytes).
fn damage_page(db: &Path, page: u64, fill: Option<u8>) -> TestResult {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db)?;
    f.seek(SeekFrom::Start(page * 4096))?;
    let bytes: Vec<u8> = match fill {
        Some(b) => vec![b; 4096],
        // A fixed pseudo-random pattern, so a failure can be replayed.
        None => (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 ^ (page as u8))
            .collect(),
    };
    f.write_all(&bytes)?;
    Ok(())
}

/// The 0-based number of a leaf page of index (or table) `name` (from SQLite's `dbstat`), to
/// damage a page whose role is known.
fn leaf_page_of(db: &Path, name: &str) -> Fallible<u64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let page: i64 = conn.query_row(
        "SELECT pageno FROM dbstat WHERE name = ?1 AND pagetype = 'leaf' ORDER BY pageno LIMIT 1",
        [name],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(page - 1)?)
}

/// A database with the demo network, closed cleanly (no -wal left).
fn demo_db(dir: &Path) -> Fallible<std::path::PathBuf> {
    let db = dir.join("sphere.db");
    ok(&db, &["demo", "--seed", "7"])?;
    Ok(db)
}
