//! Calendar items (`calendar_item`, schema version 11): one row per (event instance,
//! attendee) that became a meeting, keyed by `item_key`, with the interaction it wrote. The
//! calendar writer (`sphere_import::calendar::write`) decides; these functions only read and
//! write rows.
//!
//! A meeting's interaction is written with `created_at` = the writer's `now`, so one dated
//! after `now` is a *planned* interaction (see [`crate::stats`]): it counts in no summary
//! until its time comes, and `stats::ties_with_due_plans` finds it then.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::params;

use crate::Db;
use crate::error::StoreResult;
use crate::{fmt_time, get_time};
use sphere_domain::{Id, InteractionKind};

/// A stored calendar item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarItem {
    pub id: Id,
    pub item_key: String,
    pub source_id: Option<Id>,
    pub uid: String,
    pub href: Option<String>,
    pub etag: Option<String>,
    pub starts_at: DateTime<Utc>,
    /// The attendee's address, lower case.
    pub attendee: String,
    /// `None` once the user deleted the interaction (the item stays, so it is not written again).
    pub interaction_id: Option<Id>,
}

/// A calendar item to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem<'a> {
    pub item_key: &'a str,
    pub source_id: Option<Id>,
    pub uid: &'a str,
    pub href: Option<&'a str>,
    pub etag: Option<&'a str>,
    pub starts_at: DateTime<Utc>,
    pub attendee: &'a str,
    pub interaction_id: Id,
}

/// The key of the item for one attendee at one instance of one event.
pub fn item_key(uid: &str, start: &DateTime<Utc>, attendee: &str) -> String {
    format!("{uid}\u{1f}{}\u{1f}{attendee}", fmt_time(start))
}

const ITEM_COLUMNS: &str =
    "id, item_key, source_id, uid, href, etag, starts_at, attendee, interaction_id";

fn item_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CalendarItem> {
    Ok(CalendarItem {
        id: r.get(0)?,
        item_key: r.get(1)?,
        source_id: r.get(2)?,
        uid: r.get(3)?,
        href: r.get(4)?,
        etag: r.get(5)?,
        starts_at: get_time(r, 6)?,
        attendee: r.get(7)?,
        interaction_id: r.get(8)?,
    })
}

fn json_list<T: ToString>(items: &[T]) -> String {
    serde_json::to_string(&items.iter().map(ToString::to_string).collect::<Vec<_>>())
        .unwrap_or_else(|_| "[]".into())
}

