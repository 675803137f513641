//! [`Db`], the handle every read and write of this crate takes. It wraps the connection (or
//! the open transaction) without exposing it: other crates get typed functions, never SQL.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, Params, Row, Statement};

use crate::vault::VaultKey;

/// Opens a connection on the database file at `path`: every connection this crate opens on a
/// file goes through here, so an encrypted file gets its key (`PRAGMA key`) before anything
/// else reads it. `key` is `None` for a plain file. The key is not checked here (SQLCipher
/// checks it on the first read; `vault::verify_key` turns a wrong one into a clear error).
pub(crate) fn connect(
    path: &Path,
    flags: OpenFlags,
    key: Option<&VaultKey>,
) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Deleted text is overwritten, not left readable in free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    // SQLCipher would print a wrong key's failed page checks to stderr; the caller says it
    // in one clear sentence instead.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    // Pages are authenticated with HMAC-SHA256 rather than SQLCipher 4's default SHA-512: as
    // strong a MAC, and twice as fast where the CPU hashes SHA-256 in hardware (reading the
    // 100,000-person network: `scripts/bench.sh vault`). It is the format of Sphere's encrypted
    // files, so it is set for every connection, and for copies `ATTACH`ed by `vault::convert`
    // (a process-wide default; every connection Sphere opens comes through here).
    conn.pragma_update(None, "cipher_default_hmac_algorithm", "HMAC_SHA256")?;
    // 16 KiB pages instead of 4 KiB: SQLCipher sets up its cipher and MAC once per page, so
    // reading the network costs a quarter of the set-ups (bench: `scripts/bench.sh vault`).
    conn.pragma_update(None, "cipher_default_page_size", 16384)?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", &*key.pragma_value())?;
    }
    Ok(conn)
}

/// A handle on the open database, or on the transaction of a [`crate::Store::write`].
/// `Copy`; the connection inside never leaves this crate.
#[derive(Clone, Copy)]
pub struct Db<'c> {
    conn: &'c Connection,
}

impl std::fmt::Debug for Db<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db").finish_non_exhaustive()
    }
}

// Thin forwards to the connection, visible in this crate only.
impl<'c> Db<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Self { conn }
    }

    pub(crate) fn prepare(self, sql: &str) -> rusqlite::Result<Statement<'c>> {
        self.conn.prepare(sql)
    }

    pub(crate) fn prepare_cached(
        self,
        sql: &str,
    ) -> rusqlite::Result<rusqlite::CachedStatement<'c>> {
        self.conn.prepare_cached(sql)
    }

    pub(crate) fn execute<P: Params>(self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.conn.execute(sql, params)
    }

    pub(crate) fn execute_batch(self, sql: &str) -> rusqlite::Result<()> {
        self.conn.execute_batch(sql)
    }

    pub(crate) fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> rusqlite::Result<T>>(
        self,
        sql: &str,
        params: P,
        f: F,
    ) -> rusqlite::Result<T> {
        self.conn.query_row(sql, params, f)
    }

    pub(crate) fn last_insert_rowid(self) -> i64 {
        self.conn.last_insert_rowid()
    }
}
