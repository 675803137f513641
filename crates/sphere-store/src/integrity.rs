//! Keeping the database file whole and private: what is checked before SQLite opens a file,
//! the quick check after an unclean shutdown (and daily), the full check of `sphere doctor`,
//! the read-only state of a damaged file, and the clear "busy" and "damaged" messages.
//!
//! Beside `sphere.db` lives a folder `sphere.db.state/` (0700) with:
//! - `open-<pid>-<n>`: one marker per open store, locked (an OS file lock) while it is open and
//!   removed on a clean close. A marker found unlocked belongs to a process that died holding
//!   the file open (a crash, `kill -9`, power loss): the file is then quick-checked. Several
//!   processes (the desktop app and the CLI) may hold the file open at once; each has its own
//!   marker, and a live one is never mistaken for a dead one, because its lock is held.
//! - `checked`: when the last quick check passed (RFC 3339), so the daily check costs one
//!   small file read on every other open.
//! - `busy-<pid>-<n>`: what a long write holding the write lock is doing ("restoring a
//!   backup"), locked while it runs, so another process's "busy" message can say what it is
//!   waiting for.
//!
//! Architecture Invariant: nothing here writes to a database file that is refused (newer,
//! empty, not a database): those are read with plain file reads before SQLite sees them.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, ErrorCode};
use sphere_domain::error::CoreError;

use crate::schema;

/// The first 16 bytes of every (unencrypted) SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// A file must be quick-checked again after this long.
const CHECK_EVERY_HOURS: i64 = 24;

/// Whether the open file is sound, or damaged and therefore open read-only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Sound,
    /// Open read-only; every write is refused with this message.
    Damaged(String),
}

/// What the checks before SQLite opened the file found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Preflight {
    /// The file did not exist: Sphere just created it (empty, 0600).
    pub created: bool,
}

/// Looks at the file before SQLite does, with plain reads: creates a missing file (0600, so
/// the -wal and -shm SQLite creates beside it get the same mode), tightens the mode of an
/// existing one, and refuses, untouched, a file that is empty, not a database, or written by
/// a newer Sphere. An `encrypted` file's header is ciphertext: its version is read once the
/// key has opened it (`Store::configure` reads it before anything is written).
pub(crate) fn preflight(path: &Path, encrypted: bool) -> Result<Preflight, CoreError> {
    let refuse = |reason: String| CoreError::Open {
        path: path.display().to_string(),
        reason,
    };
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_private(path)
                .map_err(|e| refuse(format!("cannot create the database file: {e}")))?;
            return Ok(Preflight { created: true });
        }
        Err(e) => return Err(refuse(format!("cannot read the file: {e}"))),
    };
    let mut header = Vec::with_capacity(100);
    (&mut file)
        .take(100)
        .read_to_end(&mut header)
        .map_err(|e| refuse(format!("cannot read the file: {e}")))?;
    drop(file);
    if encrypted {
        make_private(path);
        return Ok(Preflight { created: false });
    }
    if header.is_empty() {
        // SQLite would silently make a new database of it. An empty file where a database
        // should be is more likely a copy or a sync that was cut short: say so.
        if !has_content(&with_suffix(path, "-wal")) {
            return Err(refuse(EMPTY_FILE.into()));
        }
    } else if header.len() < 100 || !header.starts_with(SQLITE_MAGIC) {
        return Err(refuse(NOT_A_DATABASE.into()));
    } else {
        let version = u32::from_be_bytes([header[60], header[61], header[62], header[63]]);
        if version as usize > schema::LATEST_VERSION {
            return Err(refuse(newer_reason(version as usize)));
        }
    }
    make_private(path);
    Ok(Preflight { created: false })
}

pub(crate) const EMPTY_FILE: &str = "the file is empty (0 bytes), perhaps a copy or a sync that was cut short. Sphere left it untouched. Restore a snapshot (`sphere snapshots list`) or a backup (`sphere restore FILE` into a new database), or delete the empty file to start a new database there.";
pub(crate) const NOT_A_DATABASE: &str = "the file is not a Sphere database (it does not start the way an SQLite database does). Sphere left it untouched. Check the path (--db or SPHERE_DB), or restore a snapshot (`sphere snapshots list`) or a backup.";

