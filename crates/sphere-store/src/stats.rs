//! The summaries behind tie strength (`relationship.w_*`, `stats_at`…), kept in step with the
//! interaction log, and the settings they depend on.
//!
//! Logging an interaction adds it to the summary of every relationship among its participants
//! (incrementally); deleting one, creating a relationship or changing the half-life recomputes
//! the affected summaries from the log.
//!
//! A summary counts exactly the interactions at or before its `stats_at`: an interaction in
//! the future is *planned* and counts nowhere (strength, first and last contact, counts) until
//! its time comes. [`ties_with_due_plans`] finds the summaries a plan has come due for, and
//! the API recomputes them before valuing strengths past that time.

use std::collections::HashMap;

use crate::Db;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{fmt_time, get_opt_time, parse_enum, parse_time};
use crate::error::StoreResult;
pub use sphere_domain::records::{PersonRecord, TieRecord};
use sphere_domain::strength::{DEFAULT_HALF_LIFE_DAYS, KindCounts, Side, TieStats};
use sphere_domain::{Id, InteractionKind};

const HALF_LIFE_KEY: &str = "strength.half_life_days";

/// The strength half-life in days (default 90).
pub fn half_life_days(conn: Db<'_>) -> StoreResult<f64> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM setting WHERE key = ?1",
            [HALF_LIFE_KEY],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite() && *v >= 1.0)
        .unwrap_or(DEFAULT_HALF_LIFE_DAYS))
}

/// A numeric setting, if stored and finite.
pub fn number_setting(conn: Db<'_>, key: &str) -> StoreResult<Option<f64>> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite()))
}

pub fn set_number_setting(conn: Db<'_>, key: &str, value: f64) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value.to_string()],
    )?;
    Ok(())
}

/// Stores a new half-life and recomputes every summary with it.
pub fn set_half_life_days(conn: Db<'_>, days: f64, now: DateTime<Utc>) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![HALF_LIFE_KEY, days.to_string()],
    )?;
    recompute_stats(conn, None, now)
}

/// Which side of the relationship `a`–`b` started an interaction.
pub fn side_of(initiator: Option<Id>, a: Id, b: Id) -> Side {
    match initiator {
        Some(i) if i == a => Side::A,
        Some(i) if i == b => Side::B,
        _ => Side::Shared,
    }
}

pub(crate) fn write_stats(
    conn: Db<'_>,
    tie: Id,
    s: &TieStats,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE relationship SET stats_at = ?2, w_a = ?3, w_b = ?4, w_shared = ?5,
                first_at = ?6, last_at = ?7, n_shared = ?8 WHERE id = ?1",
    )?;
    stmt.execute(params![
        tie,
        fmt_time(&s.anchor.unwrap_or(now)),
        s.w_a,
        s.w_b,
        s.w_shared,
        s.first_at.as_ref().map(fmt_time),
        s.last_at.as_ref().map(fmt_time),
        s.count,
    ])?;
    Ok(())
}

/// Recomputes the summaries of `ties` (all when `None`) from the interaction log.
pub fn recompute_stats(conn: Db<'_>, ties: Option<&[Id]>, now: DateTime<Utc>) -> StoreResult<()> {
    let half_life = half_life_days(conn)?;
    let ids_json = ties.map(|t| {
        let ids: Vec<String> = t.iter().map(Id::to_string).collect();
        format!("[{}]", ids.join(","))
    });
    let filter = "(?1 IS NULL OR r.id IN (SELECT value FROM json_each(?1)))";
    let mut stats: HashMap<Id, TieStats> = HashMap::new();
    {
        let mut ids = conn.prepare(&format!("SELECT r.id FROM relationship r WHERE {filter}"))?;
        let mut rows = ids.query([&ids_json])?;
        while let Some(row) = rows.next()? {
            stats.insert(row.get(0)?, TieStats::at(now));
        }
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, r.person_a, r.person_b, i.occurred_at, i.kind, i.initiator_id
           FROM relationship r
           JOIN interaction_participant pa ON pa.person_id = r.person_a
           JOIN interaction_participant pb
             ON pb.interaction_id = pa.interaction_id AND pb.person_id = r.person_b
           JOIN interaction i ON i.id = pa.interaction_id
          WHERE {filter} AND i.occurred_at <= ?2"
    ))?;
    let mut rows = stmt.query(params![&ids_json, fmt_time(&now)])?;
    while let Some(row) = rows.next()? {
        let (tie, a, b): (Id, Id, Id) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let at = parse_time(3, &row.get::<_, String>(3)?)?;
        let kind = parse_enum(4, &row.get::<_, String>(4)?, InteractionKind::parse)?;
        let side = side_of(row.get(5)?, a, b);
        stats
            .entry(tie)
            .or_insert_with(|| TieStats::at(now))
            .add(at, kind, side, half_life);
    }
    for (tie, s) in &stats {
        write_stats(conn, *tie, s, now)?;
    }
    Ok(())
}