/// The items of the events with these UIDs (any source).
pub fn items_of_uids(conn: Db<'_>, uids: &[String]) -> StoreResult<Vec<CalendarItem>> {
    if uids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM calendar_item
          WHERE uid IN (SELECT value FROM json_each(?1)) ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([json_list(uids)], item_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The items `source` read from these resources (CalDAV hrefs).
pub fn items_of_hrefs(
    conn: Db<'_>,
    source: Id,
    hrefs: &[String],
) -> StoreResult<Vec<CalendarItem>> {
    if hrefs.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {ITEM_COLUMNS} FROM calendar_item
          WHERE source_id = ?1 AND href IN (SELECT value FROM json_each(?2)) ORDER BY id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![source, json_list(hrefs)], item_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every item of `source`.
pub fn items_of_source(conn: Db<'_>, source: Id) -> StoreResult<Vec<CalendarItem>> {
    let sql = format!("SELECT {ITEM_COLUMNS} FROM calendar_item WHERE source_id = ?1 ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([source], item_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_item(conn: Db<'_>, item: &NewItem<'_>) -> StoreResult<Id> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO calendar_item (item_key, source_id, uid, href, etag, starts_at, attendee,
                                    interaction_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    stmt.execute(params![
        item.item_key,
        item.source_id,
        item.uid,
        item.href,
        item.etag,
        fmt_time(&item.starts_at),
        item.attendee,
        item.interaction_id
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Moves an item to the resource it was read from this time.
pub fn set_item_resource(
    conn: Db<'_>,
    id: Id,
    source: Option<Id>,
    href: Option<&str>,
    etag: Option<&str>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE calendar_item SET source_id = ?2, href = ?3, etag = ?4 WHERE id = ?1",
    )?;
    stmt.execute(params![id, source, href, etag])?;
    Ok(())
}

/// Deletes items and the interactions they wrote. Returns the people of each deleted
/// interaction (their relationships' summaries need recomputing).
pub fn delete_items(conn: Db<'_>, items: &[CalendarItem]) -> StoreResult<Vec<Vec<Id>>> {
    let mut participants = conn.prepare_cached(
        "SELECT person_id FROM interaction_participant WHERE interaction_id = ?1",
    )?;
    let mut del_interaction = conn.prepare_cached("DELETE FROM interaction WHERE id = ?1")?;
    let mut del_item = conn.prepare_cached("DELETE FROM calendar_item WHERE id = ?1")?;
    let mut out = Vec::new();
    for item in items {
        if let Some(i) = item.interaction_id {
            let people = participants
                .query_map([i], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<Id>>>()?;
            del_interaction.execute([i])?;
            out.push(people);
        }
        del_item.execute([item.id])?;
    }
    Ok(out)
}

/// A meeting between `people` at `at`, written at `now` (after `now` it is planned). No
/// initiator: a meeting is mutual.
pub fn insert_meeting(
    conn: Db<'_>,
    at: &DateTime<Utc>,
    people: &[Id],
    now: &DateTime<Utc>,
) -> StoreResult<Id> {
    let mut interaction = conn.prepare_cached(
        "INSERT INTO interaction (occurred_at, kind, note, outcome, created_at, initiator_id)
         VALUES (?1, ?2, '', NULL, ?3, NULL)",
    )?;
    interaction.execute(params![
        fmt_time(at),
        InteractionKind::Meeting.as_str(),
        fmt_time(now)
    ])?;
    let id = conn.last_insert_rowid();
    let mut participant = conn.prepare_cached(
        "INSERT INTO interaction_participant (interaction_id, person_id) VALUES (?1, ?2)",
    )?;
    for p in people {
        participant.execute([id, *p])?;
    }
    Ok(id)
}

/// Recomputes the summaries of `ties` from the log, reading each through the person given
/// with it — the one with few interactions, not the user at the centre of them all
/// (`stats::recompute_stats` reads a tie through its first person, which for the user's ties
/// is the user: every one of the user's interactions once per tie).
pub fn recompute_ties_through(
    conn: Db<'_>,
    ties: &[(Id, Id)],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let half_life = crate::stats::half_life_days(conn)?;
    let mut ends =
        conn.prepare_cached("SELECT person_a, person_b FROM relationship WHERE id = ?1")?;
    let mut shared = conn.prepare_cached(
        "SELECT i.occurred_at, i.kind, i.initiator_id
           FROM interaction_participant p
           JOIN interaction_participant q ON q.interaction_id = p.interaction_id AND q.person_id = ?2
           JOIN interaction i ON i.id = p.interaction_id
          WHERE p.person_id = ?1 AND i.occurred_at <= ?3",
    )?;
    let until = fmt_time(&now);
    for &(tie, through) in ties {
        let (a, b): (Id, Id) = ends.query_row([tie], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let other = if through == a { b } else { a };
        let mut stats = sphere_domain::strength::TieStats::at(now);
        let mut rows = shared.query(params![through, other, until])?;
        while let Some(row) = rows.next()? {
            let at = crate::parse_time(0, &row.get::<_, String>(0)?)?;
            let kind = crate::parse_enum(1, &row.get::<_, String>(1)?, InteractionKind::parse)?;
            stats.add(
                at,
                kind,
                crate::stats::side_of(row.get(2)?, a, b),
                half_life,
            );
        }
        crate::stats::write_stats(conn, tie, &stats, now)?;
    }
    Ok(())
}

/// Every person's addresses, lower case → person id (the lowest id when two share one).
pub fn people_by_email(conn: Db<'_>) -> StoreResult<HashMap<String, Id>> {
    crate::mail::person_emails(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn an_item_and_its_meeting_are_written_found_and_deleted_together() -> TestResult {
        let mut store = crate::Store::open_in_memory()?;
        let now = DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")?.to_utc();
        let at = DateTime::parse_from_rfc3339("2026-07-01T09:00:00Z")?.to_utc();
        let tx = store.conn.transaction()?;
        let db = Db::new(&tx);
        db.execute(
            "INSERT INTO person (first_name, last_name, emails, phones, ring, tags, notes,
                                 created_at, updated_at)
             VALUES ('Ada', '', '[\"Ada@Example.com\"]', '[]', 'beyond', '[]', '', ?1, ?1),
                    ('Bo', '', '[]', '[]', 'beyond', '[]', '', ?1, ?1)",
            [fmt_time(&now)],
        )?;
        let emails = people_by_email(db)?;
        assert_eq!(
            emails.get("ada@example.com"),
            Some(&1),
            "addresses match in any case"
        );
        let meeting = insert_meeting(db, &at, &[1, 2], &now)?;
        let key = item_key("u1", &at, "ada@example.com");
        insert_item(
            db,
            &NewItem {
                item_key: &key,
                source_id: None,
                uid: "u1",
                href: Some("/cal/u1.ics"),
                etag: None,
                starts_at: at,
                attendee: "ada@example.com",
                interaction_id: meeting,
            },
        )?;
        let planned: i64 = db.query_row(
            "SELECT count(*) FROM interaction WHERE occurred_at > created_at",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(planned, 1, "a meeting after now is stored as planned");
        let items = items_of_uids(db, &["u1".to_string()])?;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].starts_at, at);
        let people = delete_items(db, &items)?;
        assert_eq!(people, vec![vec![1, 2]]);
        let left: i64 = db.query_row("SELECT count(*) FROM interaction", [], |r| r.get(0))?;
        assert_eq!(left, 0, "deleting an item deletes its meeting");
        assert!(items_of_uids(db, &["u1".to_string()])?.is_empty());
        Ok(())
    }
}