pub(crate) fn newer_reason(version: usize) -> String {
    format!(
        "it was written by a newer Sphere (schema version {version}; this one knows up to {}). Sphere left it untouched: update Sphere to open it.",
        schema::LATEST_VERSION
    )
}

/// The message of a damaged file: what is wrong and what to do.
pub(crate) fn damaged_message(path: &Path, what: &str) -> String {
    format!(
        "The database {} is damaged ({what}). Sphere opened it read-only so nothing more is lost, and refuses changes. Restore a snapshot (Settings → Snapshots, or `sphere snapshots list` and `sphere snapshots restore ID`), or save what can still be read with `sphere backup`; `sphere doctor` lists what is wrong.",
        path.display()
    )
}

/// The message of a damage found while reading, when the file's path is not at hand.
pub(crate) const DAMAGED_WHILE_READING: &str = "The database file is damaged (SQLite found a malformed page). Restore a snapshot (Settings → Snapshots, or `sphere snapshots list` and `sphere snapshots restore ID`) or a backup; `sphere doctor` lists what is wrong.";

/// The message of a write that waited for the write lock in vain.
pub(crate) fn busy_message(doing: Option<&str>) -> String {
    match doing {
        Some(what) => format!(
            "Sphere is busy {what} in another window or command; nothing was changed. Try again in a moment."
        ),
        None => "Sphere is busy: another window or command is writing to the database; nothing was changed. Try again in a moment.".into(),
    }
}

/// Whether a SQLite error means the file is damaged (or is not a database at all).
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    ) || matches!(e, rusqlite::Error::Utf8Error(..))
}

/// What a damage error says, in words for the message (never SQLite's raw "file is not a
/// database" or a UTF-8 decoder's byte offsets).
pub(crate) fn describe(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => "its first page is unreadable".into(),
        Some(ErrorCode::DatabaseCorrupt) => "SQLite found a malformed page".into(),
        _ if matches!(e, rusqlite::Error::Utf8Error(..)) => {
            "a stored text is not valid UTF-8".into()
        }
        _ => e.to_string(),
    }
}

