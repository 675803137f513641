//! The store: the only place that speaks SQL. Opens (and migrates) the SQLite file, and reads
//! and writes the domain records. Every multi-row write runs in one transaction.
//!
//! Every read and write takes a [`Db`]: the open database, or the transaction of a
//! [`Store::write`], so many writes can run inside one transaction. The connection itself
//! never leaves this crate.

pub mod accounts;
pub mod asks;
pub mod backup;
pub mod bulk;
pub mod calendar;
pub mod capture;
pub mod changes;
mod db;
pub mod error;
mod facts;
pub mod imports;
pub mod integrity;
mod interactions;
pub mod intros;
pub mod keep_in_touch;
pub mod ledger;
pub mod mail;
pub mod merge;
mod organizations;
mod people;
pub mod schema;
pub mod snapshots;
pub mod stats;
pub mod team;
mod ties;
pub mod vault;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

pub use changes::Changes;
pub use db::Db;
pub use error::{StoreError, StoreResult};
pub use integrity::Health;
use sphere_domain::Counts;
use sphere_domain::error::{CoreError, CoreResult};

pub use facts::{all_facts, delete_fact, facts_in, get_fact, insert_fact, list_facts, update_fact};
pub use interactions::{
    delete_interaction, get_interaction, insert_interaction, list_interactions, log_interaction,
};
pub use organizations::{
    delete_organization, find_organization_by_name, get_organization, insert_organization,
    list_organizations, organization_summary, update_organization,
};
pub use people::{
    NamedPerson, all_people, centre_person, delete_person, get_person, insert_person, list_people,
    people_named, person_ref, sphere_people, team_members, update_person,
};
pub use ties::{
    delete_tie, doubt_of, get_tie, insert_tie, list_ties, set_doubt, tie_between, update_tie,
};

/// The pictures' folder of the database file at `path` (see [`Store::photos_dir`]).
pub fn photos_dir_of(path: &Path) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_string_lossy();
    Some(path.with_file_name(format!("{stem}-photos")))
}

/// The page cache a bulk write may use, in KiB (pages are allocated only as they are used).
pub const BULK_CACHE_KIB: i64 = 1 << 20;

/// Lets the page cache grow to [`BULK_CACHE_KIB`]; returns the size to restore afterwards.
fn enlarge_cache(conn: &Connection) -> CoreResult<i64> {
    let before: i64 = conn
        .pragma_query_value(None, "cache_size", |r| r.get(0))
        .map_err(StoreError::from)?;
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)
        .map_err(StoreError::from)?;
    Ok(before)
}

/// Shrinks the page cache back to `size` (what [`enlarge_cache`] returned), freeing pages.
fn restore_cache(conn: &Connection, size: i64) -> CoreResult<()> {
    conn.pragma_update(None, "cache_size", size)
        .map_err(StoreError::from)?;
    Ok(())
}

