//! Snapshots: whole copies of the database taken with SQLite's online backup API (one read
//! transaction: a consistent copy while others keep writing), kept beside the file in
//! `sphere.db.snapshots/` (0700; each snapshot 0600). Taken before every migration, daily
//! (when a file opens and the newest is more than a day old), on request, and before a
//! restore (so a restore can be undone). The newest `keep` (default 7) are kept, plus the
//! ones taken before a migration for 30 days (the newest of those always).
//!
//! A snapshot is written under a temporary name and renamed when complete, so a snapshot
//! that was cut short (a crash, `kill -9`) is never listed. Each is a plain rollback-journal
//! SQLite file: it can be opened on its own.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use sphere_domain::error::{CoreError, CoreResult};

use crate::error::StoreError;
use crate::vault::VaultKey;
use crate::{Store, changes, db, integrity, schema};

/// How many snapshots are kept when no other number was chosen.
pub const DEFAULT_KEEP: usize = 7;
/// The most snapshots one may choose to keep.
pub const MAX_KEEP: usize = 100;
/// How long snapshots taken before a migration are kept (the newest one always).
const KEEP_BEFORE_MIGRATION_DAYS: i64 = 30;
const ID_TIME: &str = "%Y%m%d-%H%M%S-%3f";
pub const EXTENSION: &str = "db";

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Daily,
    Manual,
    BeforeMigration,
    BeforeRestore,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Manual => "manual",
            Reason::BeforeMigration => "before-migration",
            Reason::BeforeRestore => "before-restore",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Reason::Daily,
            Reason::Manual,
            Reason::BeforeMigration,
            Reason::BeforeRestore,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }
}

/// One snapshot on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// `20261207-061500-123-daily`: when (UTC) and why; the file is `<id>.db`.
    pub id: String,
    pub taken_at: DateTime<Utc>,
    pub reason: Reason,
    /// The file's size.
    pub bytes: u64,
}

/// The folder of snapshots beside the database (`sphere.db.snapshots/`).
pub fn dir(db: &Path) -> PathBuf {
    integrity::with_suffix(db, ".snapshots")
}

/// The snapshots of the database at `db`, newest first.
pub fn list(db: &Path) -> CoreResult<Vec<Snapshot>> {
    let dir = dir(db);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(CoreError::Storage(format!(
                "cannot read the snapshots folder {}: {e}",
                dir.display()
            )));
        }
    };
    let mut out: Vec<Snapshot> = entries
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            if path.extension()?.to_str()? != EXTENSION {
                return None;
            }
            let id = path.file_stem()?.to_str()?.to_string();
            let (taken_at, reason) = parse_id(&id)?;
            let bytes = entry.metadata().ok()?.len();
            Some(Snapshot {
                id,
                taken_at,
                reason,
                bytes,
            })
        })
        .collect();
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.id.cmp(&a.id)));
    Ok(out)
}

fn parse_id(id: &str) -> Option<(DateTime<Utc>, Reason)> {
    // `YYYYMMDD-HHMMSS-mmm-<reason>[-n]`
    let time = id.get(..19)?;
    let rest = id.get(20..)?;
    let taken_at = NaiveDateTime::parse_from_str(time, ID_TIME).ok()?.and_utc();
    let reason = Reason::parse(rest).or_else(|| {
        let (reason, n) = rest.rsplit_once('-')?;
        n.parse::<u32>().ok()?;
        Reason::parse(reason)
    })?;
    Some((taken_at, reason))
}

/// How many snapshots are kept (besides those taken before a migration).
pub fn keep(db: &Path) -> usize {
    fs::read_to_string(dir(db).join("keep"))
        .ok()
        .and_then(|t| t.trim().parse::<usize>().ok())
        .filter(|n| (1..=MAX_KEEP).contains(n))
        .unwrap_or(DEFAULT_KEEP)
}

/// Chooses how many snapshots are kept (1 to [`MAX_KEEP`]), and lets older ones go now.
pub fn set_keep(db: &Path, n: usize) -> CoreResult<()> {
    if !(1..=MAX_KEEP).contains(&n) {
        return Err(CoreError::invalid(
            "keep",
            format!("keep between 1 and {MAX_KEEP} snapshots (got {n})"),
        ));
    }
    let dir = dir(db);
    integrity::private_dir(&dir).map_err(|e| folder_error(&dir, &e))?;
    fs::write(dir.join("keep"), n.to_string()).map_err(|e| folder_error(&dir, &e))?;
    prune(db, Utc::now())
}