/// Whether a SQLite error means another connection holds the lock.
pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Creates an empty file readable by its owner only (on unix; elsewhere the folder's
/// permissions apply, which is what the per-user data folder gives).
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Creates (if needed) a folder only its owner can enter (0700 on unix; elsewhere the
/// per-user folder's permissions apply).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// Tightens a database file (and its -wal, -shm and -journal) to 0600 when others can read
/// it. Best effort: a file on a filesystem without unix modes keeps what it has. A no-op off
/// unix, where the per-user data folder's permissions apply.
pub(crate) fn make_private(path: &Path) {
    #[cfg(unix)]
    for file in [
        path.to_path_buf(),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
        with_suffix(path, "-journal"),
    ] {
        set_private_mode(&file);
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Sets a file readable and writable by its owner only (0600) when others can read it; on
/// unix only (elsewhere a no-op: the per-user folder's permissions apply).
pub fn set_private_mode(file: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = fs::metadata(file)
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = fs::set_permissions(file, fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = file;
}

/// Writes a file readable by its owner only (0600 on unix), replacing what was there: a
/// backup or an export written by Sphere is as private as the database it came from.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)?;
    // An existing file keeps its mode through `open`: tighten it.
    set_private_mode(path);
    Ok(())
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn has_content(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// The folder of markers beside the database (`sphere.db.state/`).
pub(crate) fn state_dir(db: &Path) -> PathBuf {
    with_suffix(db, ".state")
}

static NEXT_MARKER: AtomicU64 = AtomicU64::new(0);

/// A file in the state folder that exists (and is locked) while something runs: an open
/// store (`open-…`) or a long write (`busy-…`). Removed when dropped.
#[derive(Debug)]
pub(crate) struct Marker {
    path: PathBuf,
    _file: File,
    /// For an open marker: the database, whose size and time are noted when it closes.
    db: Option<PathBuf>,
}

impl Marker {
    /// Creates `<kind>-<pid>-<n>` holding `text`, locked. It is written under a temporary
    /// name and renamed once locked, so no other process ever sees it unlocked.
    fn create(db: &Path, kind: &str, text: &str) -> std::io::Result<Self> {
        let dir = state_dir(db);
        private_dir(&dir)?;
        let n = NEXT_MARKER.fetch_add(1, Ordering::Relaxed);
        let name = format!("{kind}-{}-{n}", std::process::id());
        let tmp = dir.join(format!("tmp-{name}"));
        let _ = fs::remove_file(&tmp);
        let mut file = create_private(&tmp)?;
        file.lock()?;
        file.write_all(text.as_bytes())?;
        let path = dir.join(name);
        fs::rename(&tmp, &path)?;
        Ok(Self {
            path,
            _file: file,
            db: (kind == "open").then(|| db.to_path_buf()),
        })
    }
}

impl Drop for Marker {
    fn drop(&mut self) {
        // The store's connection is closed by now (it is dropped first): the file is as
        // this process leaves it.
        if let Some(db) = &self.db {
            note_closed(db);
        }
        // The lock goes with the file handle, right after.
        let _ = fs::remove_file(&self.path);
    }
}

/// The markers of `kind` in the state folder whose owner is gone (their lock is free),
/// removed, and the texts of the live ones (an empty text for a marker without one).
fn sweep(db: &Path, kind: &str) -> (usize, Vec<String>) {
    let (mut dead, mut live) = (0, Vec::new());
    let Ok(entries) = fs::read_dir(state_dir(db)) else {
        return (dead, live);
    };
    let prefix = format!("{kind}-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(&prefix) {
            continue;
        }
        let Ok(mut file) = File::open(entry.path()) else {
            continue;
        };
        match file.try_lock() {
            Ok(()) => {
                dead += 1;
                let _ = fs::remove_file(entry.path());
            }
            Err(_) => {
                let mut text = String::new();
                let _ = file.read_to_string(&mut text);
                live.push(text.trim().to_string());
            }
        }
    }
    (dead, live)
}

/// How a session found the file.
pub(crate) struct Session {
    pub marker: Option<Marker>,
    /// A process before this one left the file open without closing it (a crash).
    pub unclean: bool,
    /// Another process has it open now.
    pub shared: bool,
}

/// This process's open marker, and how the processes before it left the file.
pub(crate) fn begin_session(db: &Path) -> Session {
    let (dead, live) = sweep(db, "open");
    Session {
        marker: Marker::create(db, "open", "").ok(),
        unclean: dead > 0,
        shared: !live.is_empty(),
    }
}

/// Announces a long write (`doing`: "restoring a backup") for as long as the returned marker
/// lives, so a process waiting for the write lock can say what it waits for.
pub(crate) fn announce(db: &Path, doing: &str) -> Option<Marker> {
    Marker::create(db, "busy", doing).ok()
}

/// What a live process announced it is doing with the write lock, if anything.
pub(crate) fn busy_doing(db: &Path) -> Option<String> {
    sweep(db, "busy").1.into_iter().find(|t| !t.is_empty())
}

/// Whether the daily quick check is due: never checked, or more than a day ago.
pub(crate) fn check_due(db: &Path, now: DateTime<Utc>) -> bool {
    let Ok(text) = fs::read_to_string(state_dir(db).join("checked")) else {
        return true;
    };
    match DateTime::parse_from_rfc3339(text.trim()) {
        Ok(at) => now - at.with_timezone(&Utc) > Duration::hours(CHECK_EVERY_HOURS),
        Err(_) => true,
    }
}

/// Remembers that the file passed a quick check at `now`.
pub(crate) fn record_check(db: &Path, now: DateTime<Utc>) {
    let dir = state_dir(db);
    if private_dir(&dir).is_err() {
        return;
    }
    let tmp = dir.join(format!("checked-{}", std::process::id()));
    if write_private(&tmp, now.to_rfc3339().as_bytes()).is_ok() {
        let _ = fs::rename(&tmp, dir.join("checked"));
    }
}

/// The size and modification time of the database file, as noted at a clean close.
fn stamp(db: &Path) -> Option<String> {
    let meta = fs::metadata(db).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{} {}", meta.len(), modified.as_nanos()))
}

/// Notes the file's size and time as Sphere leaves it (the last process to close wins, which
/// is the one whose writes came last).
fn note_closed(db: &Path) {
    let Some(stamp) = stamp(db) else {
        return;
    };
    let dir = state_dir(db);
    let tmp = dir.join(format!("closed-{}", std::process::id()));
    if write_private(&tmp, stamp.as_bytes()).is_ok() {
        let _ = fs::rename(&tmp, dir.join("closed"));
    }
}

/// Whether the file changed since Sphere last closed it (something else wrote to it: a copy,
/// a sync tool, a disk error found by the OS), or was never closed by this Sphere.
pub(crate) fn changed_outside(db: &Path) -> bool {
    let noted = fs::read_to_string(state_dir(db).join("closed")).ok();
    noted.as_deref().map(str::trim) != stamp(db).as_deref()
}

/// Forgets the last passed check, so the file is checked at its next open (after damage was
/// found: until it is restored, every open finds it and opens it read-only).
pub(crate) fn forget_check(db: &Path) {
    let _ = fs::remove_file(state_dir(db).join("checked"));
}

/// `PRAGMA quick_check`: the problems found (empty when the file is sound). A check that
/// cannot run at all (the file too damaged to read) is one problem.
pub(crate) fn quick_check(conn: &Connection) -> Vec<String> {
    pragma_findings(conn, "PRAGMA quick_check(20)")
}

/// A full check: `PRAGMA integrity_check` (every page, every index entry) and
/// `PRAGMA foreign_key_check` (every reference).
pub(crate) fn full_check(conn: &Connection) -> Vec<String> {
    let mut findings = pragma_findings(conn, "PRAGMA integrity_check(100)");
    let fk = conn
        .prepare("PRAGMA foreign_key_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| {
                let table: String = r.get(0)?;
                let rowid: Option<i64> = r.get(1)?;
                let parent: String = r.get(2)?;
                Ok(match rowid {
                    Some(id) => format!("{table} row {id} refers to a missing {parent} row"),
                    None => format!("a {table} row refers to a missing {parent} row"),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        });
    match fk {
        Ok(rows) => findings.extend(rows),
        Err(e) => findings.push(format!("the references could not be checked: {e}")),
    }
    findings
}

fn pragma_findings(conn: &Connection, sql: &str) -> Vec<String> {
    let rows = conn.prepare(sql).and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
    });
    match rows {
        Ok(rows) => rows.into_iter().filter(|r| r != "ok").collect(),
        Err(e) if is_damage(&e) => vec![describe(&e)],
        Err(e) => vec![format!("the check could not run: {e}")],
    }
}

/// A short summary of findings for a message: the first one, and how many more.
pub(crate) fn summarize(findings: &[String]) -> String {
    match findings {
        [] => "no problem found".into(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first}; and {} more problems", rest.len()),
    }
}

/// What `sphere doctor` found in a database file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// No problem found by the full check.
    pub sound: bool,
    /// Each problem in words (empty when sound).
    pub findings: Vec<String>,
    /// What to do about them.
    pub advice: String,
}

/// The full check of the file at `db` (`PRAGMA integrity_check` and `foreign_key_check`),
/// read-only: the file is never changed, and nothing is created when it is missing. `key` is
/// the key of an encrypted file.
pub fn diagnose(db: &Path, key: Option<&crate::vault::VaultKey>) -> Result<Diagnosis, CoreError> {
    let damaged = |findings: Vec<String>, advice: String| Diagnosis {
        sound: false,
        findings,
        advice,
    };
    let meta = fs::metadata(db)
        .map_err(|e| CoreError::NotFound(format!("no database at {}: {e}", db.display())))?;
    if meta.len() == 0 && !has_content(&with_suffix(db, "-wal")) {
        return Ok(damaged(
            vec!["the file is empty (0 bytes)".into()],
            EMPTY_FILE.into(),
        ));
    }
    let advice = format!(
        "Restore a snapshot (`sphere snapshots list`, then `sphere snapshots restore ID`) or a backup; until then Sphere opens {} read-only. `sphere backup` saves what can still be read.",
        db.display()
    );
    let conn = match crate::db::connect(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    ) {
        Ok(conn) => conn,
        Err(e) => return Ok(damaged(vec![describe(&e)], advice)),
    };
    let mut findings = full_check(&conn);
    if findings
        .iter()
        .any(|f| f.contains("file is not a database"))
    {
        findings = vec![NOT_A_DATABASE.into()];
    }
    Ok(if findings.is_empty() {
        Diagnosis {
            sound: true,
            findings,
            advice: "Nothing to do: every page, index and reference checked out.".into(),
        }
    } else {
        damaged(findings, advice)
    })
}
