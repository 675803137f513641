//! Facts about people (`fact`, schema version 5).

use crate::Db;
use rusqlite::{Row, params};

use super::people::get_person;
use super::{fmt_time, found, get_opt_date, get_time, now};
use crate::error::StoreResult;
use sphere_domain::validate::CleanFact;
use sphere_domain::{Fact, Id};

pub(super) const COLUMNS: &str =
    "id, person_id, category, value, source, learned_on, told_by, created_at, updated_at";

pub(super) fn fact_row(row: &Row<'_>) -> rusqlite::Result<Fact> {
    let learned_on = get_opt_date(row, 5)?;
    Ok(Fact {
        id: row.get(0)?,
        person_id: row.get(1)?,
        category: row.get(2)?,
        value: row.get(3)?,
        source: row.get(4)?,
        learned_on,
        told_by: row.get(6)?,
        created_at: get_time(row, 7)?,
        updated_at: get_time(row, 8)?,
    })
}

pub fn get_fact(conn: Db<'_>, id: Id) -> StoreResult<Fact> {
    let sql = format!("SELECT {COLUMNS} FROM fact WHERE id = ?1");
    found(conn.query_row(&sql, [id], fact_row), || {
        format!("no fact with id {id}")
    })
}

/// A person's facts, oldest first.
pub fn list_facts(conn: Db<'_>, person_id: Id) -> StoreResult<Vec<Fact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fact WHERE person_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([person_id], fact_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every fact, by person then id (for exports).
pub fn all_facts(conn: Db<'_>) -> StoreResult<Vec<Fact>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM fact ORDER BY person_id, id"
    ))?;
    let rows = stmt.query_map([], fact_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The facts of these categories, by person then id (Today's birthdays and role changes).
pub fn facts_in(conn: Db<'_>, categories: &[&str]) -> StoreResult<Vec<Fact>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM fact WHERE category IN (SELECT value FROM json_each(?1))
          ORDER BY person_id, id"
    ))?;
    let list = serde_json::to_string(categories)
        .map_err(|e| crate::error::CoreError::Internal(format!("categories as JSON: {e}")))?;
    let rows = stmt.query_map([list], fact_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn check_people(conn: Db<'_>, f: &CleanFact) -> StoreResult<()> {
    get_person(conn, f.person_id())?;
    if let Some(t) = f.told_by() {
        get_person(conn, t).map_err(|_| {
            crate::error::CoreError::invalid(
                "told_by",
                format!("no person with id {t} to have told you"),
            )
        })?;
    }
    Ok(())
}

pub fn insert_fact(conn: Db<'_>, f: &CleanFact) -> StoreResult<Fact> {
    check_people(conn, f)?;
    let at = fmt_time(&now());
    conn.execute(
        "INSERT INTO fact (person_id, category, value, source, learned_on, told_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            f.person_id(),
            f.category(),
            f.value(),
            f.source(),
            f.learned_on().map(|d| d.to_string()),
            f.told_by(),
            at
        ],
    )?;
    get_fact(conn, conn.last_insert_rowid())
}

pub fn update_fact(conn: Db<'_>, id: Id, f: &CleanFact) -> StoreResult<Fact> {
    get_fact(conn, id)?;
    check_people(conn, f)?;
    conn.execute(
        "UPDATE fact SET person_id = ?2, category = ?3, value = ?4, source = ?5, learned_on = ?6,
             told_by = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            id,
            f.person_id(),
            f.category(),
            f.value(),
            f.source(),
            f.learned_on().map(|d| d.to_string()),
            f.told_by(),
            fmt_time(&now())
        ],
    )?;
    get_fact(conn, id)
}

pub fn delete_fact(conn: Db<'_>, id: Id) -> StoreResult<Fact> {
    let f = get_fact(conn, id)?;
    conn.execute("DELETE FROM fact WHERE id = ?1", [id])?;
    Ok(f)
}