/// Summaries that were never computed (a database from before version 3).
pub fn fill_missing_stats(conn: Db<'_>, now: DateTime<Utc>) -> StoreResult<()> {
    let missing: Vec<Id> = conn
        .prepare("SELECT id FROM relationship WHERE stats_at IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !missing.is_empty() {
        recompute_stats(conn, Some(&missing), now)?;
    }
    Ok(())
}

/// Adds a just-logged interaction to the summaries of the relationships among its
/// participants, valued at `now`. Returns the ids of the relationships it touched. A planned
/// interaction (after `now`) changes no summary yet; a summary with a plan that came due
/// since it was written is recomputed from the log instead.
pub fn add_interaction_to_stats(
    conn: Db<'_>,
    participants: &[Id],
    at: DateTime<Utc>,
    kind: InteractionKind,
    initiator: Option<Id>,
    now: DateTime<Utc>,
) -> StoreResult<Vec<Id>> {
    let half_life = half_life_days(conn)?;
    let ids: Vec<String> = participants.iter().map(Id::to_string).collect();
    let ids_json = format!("[{}]", ids.join(","));
    let mut stmt = conn.prepare_cached(
        "SELECT id, person_a, person_b, stats_at, w_a, w_b, w_shared, first_at, last_at, n_shared
           FROM relationship
          WHERE person_a IN (SELECT value FROM json_each(?1))
            AND person_b IN (SELECT value FROM json_each(?1))",
    )?;
    let mut found: Vec<(Id, TieStats)> = Vec::new();
    let mut rows = stmt.query([ids_json])?;
    while let Some(row) = rows.next()? {
        let (tie, a, b): (Id, Id, Id) = (row.get(0)?, row.get(1)?, row.get(2)?);
        let mut s = stats_at(row, 3)?;
        if at <= now {
            s.add(at, kind, side_of(initiator, a, b), half_life);
        }
        found.push((tie, s));
    }
    drop(rows);
    let ties: Vec<Id> = found.iter().map(|(t, _)| *t).collect();
    if at > now {
        return Ok(ties);
    }
    // A plan that came due since a summary was written: the incremental add would value the
    // summary past it without counting it.
    let due = due_among(conn, &ties, at.max(now))?;
    for (tie, s) in &found {
        if !due.contains(tie) {
            write_stats(conn, *tie, s, at)?;
        }
    }
    if !due.is_empty() {
        recompute_stats(conn, Some(&due), now)?;
    }
    Ok(ties)
}

const DUE_PLANS: &str = "WITH due AS MATERIALIZED (
             SELECT id, occurred_at FROM interaction INDEXED BY interaction_planned
              WHERE occurred_at > created_at AND occurred_at <= ?1)
         SELECT DISTINCT r.id
           FROM due i
           JOIN interaction_participant pa ON pa.interaction_id = i.id
           JOIN interaction_participant pb
             ON pb.interaction_id = i.id AND pb.person_id > pa.person_id
           JOIN relationship r ON r.person_a = pa.person_id AND r.person_b = pb.person_id
          WHERE r.stats_at IS NULL OR i.occurred_at > r.stats_at";