fn folder_error(dir: &Path, e: &std::io::Error) -> CoreError {
    CoreError::Storage(format!(
        "cannot write to the snapshots folder {}: {e}",
        dir.display()
    ))
}

impl Store {
    /// Takes a snapshot now (a consistent copy, while others may keep writing).
    pub fn take_snapshot(&self, reason: Reason) -> CoreResult<Snapshot> {
        let db = self
            .path
            .as_deref()
            .ok_or_else(|| CoreError::invalid("db", "a database in memory has no snapshots"))?;
        let snapshot = take(&self.conn, db, self.key.as_ref(), reason, Utc::now())?;
        prune(db, Utc::now())?;
        Ok(snapshot)
    }

    /// Puts the snapshot `id` back in place of the database, after taking a snapshot of the
    /// current state (returned, so the restore can be undone by restoring it). The snapshot
    /// is checked first: a damaged one is refused with nothing changed. The store is opened
    /// again afterwards (sound, migrated if the snapshot is older); other processes that hold
    /// the file open rebuild what they hold from it.
    pub fn restore_snapshot(&mut self, id: &str) -> CoreResult<Snapshot> {
        let db = self
            .path
            .clone()
            .ok_or_else(|| CoreError::invalid("db", "a database in memory has no snapshots"))?;
        let snapshots = list(&db)?;
        let chosen = snapshots.iter().find(|s| s.id == id).ok_or_else(|| {
            CoreError::NotFound(format!(
                "no snapshot `{id}` beside {} (`sphere snapshots list` shows them)",
                db.display()
            ))
        })?;
        let file = dir(&db).join(format!("{}.{EXTENSION}", chosen.id));
        let key = self.key.clone();
        let source = checked_snapshot(&file, &chosen.id, key.as_ref())?;
        let before = self.snapshot_before_restore(&db)?;
        let seen = changes::last_seq(self.db()).unwrap_or(0);
        {
            let _announced = integrity::announce(&db, "restoring a snapshot");
            copy_into_database(&source, &db, seen, key.as_ref())?;
        }
        drop(source);
        *self = Store::open_with(&db, key.as_ref())?;
        Ok(before)
    }

    /// The undo of a restore: a snapshot of the file as it is, through the backup API, or
    /// (when the file is too damaged to be read that way) a byte copy of it.
    fn snapshot_before_restore(&self, db: &Path) -> CoreResult<Snapshot> {
        match take(
            &self.conn,
            db,
            self.key.as_ref(),
            Reason::BeforeRestore,
            Utc::now(),
        ) {
            Ok(s) => Ok(s),
            Err(_) if matches!(self.health, integrity::Health::Damaged(_)) => {
                copy_file_as_snapshot(db, Utc::now())
            }
            Err(e) => Err(e),
        }
    }
}

/// Takes a daily snapshot when the newest is more than a day old and the file holds records.
/// Best effort: a snapshot that cannot be taken (a full disk) does not stop the file opening.
pub(crate) fn take_daily(store: &Store, now: DateTime<Utc>) {
    let Some(db) = store.path.as_deref() else {
        return;
    };
    let newest = list(db).ok().and_then(|l| l.first().map(|s| s.taken_at));
    if newest.is_some_and(|t| now - t < chrono::Duration::days(1)) {
        return;
    }
    let has_records: bool = store
        .conn
        .query_row("SELECT EXISTS (SELECT 1 FROM person)", [], |r| r.get(0))
        .unwrap_or(false);
    if has_records && take(&store.conn, db, store.key.as_ref(), Reason::Daily, now).is_ok() {
        let _ = prune(db, now);
    }
}

/// Takes a snapshot before a migration. Best effort, like the daily one.
pub(crate) fn take_before_migration(store: &Store) {
    if let Some(db) = store.path.as_deref() {
        let now = Utc::now();
        if take(
            &store.conn,
            db,
            store.key.as_ref(),
            Reason::BeforeMigration,
            now,
        )
        .is_ok()
        {
            let _ = prune(db, now);
        }
    }
}

/// A new snapshot's id and final path (unique within the folder).
fn new_name(dir: &Path, reason: Reason, now: DateTime<Utc>) -> (String, PathBuf) {
    let base = format!("{}-{}", now.format(ID_TIME), reason.as_str());
    let mut id = base.clone();
    let mut n = 2;
    while dir.join(format!("{id}.{EXTENSION}")).exists() {
        id = format!("{base}-{n}");
        n += 1;
    }
    let path = dir.join(format!("{id}.{EXTENSION}"));
    (id, path)
}

