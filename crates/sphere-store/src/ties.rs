use crate::Db;
use rusqlite::{Row, params};

use super::people::{get_person, person_ref_at};
use super::{fmt_time, found, get_opt_date, get_opt_time, get_time, now, parse_enum};
use crate::error::{CoreError, StoreResult};
use sphere_domain::validate::CleanRelationship;
use sphere_domain::{Id, Relationship, TieKind, TieView};

pub(super) const TIE_COLUMNS: &str = "r.id, r.person_a, r.person_b, r.kind, r.since, r.how_met, \
     r.strength_override, r.override_reason, r.created_at, r.updated_at";

pub(super) fn tie_row(row: &Row<'_>) -> rusqlite::Result<Relationship> {
    let since = get_opt_date(row, 4)?;
    Ok(Relationship {
        id: row.get(0)?,
        person_a: row.get(1)?,
        person_b: row.get(2)?,
        kind: parse_enum(3, &row.get::<_, String>(3)?, TieKind::parse)?,
        since,
        how_met: row.get(5)?,
        strength_override: row.get(6)?,
        override_reason: row.get(7)?,
        created_at: get_time(row, 8)?,
        updated_at: get_time(row, 9)?,
    })
}

pub fn get_tie(conn: Db<'_>, id: Id) -> StoreResult<Relationship> {
    let sql = format!("SELECT {TIE_COLUMNS} FROM relationship r WHERE r.id = ?1");
    found(conn.query_row(&sql, [id], tie_row), || {
        format!("no relationship with id {id}")
    })
}

fn check_people(conn: Db<'_>, tie: &CleanRelationship) -> StoreResult<()> {
    get_person(conn, tie.person_a())?;
    get_person(conn, tie.person_b())?;
    Ok(())
}

fn check_unique(conn: Db<'_>, tie: &CleanRelationship, id: Option<Id>) -> StoreResult<()> {
    let clash: Option<Id> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM relationship WHERE person_a = ?1 AND person_b = ?2 AND id IS NOT ?3",
        params![tie.person_a(), tie.person_b(), id],
        |r| r.get(0),
    ))?;
    match clash {
        Some(other) => Err(CoreError::Conflict(format!(
            "people {} and {} are already related (relationship {other}); edit that one instead",
            tie.person_a(),
            tie.person_b()
        ))
        .into()),
        None => Ok(()),
    }
}

pub fn insert_tie(conn: Db<'_>, tie: &CleanRelationship) -> StoreResult<Relationship> {
    check_people(conn, tie)?;
    check_unique(conn, tie, None)?;
    conn.execute(
        "INSERT INTO relationship (person_a, person_b, kind, since, how_met, strength_override,
                                   override_reason, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            tie.person_a(),
            tie.person_b(),
            tie.kind().as_str(),
            tie.since().map(|d| d.format("%Y-%m-%d").to_string()),
            tie.how_met(),
            tie.strength_override(),
            tie.override_reason(),
            fmt_time(&now()),
        ],
    )?;
    let id = conn.last_insert_rowid();
    super::stats::recompute_stats(conn, Some(&[id]), now())?;
    get_tie(conn, id)
}

pub fn update_tie(conn: Db<'_>, id: Id, tie: &CleanRelationship) -> StoreResult<Relationship> {
    get_tie(conn, id)?;
    check_people(conn, tie)?;
    check_unique(conn, tie, Some(id))?;
    conn.execute(
        "UPDATE relationship SET person_a = ?2, person_b = ?3, kind = ?4, since = ?5, how_met = ?6,
                strength_override = ?7, override_reason = ?8, updated_at = ?9,
                doubted_at = NULL, doubt_note = NULL
          WHERE id = ?1",
        params![
            id,
            tie.person_a(),
            tie.person_b(),
            tie.kind().as_str(),
            tie.since().map(|d| d.format("%Y-%m-%d").to_string()),
            tie.how_met(),
            tie.strength_override(),
            tie.override_reason(),
            fmt_time(&now()),
        ],
    )?;
    super::stats::recompute_stats(conn, Some(&[id]), now())?;
    get_tie(conn, id)
}

