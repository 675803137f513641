//! What capture from mail and calendars needs from the store that is not a table of its own:
//! the user's settings for it. The capture tables themselves (`capture_source`,
//! `mail_message`, `calendar_item`, schema version 11) are written by the capture writers.

use rusqlite::{OptionalExtension, params};

use crate::Db;
use crate::error::StoreResult;

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
