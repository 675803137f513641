//! Mail messages seen by capture (`mail_message`, schema version 11): one row per message,
//! by its `Message-ID`, kept or ignored with the reason. Only headers are stored, never a
//! body. The writer that decides what a message becomes is `sphere_import::mail`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::Db;
use crate::error::StoreResult;
use crate::{fmt_time, from_json, parse_time, to_json};
use sphere_domain::Id;

/// A message as written.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMessage<'a> {
    pub message_id: &'a str,
    pub source_id: Option<Id>,
    /// The thread's first message (the first `References` entry, else `In-Reply-To`).
    pub thread: Option<&'a str>,
    pub sent_at: DateTime<Utc>,
    /// Lower-case addresses.
    pub from_addr: &'a str,
    pub to: &'a [String],
    pub cc: &'a [String],
    pub subject: Option<&'a str>,
    /// Why it did not count, or `None` when it became an interaction.
    pub ignored: Option<&'a str>,
    pub interaction_id: Option<Id>,
}

/// A stored message, as the writer reads it back.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMessage {
    pub id: Id,
    pub message_id: String,
    pub sent_at: DateTime<Utc>,
    pub from_addr: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub ignored: Option<String>,
    pub interaction_id: Option<Id>,
}

/// Every person's email addresses, lower case, to the person (the lowest id when two
/// people share one). One read of the `person` table.
pub fn person_emails(conn: Db<'_>) -> StoreResult<HashMap<String, Id>> {
    let mut stmt = conn.prepare(
        "SELECT lower(trim(e.value)), p.id
           FROM person p, json_each(p.emails) e
          WHERE p.emails <> '[]'
          ORDER BY p.id DESC",
    )?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        // Descending ids: the lowest id is inserted last and wins. SQLite's lower() folds
        // only ASCII; the readers fold with Rust's, so `Jürgen@` and `JÜRGEN@` meet here.
        out.insert(
            row.get::<_, String>(0)?.to_lowercase(),
            row.get::<_, Id>(1)?,
        );
    }
    Ok(out)
}

/// The row holding `message_id`, if any: its id and why it was ignored (`None` when kept).
pub fn message_status(conn: Db<'_>, message_id: &str) -> StoreResult<Option<(Id, Option<String>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, ignored FROM mail_message WHERE message_id = ?1")?;
    Ok(stmt
        .query_row([message_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn insert_message(conn: Db<'_>, m: &NewMessage<'_>) -> StoreResult<Id> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO mail_message (message_id, source_id, thread, sent_at, from_addr, to_addrs,
                                   cc_addrs, subject, ignored, interaction_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    stmt.execute(params![
        m.message_id,
        m.source_id,
        m.thread,
        fmt_time(&m.sent_at),
        m.from_addr,
        to_json(m.to),
        to_json(m.cc),
        m.subject,
        m.ignored,
        m.interaction_id,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Forgets one message row (to write it again, judged anew).
pub fn delete_message(conn: Db<'_>, id: Id) -> StoreResult<()> {
    conn.prepare_cached("DELETE FROM mail_message WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Marks a stored message as counted: no reason to ignore it, and its interaction (the one
/// already recorded stays when there is one).
pub fn set_counted(conn: Db<'_>, id: Id, interaction_id: Id) -> StoreResult<()> {
    conn.prepare_cached(
        "UPDATE mail_message SET ignored = NULL, interaction_id = coalesce(interaction_id, ?2)
          WHERE id = ?1",
    )?
    .execute([id, interaction_id])?;
    Ok(())
}

fn stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredMessage> {
    Ok(StoredMessage {
        id: row.get(0)?,
        message_id: row.get(1)?,
        sent_at: parse_time(2, &row.get::<_, String>(2)?)?,
        from_addr: row.get(3)?,
        to: from_json(4, &row.get::<_, String>(4)?)?,
        cc: from_json(5, &row.get::<_, String>(5)?)?,
        ignored: row.get(6)?,
        interaction_id: row.get(7)?,
    })
}

/// The stored messages sent from any of `addresses` that counted or wait to (`ignored` is
/// NULL or `waiting`), oldest first. Reads the sender index.
pub fn messages_from(
    conn: Db<'_>,
    addresses: &[String],
    waiting: &str,
) -> StoreResult<Vec<StoredMessage>> {
    if addresses.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, message_id, sent_at, from_addr, to_addrs, cc_addrs, ignored, interaction_id
           FROM mail_message
          WHERE from_addr IN (SELECT value FROM json_each(?1))
            AND (ignored IS NULL OR ignored = ?2)
          ORDER BY sent_at, id",
    )?;
    let rows = stmt
        .query_map(params![to_json(addresses), waiting], stored)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Whether an email from `initiator` between `a` and `b` (and nobody else) at `at` is
/// already stored.
pub fn email_stored(
    conn: Db<'_>,
    a: Id,
    b: Id,
    at: DateTime<Utc>,
    initiator: Id,
) -> StoreResult<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1
           FROM interaction i
           JOIN interaction_participant pa ON pa.interaction_id = i.id AND pa.person_id = ?1
           JOIN interaction_participant pb ON pb.interaction_id = i.id AND pb.person_id = ?2
          WHERE i.occurred_at = ?3 AND i.kind = 'email' AND i.initiator_id = ?4
            AND (SELECT count(*) FROM interaction_participant n WHERE n.interaction_id = i.id) = 2
          LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![a, b, fmt_time(&at), initiator], |_| Ok(()))
        .optional()?
        .is_some())
}

/// How many messages are stored, and how many of them counted.
pub fn message_totals(conn: Db<'_>) -> StoreResult<(u32, u32)> {
    Ok(conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE ignored IS NULL) FROM mail_message",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn a_message_is_found_by_its_id_and_by_its_sender() -> TestResult {
        let mut store = crate::Store::open_in_memory()?;
        let at = chrono::DateTime::parse_from_rfc3339("2025-03-04T05:06:07Z")?.to_utc();
        let tx = store.conn.transaction()?;
        let db = Db::new(&tx);
        let to = vec!["ann@example.org".to_string()];
        let id = insert_message(
            db,
            &NewMessage {
                message_id: "a@b",
                source_id: None,
                thread: None,
                sent_at: at,
                from_addr: "me@example.org",
                to: &to,
                cc: &[],
                subject: None,
                ignored: Some("waiting"),
                interaction_id: None,
            },
        )?;
        assert_eq!(
            message_status(db, "a@b")?,
            Some((id, Some("waiting".into())))
        );
        let sent = messages_from(db, &["me@example.org".into()], "waiting")?;
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].to, to);
        assert!(messages_from(db, &["me@example.org".into()], "other")?.is_empty());
        assert_eq!(message_totals(db)?, (1, 0));
        Ok(())
    }
}
