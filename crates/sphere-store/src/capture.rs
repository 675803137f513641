//! Capture from mail, calendars and address books: the user's settings for it and the
//! sources it reads (`capture_source`, schema version 11). The messages and calendar items
//! (`mail_message`, `calendar_item`) are written by the capture writers.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use crate::Db;
use crate::error::StoreResult;
use crate::{fmt_time, get_opt_time, get_time};
use sphere_domain::Id;

/// The user's own addresses, as set in Settings (JSON array of strings).
pub const MY_ADDRESSES_KEY: &str = "capture.my_addresses";
/// A message to more recipients than this (to + cc) is ignored: a broadcast, not an exchange.
pub const MAX_RECIPIENTS_KEY: &str = "capture.max_recipients";
/// Whether mail subjects are kept ("true"/"false"; off by default).
pub const KEEP_SUBJECTS_KEY: &str = "capture.keep_subjects";

/// The default for [`MAX_RECIPIENTS_KEY`].
pub const DEFAULT_MAX_RECIPIENTS: u32 = 10;
/// The range a user may choose for [`MAX_RECIPIENTS_KEY`].
pub const MAX_RECIPIENTS_RANGE: (u32, u32) = (1, 500);

/// What capture reads from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureSettings {
    /// The user's addresses, lower case, without duplicates: those set in Settings and those
    /// of the person at the centre.
    pub my_addresses: Vec<String>,
    /// Only those set in Settings (what the Settings page shows and edits).
    pub configured_addresses: Vec<String>,
    pub max_recipients: u32,
    pub keep_subjects: bool,
}