/// Relationships whose summary leaves out a planned interaction whose time has come by `now`
/// (their summaries must be recomputed before strengths are valued at `now`).
pub fn ties_with_due_plans(conn: Db<'_>, now: DateTime<Utc>) -> StoreResult<Vec<Id>> {
    let mut stmt = conn.prepare_cached(DUE_PLANS)?;
    let ids = stmt
        .query_map([fmt_time(&now)], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<Id>>>()?;
    Ok(ids)
}

fn due_among(conn: Db<'_>, ties: &[Id], now: DateTime<Utc>) -> StoreResult<Vec<Id>> {
    if ties.is_empty() {
        return Ok(Vec::new());
    }
    let due = ties_with_due_plans(conn, now)?;
    Ok(due.into_iter().filter(|t| ties.contains(t)).collect())
}

/// Relationship ids among `participants`.
pub fn ties_among(conn: Db<'_>, participants: &[Id]) -> StoreResult<Vec<Id>> {
    let ids: Vec<String> = participants.iter().map(Id::to_string).collect();
    let ids_json = format!("[{}]", ids.join(","));
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM relationship
          WHERE person_a IN (SELECT value FROM json_each(?1))
            AND person_b IN (SELECT value FROM json_each(?1))",
    )?;
    let ids = stmt
        .query_map([ids_json], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<Id>>>()?;
    Ok(ids)
}

fn tie_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<TieRecord> {
    // Borrowed text, no allocation per row: the graph reads every relationship on open.
    let since = row.get_ref(4)?.as_bytes_or_null()?;
    Ok(TieRecord {
        id: row.get(0)?,
        a: row.get(1)?,
        b: row.get(2)?,
        kind: parse_enum(3, row.get_ref(3)?.as_str()?, sphere_domain::TieKind::parse)?,
        since: since.and_then(super::parse_date),
        strength_override: row.get(5)?,
        stats: stats_at(row, 6)?,
        doubted: row.get_ref(13)?.as_bytes_or_null()?.is_some(),
    })
}

/// The summary columns (`stats_at, w_a, w_b, w_shared, first_at, last_at, n_shared`) read
/// from column `first` on.
fn stats_at(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<TieStats> {
    Ok(TieStats {
        anchor: get_opt_time(row, first)?,
        w_a: row.get(first + 1)?,
        w_b: row.get(first + 2)?,
        w_shared: row.get(first + 3)?,
        first_at: get_opt_time(row, first + 4)?,
        last_at: get_opt_time(row, first + 5)?,
        count: row.get(first + 6)?,
    })
}

const TIE_RECORD_COLUMNS: &str = "id, person_a, person_b, kind, since, strength_override, \
     stats_at, w_a, w_b, w_shared, first_at, last_at, n_shared, doubted_at";

/// Every relationship.
pub fn all_tie_records(conn: Db<'_>) -> StoreResult<Vec<TieRecord>> {
    let mut rows = Vec::new();
    for_each_tie_record(conn, |t| rows.push(t))?;
    Ok(rows)
}

/// Every relationship, one at a time (for building the graph without holding them all
/// twice).
pub fn for_each_tie_record(conn: Db<'_>, mut f: impl FnMut(TieRecord)) -> StoreResult<()> {
    let mut stmt = conn.prepare(&format!("SELECT {TIE_RECORD_COLUMNS} FROM relationship"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        f(tie_record(row)?);
    }
    Ok(())
}

/// How many relationships there are.
pub fn tie_count(conn: Db<'_>) -> StoreResult<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM relationship", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Some relationships, by id (missing ones are left out).
pub fn tie_records(conn: Db<'_>, ids: &[Id]) -> StoreResult<Vec<TieRecord>> {
    let list: Vec<String> = ids.iter().map(Id::to_string).collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TIE_RECORD_COLUMNS} FROM relationship
          WHERE id IN (SELECT value FROM json_each(?1))"
    ))?;
    let rows = stmt
        .query_map([format!("[{}]", list.join(","))], tie_record)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

const PERSON_RECORD_COLUMNS: &str = "id, organization_id, title, ring, ring_pinned, is_team";

fn person_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<PersonRecord> {
    Ok(PersonRecord {
        id: row.get(0)?,
        organization_id: row.get(1)?,
        title: row.get(2)?,
        ring: parse_enum(3, row.get_ref(3)?.as_str()?, sphere_domain::Ring::parse)?,
        ring_pinned: row.get(4)?,
        is_team: row.get(5)?,
    })
}

pub fn all_person_records(conn: Db<'_>) -> StoreResult<Vec<PersonRecord>> {
    let mut stmt = conn.prepare(&format!("SELECT {PERSON_RECORD_COLUMNS} FROM person"))?;
    let rows = stmt
        .query_map([], person_record)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn person_record_of(conn: Db<'_>, id: Id) -> StoreResult<Option<PersonRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PERSON_RECORD_COLUMNS} FROM person WHERE id = ?1"
    ))?;
    Ok(stmt.query_row([id], person_record).optional()?)
}

/// Stores derived rings (never touching pinned ones or the centre).
pub fn store_derived_rings(conn: Db<'_>, rings: &[(Id, sphere_domain::Ring)]) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE person SET ring = ?2 WHERE id = ?1 AND ring_pinned = 0 AND ring <> 'centre'",
    )?;
    for (id, ring) in rings {
        stmt.execute(params![id, ring.as_str()])?;
    }
    Ok(())
}