/// An open, migrated database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// `PRAGMA data_version` when this connection last caught up with other connections'
    /// writes ([`Store::catch_up`]).
    data_version: i64,
    /// The last `change_log` row accounted for: applied by [`Store::catch_up`], or written by
    /// this connection itself.
    seen_seq: i64,
    /// Sound, or damaged and open read-only (every write refused).
    health: Health,
    /// This store's "open" marker beside the file; dropped (removed) on a clean close.
    _session: Option<integrity::Marker>,
    /// The key of an encrypted database (pictures are sealed with it).
    key: Option<vault::VaultKey>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and applies pending migrations
    /// atomically. The parent directory is created when missing.
    pub fn open(path: &Path) -> StoreResult<Self> {
        Self::open_with(path, None)
    }

    /// [`Store::open`] for an encrypted database too: `key` is its key (`None` for a plain
    /// file). A new file given a key is created encrypted. A key for a plain file, no key for
    /// an encrypted one, or a wrong key is refused before anything is written.
    pub fn open_with(path: &Path, key: Option<&vault::VaultKey>) -> StoreResult<Self> {
        // Plain or encrypted, and the key that goes with it, before anything opens the file.
        let kind = vault::check_kind(path, key)?;
        let open_err = |reason: String| CoreError::Open {
            path: path.display().to_string(),
            reason,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| open_err(format!("cannot create folder {}: {e}", parent.display())))?;
        }
        // Empty, foreign and newer files are refused here, before SQLite touches them.
        let preflight = integrity::preflight(path, kind.is_encrypted())?;
        // Before this process opens it (and its own close notes a new time). A file another
        // Sphere has open changes under it legitimately.
        let changed = integrity::changed_outside(path);
        let integrity::Session {
            marker: session,
            unclean,
            shared,
        } = integrity::begin_session(path);
        let changed = changed && !shared;
        let mut store = match Self::open_read_write(path, key) {
            Ok(store) => store,
            Err(StoreError::Sqlite(e)) if integrity::is_damage(&e) => {
                integrity::forget_check(path);
                let message = integrity::damaged_message(path, &integrity::describe(&e));
                return Self::open_read_only(path, message, session, key);
            }
            Err(StoreError::Sqlite(e)) if integrity::is_busy(&e) => {
                return Err(CoreError::Busy(integrity::busy_message(
                    integrity::busy_doing(path).as_deref(),
                ))
                .into());
            }
            Err(StoreError::Core(e)) => return Err(e.into()),
            Err(e) => return Err(open_err(e.to_string()).into()),
        };
        store._session = session;
        let now = now();
        if preflight.created {
            integrity::record_check(path, now);
        } else if unclean || changed || integrity::check_due(path, now) {
            let findings = integrity::quick_check(&store.conn);
            if !findings.is_empty() {
                // Checked again at every open until it is sound (restored).
                integrity::forget_check(path);
                let session = store._session.take();
                drop(store);
                let message = integrity::damaged_message(path, &integrity::summarize(&findings));
                return Self::open_read_only(path, message, session, key);
            }
            integrity::record_check(path, now);
        }
        if !preflight.created {
            snapshots::take_daily(&store, now);
        }
        Ok(store)
    }

    fn open_read_write(path: &Path, key: Option<&vault::VaultKey>) -> StoreResult<Self> {
        let conn = db::connect(path, read_write_flags(), key)?;
        if key.is_some() {
            vault::verify_key(&conn, path)?;
        }
        let mut store = Self {
            conn,
            path: Some(path.to_path_buf()),
            data_version: 0,
            seen_seq: 0,
            health: Health::Sound,
            _session: None,
            key: key.cloned(),
        };
        store.configure(true)?;
        Ok(store)
    }

    /// Opens a damaged file read-only: what can still be read is shown (and can be saved
    /// with a backup), and every write is refused with `message`. A file too damaged to read
    /// its schema, or one that would need a migration, is refused with the message instead.
    fn open_read_only(
        path: &Path,
        message: String,
        session: Option<integrity::Marker>,
        key: Option<&vault::VaultKey>,
    ) -> StoreResult<Self> {
        let refused = || StoreError::Core(CoreError::Damaged(message.clone()));
        let conn = db::connect(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
            key,
        )
        .map_err(|_| refused())?;
        let mut store = Self {
            conn,
            path: Some(path.to_path_buf()),
            data_version: 0,
            seen_seq: 0,
            health: Health::Damaged(message.clone()),
            _session: session,
            key: key.cloned(),
        };
        let ready = (|| -> StoreResult<()> {
            store.conn.pragma_update(None, "foreign_keys", "ON")?;
            if store.schema_version()? != schema::LATEST_VERSION {
                return Err(refused());
            }
            store.data_version = store.data_version()?;
            store.seen_seq = changes::last_seq(store.db())?;
            Ok(())
        })();
        ready.map_err(|_| refused())?;
        Ok(store)
    }

    /// Sound, or damaged and open read-only.
    pub fn health(&self) -> &Health {
        &self.health
    }

    /// Refuses a write to a damaged file, with what to do.
    fn writable(&self) -> CoreResult<()> {
        match &self.health {
            Health::Sound => Ok(()),
            Health::Damaged(message) => Err(CoreError::Damaged(message.clone())),
        }
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> StoreResult<Self> {
        let mut store = Self {
            conn: Connection::open_in_memory()?,
            path: None,
            data_version: 0,
            seen_seq: 0,
            health: Health::Sound,
            _session: None,
            key: None,
        };
        store.configure(false)?;
        Ok(store)
    }

    fn configure(&mut self, wal: bool) -> StoreResult<()> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        // Deleted text is overwritten, not left readable in free pages.
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        // The version before anything that writes (WAL mode changes the header): a file of a
        // newer Sphere stays untouched. (`preflight` already read it from the header; this
        // sees a newer version committed to a -wal too.)
        let version = self.schema_version()?;
        if version > schema::LATEST_VERSION {
            return Err(CoreError::Open {
                path: self.path_display(),
                reason: integrity::newer_reason(version),
            }
            .into());
        }
        if wal {
            let mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(CoreError::Open {
                    path: self.path_display(),
                    reason: format!("the database refused WAL mode (journal_mode is {mode})"),
                }
                .into());
            }
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        if version > 0 && version < schema::LATEST_VERSION {
            // A copy to go back to if the migration (or the new version) disappoints.
            snapshots::take_before_migration(self);
        }
        schema::migrations().to_latest(&mut self.conn)?;
        // Relationships from before version 3 get their strength summaries now, once.
        let tx = self.conn.transaction()?;
        stats::fill_missing_stats(Db::new(&tx), now())?;
        tx.commit()?;
        // Everything up to here is what the caller loads next. The version first: a commit
        // landing between the two reads is then seen again (harmlessly), never missed.
        self.data_version = self.data_version()?;
        self.seen_seq = changes::last_seq(self.db())?;
        Ok(())
    }

    fn path_display(&self) -> String {
        self.path
            .as_ref()
            .map_or_else(|| ":memory:".into(), |p| p.display().to_string())
    }

    /// Where the database lives, or `None` for an in-memory one.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Where people's pictures are kept: the folder `<name>-photos` beside the database file
    /// (`sphere.db` → `sphere-photos/`). `None` for a database in memory, which keeps none.
    pub fn photos_dir(&self) -> Option<PathBuf> {
        photos_dir_of(self.path.as_deref()?)
    }

    /// The pictures' folder ([`Store::photos_dir`]) with the key they are sealed with when the
    /// database is encrypted.
    pub fn photos(&self) -> Option<vault::Photos> {
        Some(vault::Photos::new(self.photos_dir()?, self.key.clone()))
    }

    /// The key of an encrypted database (`None` for a plain one).
    pub fn vault_key(&self) -> Option<&vault::VaultKey> {
        self.key.as_ref()
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> StoreResult<usize> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    /// Read access (each statement on its own).
    pub fn db(&self) -> Db<'_> {
        Db::new(&self.conn)
    }

    /// Runs `f` in one read transaction: everything it reads is one consistent state, even
    /// while another process writes.
    pub fn read<T>(&self, f: impl FnOnce(Db<'_>) -> CoreResult<T>) -> CoreResult<T> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(StoreError::from)?;
        let out = f(Db::new(&tx))?;
        // A read-only transaction: ending it cannot lose anything.
        tx.rollback().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Runs `f` in one immediate transaction: all of its writes land, or none do.
    ///
    /// The change-log rows the transaction adds are this connection's own: when nothing
    /// was logged by anyone else since the last [`Store::catch_up`], they are marked seen, so
    /// catching up never applies them again. (Otherwise they stay unseen and the next catch-up
    /// applies them along with the others' rows: redundant, never wrong.)
    pub fn write<T>(&mut self, f: impl FnOnce(Db<'_>) -> CoreResult<T>) -> CoreResult<T> {
        self.write_doing(None, f)
    }

    /// [`Store::write`], announcing what it does (`doing`: "restoring a backup") beside the
    /// file while it holds the write lock, so another process that waits for the lock in vain
    /// can say what it waited for.
    fn write_doing<T>(
        &mut self,
        doing: Option<&str>,
        f: impl FnOnce(Db<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        self.writable()?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| write_error(path.as_deref(), e))?;
        let _announced = path
            .as_deref()
            .zip(doing)
            .and_then(|(path, doing)| integrity::announce(path, doing));
        let before = changes::last_seq(Db::new(&tx)).map_err(StoreError::from)?;
        let out = f(Db::new(&tx))?;
        let after = changes::last_seq(Db::new(&tx)).map_err(StoreError::from)?;
        tx.commit().map_err(|e| write_error(path.as_deref(), e))?;
        if before == self.seen_seq {
            self.seen_seq = after;
        }
        Ok(out)
    }

    /// `PRAGMA data_version`: changes when another connection commits to the file, never for
    /// this connection's own commits. A few microseconds.
    pub fn data_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    /// Whether another connection committed since the last [`Store::catch_up`] (cheap: one
    /// pragma). Does not acknowledge anything.
    pub fn changed_since_last_check(&self) -> StoreResult<bool> {
        Ok(self.data_version()? != self.data_version)
    }

    /// Catches up with what other connections wrote since the last call: when another
    /// connection committed (`PRAGMA data_version`) and logged a change to a record the
    /// caller holds in memory, runs `f` on them (`Changes::everything` past `limit` rows) in
    /// one read transaction, with the database as it was when they were read, and returns what
    /// `f` returned. `None` when there is nothing to catch up with. The changes count as
    /// applied only when `f` succeeds; after an error, the next call offers them again.
    pub fn catch_up<T>(
        &mut self,
        limit: usize,
        f: impl FnOnce(Db<'_>, &Changes) -> CoreResult<T>,
    ) -> CoreResult<Option<T>> {
        // The version before the log: a commit in between is read now and seen again later
        // (harmlessly), never missed.
        let version = self.data_version()?;
        if version == self.data_version {
            return Ok(None);
        }
        let seen = self.seen_seq;
        let (out, last) = self.read(|db| {
            let (changes, last) = changes::since(db, seen, limit)?;
            if changes.rows == 0 {
                return Ok((None, last));
            }
            Ok((Some(f(db, &changes)?), last))
        })?;
        self.data_version = version;
        self.seen_seq = last;
        Ok(out)
    }

    /// [`Store::read`] for reading most of the database (building the graph). For an
    /// encrypted database the page cache may grow to [`BULK_CACHE_KIB`] for the read and
    /// shrinks again afterwards: the OS caches only its ciphertext, so every page SQLite's own
    /// small cache drops would be decrypted and authenticated again when an index lookup comes
    /// back to it. A plain file needs none of it (the OS page cache serves those re-reads), so
    /// its memory use stays as it was.
    pub fn read_bulk<T>(&self, f: impl FnOnce(Db<'_>) -> CoreResult<T>) -> CoreResult<T> {
        if self.key.is_none() {
            return self.read(f);
        }
        let before = enlarge_cache(&self.conn)?;
        let out = self.read(f);
        restore_cache(&self.conn, before)?;
        out
    }

    /// [`Store::write`] for bulk loads (importers, generators, restores): the page cache may
    /// grow to [`BULK_CACHE_KIB`] for the transaction, so index pages touched in random order
    /// stay in memory instead of being written and read back; it shrinks again afterwards. The
    /// change log gets one "everything changed" row instead of one per record written (see
    /// [`changes`]): other processes rebuild what they hold.
    pub fn write_bulk<T>(&mut self, f: impl FnOnce(Db<'_>) -> CoreResult<T>) -> CoreResult<T> {
        self.write_bulk_as(
            "writing many records at once (an import, a restore or a sync)",
            f,
        )
    }

    /// [`Store::write_bulk`], saying what it does (`doing`: "restoring a backup") to other
    /// processes that wait for the write lock meanwhile.
    pub fn write_bulk_as<T>(
        &mut self,
        doing: &str,
        f: impl FnOnce(Db<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let before = enlarge_cache(&self.conn)?;
        let out = self.write_doing(Some(doing), |tx| changes::unlogged(tx, f));
        restore_cache(&self.conn, before)?;
        out
    }

    /// [`Store::write_bulk`] for filling a database that holds no records yet (generators):
    /// the secondary indexes are dropped for the transaction and built once at its end (a
    /// sort instead of millions of random insertions), and foreign keys are not checked row
    /// by row, so `f` must write only references it made itself. Refuses a database that
    /// holds any person or organization.
    pub fn fill_empty<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(Db<'_>) -> CoreResult<T>,
    ) -> CoreResult<T> {
        // Foreign-key enforcement can only change outside a transaction.
        self.conn
            .pragma_update(None, "foreign_keys", "OFF")
            .map_err(StoreError::from)?;
        let doing = format!("writing {what}");
        let out = self.write_bulk_as(&doing, |tx| {
            bulk::require_empty(tx, what)?;
            let indexes = set_aside_schema_objects(tx, "index", "", "")?;
            let out = f(tx)?;
            restore_schema_objects(tx, &indexes)?;
            Ok(out)
        });
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(StoreError::from)?;
        out
    }

    pub fn counts(&self) -> StoreResult<Counts> {
        let count = |table: &str| -> StoreResult<u32> {
            let sql = format!("SELECT count(*) FROM {table}");
            Ok(self.conn.query_row(&sql, [], |r| r.get(0))?)
        };
        Ok(Counts {
            people: count("person")?,
            organizations: count("organization")?,
            relationships: count("relationship")?,
            interactions: count("interaction")?,
        })
    }
}

/// A SQLite error of a write, with "busy" said plainly (and what holds the lock, when
/// another process announced it).
fn write_error(path: Option<&Path>, e: rusqlite::Error) -> CoreError {
    if integrity::is_busy(&e) {
        let doing = path.and_then(integrity::busy_doing);
        return CoreError::Busy(integrity::busy_message(doing.as_deref()));
    }
    StoreError::from(e).into()
}

fn read_write_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI
}

/// Schema objects (`kind`: `index` or `trigger`) set aside for one transaction: dropped now,
/// their SQL kept to create them again with [`restore_schema_objects`]. Objects whose name
/// starts with `prefix` and that do not belong to table `except`.
pub(crate) fn set_aside_schema_objects(
    tx: Db<'_>,
    kind: &str,
    prefix: &str,
    except: &str,
) -> StoreResult<Vec<(String, String)>> {
    let objects: Vec<(String, String)> = tx
        .prepare(
            "SELECT name, sql FROM sqlite_master
              WHERE type = ?1 AND sql IS NOT NULL AND tbl_name <> ?3
                AND substr(name, 1, length(?2)) = ?2
              ORDER BY name",
        )?
        .query_map(rusqlite::params![kind, prefix, except], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let keyword = if kind == "index" { "INDEX" } else { "TRIGGER" };
    for (name, _) in &objects {
        // An identifier cannot be a bound parameter; the names are the schema's own.
        tx.execute_batch(&format!("DROP {keyword} \"{}\"", name.replace('"', "\"\"")))?;
    }
    Ok(objects)
}

/// Creates again what [`set_aside_schema_objects`] dropped.
pub(crate) fn restore_schema_objects(tx: Db<'_>, objects: &[(String, String)]) -> StoreResult<()> {
    for (_, sql) in objects {
        tx.execute_batch(sql)?;
    }
    Ok(())
}

/// The default database file: `<per-user data dir>/Sphere/sphere.db`.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("Sphere")
        .join("sphere.db")
}

/// The current instant, at the precision the store keeps (microseconds).
pub fn now() -> DateTime<Utc> {
    // Microsecond precision: what RFC 3339 text round-trips through SQLite.
    let t = Utc::now();
    DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap_or(t)
}

pub(crate) fn to_json(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn from_json(idx: usize, text: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Maps a stored string enum back to its Rust value, failing loudly on unknown text.
pub(crate) fn parse_enum<T>(
    idx: usize,
    text: &str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    parse(text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("unknown value `{text}`").into(),
        )
    })
}

/// Turns "no row" into a `not_found` error that names what was looked for.
pub(crate) fn found<T>(row: rusqlite::Result<T>, what: impl FnOnce() -> String) -> StoreResult<T> {
    row.optional()?
        .ok_or_else(|| CoreError::NotFound(what()).into())
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
pub(crate) fn like_pattern(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text (`2026-01-02T03:04:05.000000Z`),
/// so text order is time order.
pub(crate) fn fmt_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Reads the fixed-width form [`fmt_time`] writes (`2026-01-02T03:04:05.000000Z`) without a
/// general RFC 3339 parser: the graph loads a million of these when it opens. `None` for any
/// other form (which [`parse_time`] then reads the general way).
fn parse_stored_time(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() != 27
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'.'
        || b[26] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| digits(&b[from..to]);
    let date = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_micro_opt(
        num(11, 13)?,
        num(14, 16)?,
        num(17, 19)?,
        num(20, 26)?,
    )?;
    Some(date.and_time(time).and_utc())
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

/// Reads a stored date (`YYYY-MM-DD`).
pub(crate) fn parse_date(text: &[u8]) -> Option<chrono::NaiveDate> {
    match text {
        [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] => chrono::NaiveDate::from_ymd_opt(
            digits(&[*y0, *y1, *y2, *y3])? as i32,
            digits(&[*m0, *m1])?,
            digits(&[*d0, *d1])?,
        ),
        _ => None,
    }
}

/// Reads an optional stored date (`YYYY-MM-DD` or NULL) from column `idx`.
pub(crate) fn get_opt_date(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    let text: Option<String> = row.get(idx)?;
    text.map(|s| {
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
    })
    .transpose()
}

pub(crate) fn get_time(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(idx)?;
    parse_time(idx, &text)
}

pub(crate) fn get_opt_time(
    row: &rusqlite::Row<'_>,
    idx: usize,
) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match row.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        value => match parse_stored_time(value.as_bytes()?) {
            Some(t) => Ok(Some(t)),
            None => parse_time(idx, value.as_str()?).map(Some),
        },
    }
}

pub(crate) fn parse_time(idx: usize, text: &str) -> rusqlite::Result<DateTime<Utc>> {
    if let Some(t) = parse_stored_time(text.as_bytes()) {
        return Ok(t);
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
        })
}

#[cfg(test)]
mod tests {
    use super::{Store, schema};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn an_empty_file_is_migrated_to_the_latest_schema() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("nested").join("sphere.db");
        let store = Store::open(&path)?;
        assert_eq!(
            store.schema_version()?,
            schema::LATEST_VERSION,
            "user_version records the schema"
        );
        let conn = &store.conn;
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
        assert_eq!(
            fk, 1,
            "foreign keys must be enforced, or deletes leave dangling ties"
        );
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        assert_eq!(mode, "wal", "WAL lets the UI read while a write runs");
        let secure: i64 = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
        assert_eq!(
            secure, 1,
            "deleted text (a never fact) must be overwritten, not left in free pages"
        );
        let timeout: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0))?;
        assert!(
            timeout >= 1000,
            "a busy timeout avoids spurious `database is locked` errors"
        );
        for table in [
            "person",
            "organization",
            "relationship",
            "interaction",
            "interaction_participant",
        ] {
            let n: i64 = conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )?;
            assert_eq!(n, 1, "table {table} must exist after migration");
        }
        Ok(())
    }
}