fn take(
    src: &Connection,
    db: &Path,
    key: Option<&VaultKey>,
    reason: Reason,
    now: DateTime<Utc>,
) -> CoreResult<Snapshot> {
    let dir = dir(db);
    integrity::private_dir(&dir).map_err(|e| folder_error(&dir, &e))?;
    clean_unfinished(&dir);
    let (id, path) = new_name(&dir, reason, now);
    let tmp = dir.join(format!(".{id}.tmp-{}", std::process::id()));
    let written = (|| -> Result<(), StoreError> {
        integrity::create_private(&tmp).map_err(|e| folder_error(&dir, &e))?;
        let mut dst = db::connect(&tmp, write_flags(), key)?;
        copy_all(src, &mut dst, db)?;
        // A self-contained file: no -wal needed to read it.
        let _: String =
            dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        drop(dst);
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| folder_error(&dir, &e))?;
        fs::rename(&tmp, &path).map_err(|e| folder_error(&dir, &e))?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(integrity::with_suffix(&tmp, "-journal"));
        return Err(e.into());
    }
    snapshot_at(&path, id, reason, now)
}

fn snapshot_at(
    path: &Path,
    id: String,
    reason: Reason,
    now: DateTime<Utc>,
) -> CoreResult<Snapshot> {
    let bytes = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Snapshot {
        id,
        taken_at: parse_id_time(now),
        reason,
        bytes,
    })
}

/// The time as the id keeps it (milliseconds), so a listed snapshot equals the one returned.
fn parse_id_time(now: DateTime<Utc>) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(&now.format(ID_TIME).to_string(), ID_TIME)
        .map(|t| t.and_utc())
        .unwrap_or(now)
}

/// A byte copy of a (damaged) database file as a snapshot, with its -wal beside it.
fn copy_file_as_snapshot(db: &Path, now: DateTime<Utc>) -> CoreResult<Snapshot> {
    let dir = dir(db);
    integrity::private_dir(&dir).map_err(|e| folder_error(&dir, &e))?;
    let (id, path) = new_name(&dir, Reason::BeforeRestore, now);
    let tmp = dir.join(format!(".{id}.tmp-{}", std::process::id()));
    let copied = (|| -> std::io::Result<()> {
        let wal = integrity::with_suffix(db, "-wal");
        if wal.exists() {
            fs::copy(&wal, integrity::with_suffix(&path, "-wal"))?;
        }
        fs::copy(db, &tmp)?;
        integrity::set_private_mode(&tmp);
        fs::rename(&tmp, &path)
    })();
    copied.map_err(|e| folder_error(&dir, &e))?;
    snapshot_at(&path, id, Reason::BeforeRestore, now)
}

/// Opens a snapshot to restore it, refusing one that is damaged or from a newer Sphere.
fn checked_snapshot(file: &Path, id: &str, key: Option<&VaultKey>) -> CoreResult<Connection> {
    let damaged = |what: String| {
        CoreError::Damaged(format!(
            "snapshot `{id}` is damaged ({what}); nothing was changed. Choose another snapshot (`sphere snapshots list`)."
        ))
    };
    let conn = db::connect(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )
    .map_err(|e| damaged(integrity::describe(&e)))?;
    let findings = integrity::quick_check(&conn);
    if !findings.is_empty() {
        return Err(damaged(integrity::summarize(&findings)));
    }
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(integrity::describe(&e)))?;
    if usize::try_from(version).unwrap_or(0) > schema::LATEST_VERSION {
        return Err(CoreError::invalid(
            "id",
            format!(
                "snapshot `{id}` was written by a newer Sphere (schema version {version}); nothing was changed"
            ),
        ));
    }
    Ok(conn)
}

/// Copies `source` over the database at `db`, in one write transaction of the backup API
/// (all or nothing: a crash leaves the file as it was), and logs one "everything changed"
/// row after `seen` so every process holding the file rebuilds what it holds. A file too
/// damaged to be opened is replaced instead (no one can have it open usefully).
fn copy_into_database(
    source: &Connection,
    db: &Path,
    seen: i64,
    key: Option<&VaultKey>,
) -> CoreResult<()> {
    let copied = (|| -> Result<(), StoreError> {
        let mut dst = db::connect(db, write_flags(), key)?;
        copy_all(source, &mut dst, db)?;
        dst.execute(
            "INSERT INTO change_log (seq, kind, row_id)
             VALUES (max(?1, (SELECT coalesce(max(seq), 0) FROM change_log)) + 1, 'all', NULL)",
            [seen],
        )?;
        Ok(())
    })();
    match copied {
        Ok(()) => Ok(()),
        Err(StoreError::Sqlite(e)) if integrity::is_damage(&e) => replace_file(source, db, key),
        Err(e) => Err(e.into()),
    }
}