/// Interactions by kind that `person` shared with each other person (for the evidence line).
/// Planned interactions (after `now`) are left out.
pub fn kind_counts_with(
    conn: Db<'_>,
    person: Id,
    now: DateTime<Utc>,
) -> StoreResult<HashMap<Id, KindCounts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.person_id, i.kind, count(*)
           FROM interaction_participant a
           JOIN interaction_participant b
             ON b.interaction_id = a.interaction_id AND b.person_id <> a.person_id
           JOIN interaction i ON i.id = a.interaction_id
          WHERE a.person_id = ?1 AND i.occurred_at <= ?2
          GROUP BY b.person_id, i.kind",
    )?;
    let mut out: HashMap<Id, KindCounts> = HashMap::new();
    let mut rows = stmt.query(params![person, fmt_time(&now)])?;
    while let Some(row) = rows.next()? {
        let kind = parse_enum(1, &row.get::<_, String>(1)?, InteractionKind::parse)?;
        out.entry(row.get(0)?)
            .or_default()
            .push((kind, row.get(2)?));
    }
    Ok(out)
}

/// Interactions by kind that `a` and `b` shared by `now` (plans left out).
pub fn kind_counts_between(
    conn: Db<'_>,
    a: Id,
    b: Id,
    now: DateTime<Utc>,
) -> StoreResult<KindCounts> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.kind, count(*)
           FROM interaction_participant pa
           JOIN interaction_participant pb
             ON pb.interaction_id = pa.interaction_id AND pb.person_id = ?2
           JOIN interaction i ON i.id = pa.interaction_id
          WHERE pa.person_id = ?1 AND i.occurred_at <= ?3
          GROUP BY i.kind",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query(params![a, b, fmt_time(&now)])?;
    while let Some(row) = rows.next()? {
        out.push((
            parse_enum(0, &row.get::<_, String>(0)?, InteractionKind::parse)?,
            row.get(1)?,
        ));
    }
    Ok(out)
}

/// The most recent interaction `a` and `b` shared that ended in an order or an advance: the
/// outcome an introduction request can point to.
pub fn last_win_between(
    conn: Db<'_>,
    a: Id,
    b: Id,
) -> StoreResult<Option<(DateTime<Utc>, sphere_domain::Outcome)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.occurred_at, i.outcome
           FROM interaction i
           JOIN interaction_participant pa ON pa.interaction_id = i.id AND pa.person_id = ?1
           JOIN interaction_participant pb ON pb.interaction_id = i.id AND pb.person_id = ?2
          WHERE i.outcome IN ('order', 'advance')
          ORDER BY i.occurred_at DESC
          LIMIT 1",
    )?;
    let mut rows = stmt.query([a, b])?;
    match rows.next()? {
        Some(row) => Ok(Some((
            parse_time(0, &row.get::<_, String>(0)?)?,
            parse_enum(1, &row.get::<_, String>(1)?, sphere_domain::Outcome::parse)?,
        ))),
        None => Ok(None),
    }
}
