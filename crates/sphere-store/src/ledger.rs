//! The give/ask ledger as stored: entries typed by hand (`ledger_entry`) and the entries the
//! interaction log implies, read together.
//!
//! What the log implies, for people who are neither the user nor on the team:
//! * an introduction request (`intro_request`) is a withdrawal (weight 1) from everyone it
//!   was sent to (every participant but its initiator);
//! * an introduction (`intro`) the user or a team member made is a deposit (weight 2) for
//!   the people introduced.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};

use super::{fmt_time, found, get_time, now, parse_enum};
use crate::Db;
use crate::error::StoreResult;
use sphere_domain::Id;
use sphere_domain::ledger::{self, Direction, Entry, LedgerKind};

/// The setting that holds the ledger's half-life in days.
pub const HALF_LIFE_KEY: &str = "ledger.half_life_days";

/// One entry, typed or implied.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRow {
    /// The `ledger_entry` id of a typed entry; `None` for one the log implies.
    pub id: Option<Id>,
    pub person_id: Id,
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub kind: LedgerKind,
    pub weight: f64,
    pub note: String,
    /// The interaction an implied entry comes from.
    pub interaction_id: Option<Id>,
}

impl LedgerRow {
    pub fn entry(&self) -> Entry {
        Entry {
            at: self.at,
            direction: self.direction,
            weight: self.weight,
        }
    }
}

/// The ledger's half-life setting, in days, within [`ledger::HALF_LIFE_RANGE`] (a value
/// outside it, written by another program, is brought to the nearest bound).
pub fn half_life_days(conn: Db<'_>) -> StoreResult<f64> {
    let (lo, hi) = ledger::HALF_LIFE_RANGE;
    Ok(super::stats::number_setting(conn, HALF_LIFE_KEY)?
        .map(|v| v.clamp(lo, hi))
        .unwrap_or(ledger::DEFAULT_HALF_LIFE_DAYS))
}

fn typed_row(row: &Row<'_>) -> rusqlite::Result<LedgerRow> {
    Ok(LedgerRow {
        id: Some(row.get(0)?),
        person_id: row.get(1)?,
        at: get_time(row, 2)?,
        direction: parse_enum(3, &row.get::<_, String>(3)?, Direction::parse)?,
        kind: parse_enum(4, &row.get::<_, String>(4)?, LedgerKind::parse)?,
        weight: row.get(5)?,
        note: row.get(6)?,
        interaction_id: None,
    })
}

const TYPED: &str = "SELECT id, person_id, at, direction, kind, weight, note FROM ledger_entry";

/// Who an implied entry is for and whether it counts (the same for both queries below).
const IMPLIED_RULES: &str = "
   AND i.kind IN ('intro_request', 'intro')
   AND ip.person_id IS NOT i.initiator_id
   AND p.is_team = 0 AND p.ring <> 'centre'
   AND (i.kind = 'intro_request' OR ini.is_team = 1 OR ini.ring = 'centre')";

/// The implied entries of everyone since `?1` (by the log's kind-and-time index).
fn implied_since() -> String {
    format!(
        "SELECT ip.person_id, i.occurred_at, i.kind, i.note, i.id
           FROM interaction i
           JOIN interaction_participant ip ON ip.interaction_id = i.id
           JOIN person p ON p.id = ip.person_id
           LEFT JOIN person ini ON ini.id = i.initiator_id
          WHERE i.occurred_at >= ?1 {IMPLIED_RULES}"
    )
}

/// The implied entries of person `?1` since `?2` (by the participant index: one person's
/// interactions, not the whole log).
fn implied_of() -> String {
    format!(
        "SELECT ip.person_id, i.occurred_at, i.kind, i.note, i.id
           FROM interaction_participant ip
           JOIN interaction i ON i.id = ip.interaction_id
           JOIN person p ON p.id = ip.person_id
           LEFT JOIN person ini ON ini.id = i.initiator_id
          WHERE ip.person_id = ?1 AND i.occurred_at >= ?2 {IMPLIED_RULES}"
    )
}