/// The relationship between two people, if any.
pub fn tie_between(conn: Db<'_>, a: Id, b: Id) -> StoreResult<Option<Id>> {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM relationship WHERE person_a = ?1 AND person_b = ?2",
        params![a, b],
        |r| r.get(0),
    ))?)
}

/// Marks a relationship as doubtful (a connector said they don't know the other person
/// well), with the words the evidence shows; `None` clears it.
pub fn set_doubt(
    conn: Db<'_>,
    id: Id,
    doubt: Option<(&chrono::DateTime<chrono::Utc>, &str)>,
) -> StoreResult<()> {
    get_tie(conn, id)?;
    conn.execute(
        "UPDATE relationship SET doubted_at = ?2, doubt_note = ?3 WHERE id = ?1",
        params![id, doubt.map(|d| fmt_time(d.0)), doubt.map(|d| d.1)],
    )?;
    Ok(())
}

/// Why the relationship is doubtful, if it is: when and the words.
pub fn doubt_of(
    conn: Db<'_>,
    id: Id,
) -> StoreResult<Option<(chrono::DateTime<chrono::Utc>, String)>> {
    let row: Option<(Option<String>, Option<String>)> =
        rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT doubted_at, doubt_note FROM relationship WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
    Ok(match row {
        Some((Some(at), note)) => Some((super::parse_time(0, &at)?, note.unwrap_or_default())),
        _ => None,
    })
}

pub fn delete_tie(conn: Db<'_>, id: Id) -> StoreResult<Relationship> {
    let tie = get_tie(conn, id)?;
    conn.execute("DELETE FROM relationship WHERE id = ?1", [id])?;
    Ok(tie)
}

/// Relationships of `person` (seen from them), or all relationships when `None`.
/// Strongest-looking first: most shared interactions, then most recent contact.
pub fn list_ties(conn: Db<'_>, person: Option<Id>) -> StoreResult<Vec<TieView>> {
    if let Some(id) = person {
        get_person(conn, id)?;
    }
    let sql = format!(
        "WITH t AS (
            SELECT r.*, CASE WHEN ?1 = r.person_b THEN r.person_b ELSE r.person_a END AS this_id,
                        CASE WHEN ?1 = r.person_b THEN r.person_a ELSE r.person_b END AS other_id
              FROM relationship r
             WHERE ?1 IS NULL OR r.person_a = ?1 OR r.person_b = ?1)
         SELECT {TIE_COLUMNS},
                o.id, o.first_name, o.last_name, o.title, oo.name, o.ring,
                s.id, s.first_name, s.last_name, s.title, so.name, s.ring,
                shared.n, shared.last,
                CASE WHEN r.doubted_at IS NOT NULL THEN coalesce(r.doubt_note, '') END
           FROM t r
           JOIN person o ON o.id = r.other_id LEFT JOIN organization oo ON oo.id = o.organization_id
           JOIN person s ON s.id = r.this_id LEFT JOIN organization so ON so.id = s.organization_id
           LEFT JOIN (
                SELECT a.person_id AS pa, b.person_id AS pb, count(*) AS n, max(i.occurred_at) AS last
                  FROM interaction_participant a
                  JOIN interaction_participant b
                    ON b.interaction_id = a.interaction_id AND b.person_id > a.person_id
                  JOIN interaction i ON i.id = a.interaction_id
                 WHERE ?1 IS NULL OR a.person_id = ?1 OR b.person_id = ?1
                 GROUP BY a.person_id, b.person_id
           ) shared ON shared.pa = r.person_a AND shared.pb = r.person_b
          ORDER BY coalesce(shared.n, 0) DESC, shared.last DESC, r.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([person], |row| {
            Ok(TieView {
                relationship: tie_row(row)?,
                other: person_ref_at(row, 10)?,
                this: person_ref_at(row, 16)?,
                shared_interactions: row.get::<_, Option<u32>>(22)?.unwrap_or(0),
                last_contact: get_opt_time(row, 23)?,
                // Filled from the graph by the API, which holds the strengths.
                strength: 0.0,
                evidence: String::new(),
                doubt: row.get(24)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