/// Writes `source` to a new file beside `db` and renames it over `db` (removing the old
/// -wal and -shm, which belong to the damaged file).
fn replace_file(source: &Connection, db: &Path, key: Option<&VaultKey>) -> CoreResult<()> {
    let tmp = integrity::with_suffix(db, ".restoring");
    let _ = fs::remove_file(&tmp);
    let written = (|| -> Result<(), StoreError> {
        integrity::create_private(&tmp).map_err(|e| CoreError::Storage(e.to_string()))?;
        let mut dst = db::connect(&tmp, write_flags(), key)?;
        copy_all(source, &mut dst, db)?;
        let _: String =
            dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e.into());
    }
    let _ = fs::remove_file(integrity::with_suffix(db, "-wal"));
    let _ = fs::remove_file(integrity::with_suffix(db, "-shm"));
    fs::rename(&tmp, db).map_err(|e| {
        CoreError::Storage(format!(
            "cannot put the snapshot in place of {}: {e}",
            db.display()
        ))
    })
}

/// Copies every page of `src` into `dst` with the online backup API, in one step: one read
/// transaction of the source (a consistent copy while others write) and one write
/// transaction of the destination (all or nothing). `db` names whose lock a busy copy waited
/// for.
fn copy_all(src: &Connection, dst: &mut Connection, db: &Path) -> Result<(), StoreError> {
    match Backup::new(src, dst)?.step(-1)? {
        StepResult::Done => Ok(()),
        _ => Err(CoreError::Busy(integrity::busy_message(
            integrity::busy_doing(db).as_deref(),
        ))
        .into()),
    }
}

/// Flags to open (or create) a database file for writing: snapshots, conversions.
pub(crate) fn write_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
}

/// Removes snapshots that were cut short (a crash while taking one) more than an hour ago.
fn clean_unfinished(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if name.starts_with('.') && name.contains(".tmp-") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Lets go of snapshots beyond the newest `keep`, and of those taken before a migration
/// after 30 days (keeping the newest of them).
fn prune(db: &Path, now: DateTime<Utc>) -> CoreResult<()> {
    let keep = keep(db);
    let all = list(db)?;
    let (migrations, regular): (Vec<&Snapshot>, Vec<&Snapshot>) = all
        .iter()
        .partition(|s| s.reason == Reason::BeforeMigration);
    let old_migrations = migrations
        .iter()
        .skip(1)
        .filter(|s| now - s.taken_at > chrono::Duration::days(KEEP_BEFORE_MIGRATION_DAYS));
    for s in regular.iter().skip(keep).chain(old_migrations) {
        let file = dir(db).join(format!("{}.{EXTENSION}", s.id));
        let _ = fs::remove_file(&file);
        let _ = fs::remove_file(integrity::with_suffix(&file, "-wal"));
    }
    Ok(())
}

/// Restores snapshot `id` over a database file Sphere cannot open at all (empty, not a
/// database, too damaged to read): the file is kept as a `before-restore` snapshot (a byte
/// copy) when it holds anything, then replaced. Returns that copy, if one was made. `key` is
/// the key of an encrypted database (its snapshots are encrypted with it).
pub fn restore_unopenable(
    db: &Path,
    id: &str,
    key: Option<&VaultKey>,
) -> CoreResult<Option<Snapshot>> {
    let chosen = list(db)?.into_iter().find(|s| s.id == id).ok_or_else(|| {
        CoreError::NotFound(format!(
            "no snapshot `{id}` beside {} (`sphere snapshots list` shows them)",
            db.display()
        ))
    })?;
    let file = dir(db).join(format!("{}.{EXTENSION}", chosen.id));
    let source = checked_snapshot(&file, &chosen.id, key)?;
    let before = match fs::metadata(db) {
        Ok(m) if m.len() > 0 => Some(copy_file_as_snapshot(db, Utc::now())?),
        _ => None,
    };
    replace_file(&source, db, key)?;
    Ok(before)
}