fn implied_row(row: &Row<'_>) -> rusqlite::Result<LedgerRow> {
    let kind: String = row.get(2)?;
    let (direction, kind) = if kind == "intro" {
        (Direction::Deposit, LedgerKind::Introduction)
    } else {
        (Direction::Withdrawal, LedgerKind::Ask)
    };
    Ok(LedgerRow {
        id: None,
        person_id: row.get(0)?,
        at: get_time(row, 1)?,
        direction,
        weight: kind.default_weight(),
        kind,
        note: row.get(3)?,
        interaction_id: Some(row.get(4)?),
    })
}

/// Every entry about `person`, typed and implied, newest first.
pub fn ledger_of(conn: Db<'_>, person: Id) -> StoreResult<Vec<LedgerRow>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!("{TYPED} WHERE person_id = ?1"))?;
    for r in stmt.query_map([person], typed_row)? {
        out.push(r?);
    }
    let mut stmt = conn.prepare_cached(&implied_of())?;
    for r in stmt.query_map(params![person, ""], implied_row)? {
        out.push(r?);
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
    Ok(out)
}

/// `person`'s entries since `since`: what the graph reads again after a write about them.
pub fn entries_of(conn: Db<'_>, person: Id, since: DateTime<Utc>) -> StoreResult<Vec<Entry>> {
    let since = fmt_time(&since);
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!("{TYPED} WHERE person_id = ?1 AND at >= ?2"))?;
    for r in stmt.query_map(params![person, since], typed_row)? {
        out.push(r?.entry());
    }
    let mut stmt = conn.prepare_cached(&implied_of())?;
    for r in stmt.query_map(params![person, since], implied_row)? {
        out.push(r?.entry());
    }
    Ok(out)
}

/// Every entry since `since`, as `(person, entry)`: what the graph's ask penalty reads.
pub fn entries_since(conn: Db<'_>, since: DateTime<Utc>) -> StoreResult<Vec<(Id, Entry)>> {
    let since = fmt_time(&since);
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(&format!("{TYPED} WHERE at >= ?1"))?;
    for r in stmt.query_map([&since], typed_row)? {
        let r = r?;
        out.push((r.person_id, r.entry()));
    }
    let mut stmt = conn.prepare_cached(&implied_since())?;
    for r in stmt.query_map(params![since], implied_row)? {
        let r = r?;
        out.push((r.person_id, r.entry()));
    }
    Ok(out)
}

/// A typed entry to store (checked by the caller).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry<'a> {
    pub person_id: Id,
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub kind: LedgerKind,
    pub weight: f64,
    pub note: &'a str,
}

pub fn insert_entry(conn: Db<'_>, e: &NewEntry<'_>) -> StoreResult<LedgerRow> {
    super::people::get_person(conn, e.person_id)?;
    conn.execute(
        "INSERT INTO ledger_entry (person_id, at, direction, kind, weight, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            e.person_id,
            fmt_time(&e.at),
            e.direction.as_str(),
            e.kind.as_str(),
            e.weight,
            e.note,
            fmt_time(&now()),
        ],
    )?;
    get_entry(conn, conn.last_insert_rowid())
}

pub fn get_entry(conn: Db<'_>, id: Id) -> StoreResult<LedgerRow> {
    found(
        conn.query_row(&format!("{TYPED} WHERE id = ?1"), [id], typed_row),
        || format!("no ledger entry with id {id}"),
    )
}

/// Deletes a typed entry (implied ones go with their interaction).
pub fn delete_entry(conn: Db<'_>, id: Id) -> StoreResult<LedgerRow> {
    let row = get_entry(conn, id)?;
    conn.execute("DELETE FROM ledger_entry WHERE id = ?1", [id])?;
    Ok(row)
}