fn setting(conn: Db<'_>, key: &str) -> StoreResult<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn put(conn: Db<'_>, key: &str, value: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Reads the capture settings (defaults for what was never set).
pub fn settings(conn: Db<'_>) -> StoreResult<CaptureSettings> {
    let configured: Vec<String> = setting(conn, MY_ADDRESSES_KEY)?
        .and_then(|v| serde_json::from_str::<Vec<String>>(&v).ok())
        .unwrap_or_default();
    let mut mine: Vec<String> = Vec::new();
    let centre = crate::centre_person(conn)?;
    for a in configured
        .iter()
        .chain(centre.iter().flat_map(|p| p.emails.iter()))
    {
        let a = a.trim().to_lowercase();
        if !a.is_empty() && !mine.contains(&a) {
            mine.push(a);
        }
    }
    let max_recipients = setting(conn, MAX_RECIPIENTS_KEY)?
        .and_then(|v| v.parse::<u32>().ok())
        .map(|v| v.clamp(MAX_RECIPIENTS_RANGE.0, MAX_RECIPIENTS_RANGE.1))
        .unwrap_or(DEFAULT_MAX_RECIPIENTS);
    let keep_subjects = setting(conn, KEEP_SUBJECTS_KEY)?.as_deref() == Some("true");
    Ok(CaptureSettings {
        my_addresses: mine,
        configured_addresses: configured,
        max_recipients,
        keep_subjects,
    })
}

/// Stores the addresses set in Settings (already checked by the caller).
pub fn set_my_addresses(conn: Db<'_>, addresses: &[String]) -> StoreResult<()> {
    let json = serde_json::to_string(addresses).unwrap_or_else(|_| "[]".into());
    put(conn, MY_ADDRESSES_KEY, &json)
}

pub fn set_max_recipients(conn: Db<'_>, n: u32) -> StoreResult<()> {
    put(conn, MAX_RECIPIENTS_KEY, &n.to_string())
}

pub fn set_keep_subjects(conn: Db<'_>, keep: bool) -> StoreResult<()> {
    put(conn, KEEP_SUBJECTS_KEY, if keep { "true" } else { "false" })
}

/// A connected source or a file import, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub id: Id,
    /// `mbox`, `maildir`, `ics`, `imap`, `caldav` or `carddav`.
    pub kind: String,
    pub label: String,
    /// What reading it again needs (never a password).
    pub config: Value,
    /// Where the last sync stopped.
    pub cursor: Value,
    /// What the last run read, kept and ignored.
    pub counts: Value,
    pub created_at: DateTime<Utc>,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_ok_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

const SOURCE_COLUMNS: &str =
    "id, kind, label, config, cursor, counts, created_at, last_run_at, last_ok_at, last_error";

fn json_col(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Value> {
    let text: String = row.get(idx)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn source_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SourceRow> {
    Ok(SourceRow {
        id: row.get(0)?,
        kind: row.get(1)?,
        label: row.get(2)?,
        config: json_col(row, 3)?,
        cursor: json_col(row, 4)?,
        counts: json_col(row, 5)?,
        created_at: get_time(row, 6)?,
        last_run_at: get_opt_time(row, 7)?,
        last_ok_at: get_opt_time(row, 8)?,
        last_error: row.get(9)?,
    })
}

/// Records a new source; its cursor and counts start empty.
pub fn create_source(
    conn: Db<'_>,
    kind: &str,
    label: &str,
    config: &Value,
    now: DateTime<Utc>,
) -> StoreResult<Id> {
    conn.execute(
        "INSERT INTO capture_source (kind, label, config, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![kind, label, config.to_string(), fmt_time(&now)],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get_source(conn: Db<'_>, id: Id) -> StoreResult<Option<SourceRow>> {
    let sql = format!("SELECT {SOURCE_COLUMNS} FROM capture_source WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], source_row).optional()?)
}

/// The source of this kind and label (a file imported before), if any.
pub fn find_source(conn: Db<'_>, kind: &str, label: &str) -> StoreResult<Option<SourceRow>> {
    let sql = format!(
        "SELECT {SOURCE_COLUMNS} FROM capture_source WHERE kind = ?1 AND label = ?2
         ORDER BY id LIMIT 1"
    );
    Ok(conn
        .query_row(&sql, params![kind, label], source_row)
        .optional()?)
}

/// Every source, oldest first.
pub fn list_sources(conn: Db<'_>) -> StoreResult<Vec<SourceRow>> {
    let sql = format!("SELECT {SOURCE_COLUMNS} FROM capture_source ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], source_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Forgets a source (its messages and calendar items stay, with no source); `false` when
/// there was none.
pub fn delete_source(conn: Db<'_>, id: Id) -> StoreResult<bool> {
    Ok(conn.execute("DELETE FROM capture_source WHERE id = ?1", [id])? > 0)
}

pub fn set_source_config(conn: Db<'_>, id: Id, label: &str, config: &Value) -> StoreResult<()> {
    conn.execute(
        "UPDATE capture_source SET label = ?2, config = ?3 WHERE id = ?1",
        params![id, label, config.to_string()],
    )?;
    Ok(())
}

/// Where the sync stopped: write it in the transaction that wrote what it covers.
pub fn set_cursor(conn: Db<'_>, id: Id, cursor: &Value) -> StoreResult<()> {
    conn.execute(
        "UPDATE capture_source SET cursor = ?2 WHERE id = ?1",
        params![id, cursor.to_string()],
    )?;
    Ok(())
}

/// Records the end of a run: its counts, and its error in words (`None` when it succeeded).
pub fn record_run(
    conn: Db<'_>,
    id: Id,
    now: DateTime<Utc>,
    counts: &Value,
    error: Option<&str>,
) -> StoreResult<()> {
    let at = fmt_time(&now);
    conn.execute(
        "UPDATE capture_source
            SET last_run_at = ?2, counts = ?3, last_error = ?4,
                last_ok_at = CASE WHEN ?4 IS NULL THEN ?2 ELSE last_ok_at END
          WHERE id = ?1",
        params![id, at, counts.to_string(), error],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn a_source_keeps_its_cursor_and_its_last_run() -> TestResult {
        let mut store = crate::Store::open_in_memory()?;
        let t0 = chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z")?.to_utc();
        let t1 = t0 + chrono::Duration::hours(1);
        let check = |tx: Db<'_>| -> Result<(), Box<dyn std::error::Error>> {
            let id = create_source(
                tx,
                "imap",
                "me@example.org",
                &serde_json::json!({"host": "h"}),
                t0,
            )?;
            set_cursor(
                tx,
                id,
                &serde_json::json!({"INBOX": {"uidvalidity": 7, "uid": 42}}),
            )?;
            record_run(tx, id, t1, &serde_json::json!({"read": 3}), None)?;
            let row = get_source(tx, id)?.ok_or("no source")?;
            assert_eq!(row.cursor["INBOX"]["uid"], 42);
            assert_eq!(row.last_ok_at, Some(t1));
            record_run(
                tx,
                id,
                t1 + chrono::Duration::hours(1),
                &serde_json::json!({}),
                Some("gone"),
            )?;
            let row = get_source(tx, id)?.ok_or("no source")?;
            assert_eq!(
                row.last_ok_at,
                Some(t1),
                "a failed run keeps the last success"
            );
            assert_eq!(row.last_error.as_deref(), Some("gone"));
            assert_eq!(
                find_source(tx, "imap", "me@example.org")?.map(|s| s.id),
                Some(id)
            );
            assert!(delete_source(tx, id)?);
            assert!(list_sources(tx)?.is_empty());
            Ok(())
        };
        let tx = store.conn.transaction()?;
        check(Db::new(&tx))?;
        Ok(())
    }
}
