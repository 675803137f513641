//! [`Db`], the handle every read and write of this crate takes. It wraps the connection (or
//! the open transaction) without exposing it: other crates get typed functions, never SQL.

use rusqlite::{Connection, Params, Row, Statement};

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

/// Opens an extra connection on a database file (snapshots, checks): every connection Sphere
/// opens besides the store's own goes through here, so whatever must be applied first to
/// every connection (a key for an encrypted file) is applied in one place. `key` is not used
/// yet. `secure_delete` is on, so deleted text is overwritten rather than left in free pages.
pub(crate) fn connect(
    path: &std::path::Path,
    flags: rusqlite::OpenFlags,
    key: Option<&[u8]>,
) -> rusqlite::Result<Connection> {
    let _ = key;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(conn)
}
