//! Introductions the user could make, as stored: needs and offers, the "open to
//! introductions" flag, dismissed pairs, and the sides of an introduction the user makes
//! (a referral request in mode `connect`). The rules are the domain's
//! ([`sphere_domain::intros`]).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{fmt_time, found, get_time, now, parse_enum};
use crate::Db;
use crate::error::StoreResult;
use sphere_domain::Id;
use sphere_domain::intros::{CleanNeedOffer, DismissReason, NeedKind, NeedOffer, Openness, OptIn};

const NEED_COLUMNS: &str = "id, person_id, kind, term, detail, expires_on, created_at";

fn need_row(today: NaiveDate) -> impl Fn(&Row<'_>) -> rusqlite::Result<NeedOffer> {
    move |row| {
        let expires_on = super::get_opt_date(row, 5)?.ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                5,
                rusqlite::types::Type::Null,
                "no expiry".into(),
            )
        })?;
        Ok(NeedOffer {
            id: row.get(0)?,
            person_id: row.get(1)?,
            kind: parse_enum(2, &row.get::<_, String>(2)?, NeedKind::parse)?,
            term: row.get(3)?,
            detail: row.get(4)?,
            expires_on,
            created_at: get_time(row, 6)?,
            expired: !sphere_domain::intros::is_active(expires_on, today),
        })
    }
}

/// One entry, with `expired` as of `today`.
pub fn get_need(conn: Db<'_>, id: Id, today: NaiveDate) -> StoreResult<NeedOffer> {
    let sql = format!("SELECT {NEED_COLUMNS} FROM need_offer WHERE id = ?1");
    found(conn.query_row(&sql, [id], need_row(today)), || {
        format!("no need or offer with id {id}")
    })
}

/// One person's entries (`Some`) or everyone's (`None`): active ones first (needs before
/// offers, soonest expiry first), then expired ones.
pub fn list_needs(
    conn: Db<'_>,
    person: Option<Id>,
    today: NaiveDate,
) -> StoreResult<Vec<NeedOffer>> {
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM need_offer WHERE ?1 IS NULL OR person_id = ?1
          ORDER BY expires_on < ?2, kind, expires_on, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params![person, today.to_string()], need_row(today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Entries matched on `today` (not expired), of everyone.
pub fn active_needs(conn: Db<'_>, today: NaiveDate) -> StoreResult<Vec<NeedOffer>> {
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM need_offer WHERE expires_on >= ?1 ORDER BY person_id, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map([today.to_string()], need_row(today))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn insert_need(conn: Db<'_>, n: &CleanNeedOffer, today: NaiveDate) -> StoreResult<NeedOffer> {
    super::get_person(conn, n.person_id())?;
    let stamp = fmt_time(&now());
    conn.execute(
        "INSERT INTO need_offer (person_id, kind, term, detail, expires_on, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            n.person_id(),
            n.kind().as_str(),
            n.term(),
            n.detail(),
            n.expires_on().to_string(),
            stamp
        ],
    )?;
    get_need(conn, conn.last_insert_rowid(), today)
}

/// Changes an entry's kind, term, detail and expiry (its person stays).
pub fn update_need(
    conn: Db<'_>,
    id: Id,
    n: &CleanNeedOffer,
    today: NaiveDate,
) -> StoreResult<NeedOffer> {
    get_need(conn, id, today)?;
    conn.execute(
        "UPDATE need_offer SET kind = ?2, term = ?3, detail = ?4, expires_on = ?5, updated_at = ?6
          WHERE id = ?1",
        params![
            id,
            n.kind().as_str(),
            n.term(),
            n.detail(),
            n.expires_on().to_string(),
            fmt_time(&now())
        ],
    )?;
    get_need(conn, id, today)
}

pub fn delete_need(conn: Db<'_>, id: Id, today: NaiveDate) -> StoreResult<NeedOffer> {
    let n = get_need(conn, id, today)?;
    conn.execute("DELETE FROM need_offer WHERE id = ?1", [id])?;
    Ok(n)
}

/// A person's "open to introductions" flag.
pub fn openness(conn: Db<'_>, person: Id) -> StoreResult<Openness> {
    let v: Option<String> = conn
        .query_row(
            "SELECT open FROM intro_openness WHERE person_id = ?1",
            [person],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.and_then(|v| Openness::parse(&v))
        .unwrap_or(Openness::Unknown))
}

/// Everyone whose flag is set.
pub fn all_openness(conn: Db<'_>) -> StoreResult<Vec<(Id, Openness)>> {
    let mut stmt = conn.prepare_cached("SELECT person_id, open FROM intro_openness")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, Id>(0)?,
                parse_enum(1, &r.get::<_, String>(1)?, Openness::parse)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_openness(conn: Db<'_>, person: Id, open: Openness) -> StoreResult<()> {
    super::get_person(conn, person)?;
    match open {
        Openness::Unknown => {
            conn.execute("DELETE FROM intro_openness WHERE person_id = ?1", [person])?;
        }
        o => {
            conn.execute(
                "INSERT INTO intro_openness (person_id, open) VALUES (?1, ?2)
                 ON CONFLICT (person_id) DO UPDATE SET open = excluded.open",
                params![person, o.as_str()],
            )?;
        }
    }
    Ok(())
}

/// A dismissed pair (`a < b`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dismissal {
    pub a: Id,
    pub b: Id,
    pub reason: DismissReason,
    pub at: DateTime<Utc>,
    /// The relationship "they already know each other" recorded.
    pub relationship_id: Option<Id>,
}

fn dismissal_row(row: &Row<'_>) -> rusqlite::Result<Dismissal> {
    Ok(Dismissal {
        a: row.get(0)?,
        b: row.get(1)?,
        reason: parse_enum(2, &row.get::<_, String>(2)?, DismissReason::parse)?,
        at: get_time(row, 3)?,
        relationship_id: row.get(4)?,
    })
}

fn ordered(a: Id, b: Id) -> (Id, Id) {
    if a < b { (a, b) } else { (b, a) }
}

pub fn dismissals(conn: Db<'_>) -> StoreResult<Vec<Dismissal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT person_a, person_b, reason, at, relationship_id FROM intro_dismissal",
    )?;
    let rows = stmt
        .query_map([], dismissal_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get_dismissal(conn: Db<'_>, a: Id, b: Id) -> StoreResult<Option<Dismissal>> {
    let (a, b) = ordered(a, b);
    Ok(conn
        .query_row(
            "SELECT person_a, person_b, reason, at, relationship_id FROM intro_dismissal
              WHERE person_a = ?1 AND person_b = ?2",
            [a, b],
            dismissal_row,
        )
        .optional()?)
}

/// Records (or replaces) the dismissal of the pair.
pub fn set_dismissal(
    conn: Db<'_>,
    a: Id,
    b: Id,
    reason: DismissReason,
    at: DateTime<Utc>,
    relationship: Option<Id>,
) -> StoreResult<()> {
    let (a, b) = ordered(a, b);
    conn.execute(
        "INSERT INTO intro_dismissal (person_a, person_b, reason, at, relationship_id)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (person_a, person_b) DO UPDATE SET reason = excluded.reason,
                at = excluded.at, relationship_id = excluded.relationship_id",
        params![a, b, reason.as_str(), fmt_time(&at), relationship],
    )?;
    Ok(())
}

pub fn delete_dismissal(conn: Db<'_>, a: Id, b: Id) -> StoreResult<()> {
    let (a, b) = ordered(a, b);
    conn.execute(
        "DELETE FROM intro_dismissal WHERE person_a = ?1 AND person_b = ?2",
        [a, b],
    )?;
    Ok(())
}

/// The sides of an introduction the user makes.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectRow {
    pub request_id: Id,
    pub side_a_id: Option<Id>,
    pub side_a_label: String,
    pub side_b_id: Option<Id>,
    pub side_b_label: String,
    pub note_a: String,
    pub note_b: String,
    pub answer_a: OptIn,
    pub answer_b: OptIn,
}

fn connect_row(row: &Row<'_>) -> rusqlite::Result<ConnectRow> {
    Ok(ConnectRow {
        request_id: row.get(0)?,
        side_a_id: row.get(1)?,
        side_a_label: row.get(2)?,
        side_b_id: row.get(3)?,
        side_b_label: row.get(4)?,
        note_a: row.get(5)?,
        note_b: row.get(6)?,
        answer_a: parse_enum(7, &row.get::<_, String>(7)?, OptIn::parse)?,
        answer_b: parse_enum(8, &row.get::<_, String>(8)?, OptIn::parse)?,
    })
}

const CONNECT_COLUMNS: &str = "request_id, side_a_id, side_a_label, side_b_id, side_b_label, \
     note_a, note_b, answer_a, answer_b";

pub fn insert_connect(conn: Db<'_>, c: &ConnectRow) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO intro_connect (request_id, side_a_id, side_a_label, side_b_id, side_b_label,
                                    note_a, note_b, answer_a, answer_b)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            c.request_id,
            c.side_a_id,
            c.side_a_label,
            c.side_b_id,
            c.side_b_label,
            c.note_a,
            c.note_b,
            c.answer_a.as_str(),
            c.answer_b.as_str()
        ],
    )?;
    Ok(())
}

pub fn get_connect(conn: Db<'_>, request: Id) -> StoreResult<ConnectRow> {
    let sql = format!("SELECT {CONNECT_COLUMNS} FROM intro_connect WHERE request_id = ?1");
    found(conn.query_row(&sql, [request], connect_row), || {
        format!("referral request {request} is not an introduction you make")
    })
}

/// Every introduction the user makes, by request id.
pub fn all_connects(conn: Db<'_>) -> StoreResult<Vec<ConnectRow>> {
    let sql = format!("SELECT {CONNECT_COLUMNS} FROM intro_connect ORDER BY request_id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([], connect_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The pairs (ordered `a < b`) with an introduction the user makes that was not withdrawn or
/// left to expire, with its request and whether it is still open (not final): under way,
/// made, or declined by a side.
/// An introduction of a pair the user makes, as [`connect_pairs`] lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectPair {
    /// The two sides, `a < b`.
    pub pair: (Id, Id),
    pub request: Id,
    /// Not final: waiting on the notes or the answers, or on the user to make it.
    pub open: bool,
}

pub fn connect_pairs(conn: Db<'_>) -> StoreResult<Vec<ConnectPair>> {
    let mut stmt = conn.prepare(
        "SELECT c.side_a_id, c.side_b_id, c.request_id, r.state
           FROM intro_connect c JOIN referral_request r ON r.id = c.request_id
          WHERE c.side_a_id IS NOT NULL AND c.side_b_id IS NOT NULL
            AND r.state NOT IN ('withdrawn', 'expired')",
    )?;
    let rows = stmt
        .query_map([], |row| {
            let (a, b): (Id, Id) = (row.get(0)?, row.get(1)?);
            let state: String = row.get(3)?;
            let open = !matches!(
                state.as_str(),
                "introduced" | "target_declined" | "won" | "lost"
            );
            Ok(ConnectPair {
                pair: (a.min(b), a.max(b)),
                request: row.get(2)?,
                open,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn set_answers(conn: Db<'_>, request: Id, a: OptIn, b: OptIn) -> StoreResult<()> {
    conn.execute(
        "UPDATE intro_connect SET answer_a = ?2, answer_b = ?3 WHERE request_id = ?1",
        params![request, a.as_str(), b.as_str()],
    )?;
    Ok(())
}

pub fn set_notes(conn: Db<'_>, request: Id, note_a: &str, note_b: &str) -> StoreResult<()> {
    conn.execute(
        "UPDATE intro_connect SET note_a = ?2, note_b = ?3 WHERE request_id = ?1",
        params![request, note_a, note_b],
    )?;
    Ok(())
}

/// How many introductions each person received (was introduced in, not made) since
/// `since` and up to `until`, from the interaction log.
pub fn intros_received(
    conn: Db<'_>,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> StoreResult<Vec<(Id, usize)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ip.person_id, count(*) FROM interaction i
           JOIN interaction_participant ip ON ip.interaction_id = i.id
          WHERE i.kind = 'intro' AND i.occurred_at >= ?1 AND i.occurred_at <= ?2
            AND ip.person_id IS NOT i.initiator_id
          GROUP BY ip.person_id",
    )?;
    let rows = stmt
        .query_map(params![fmt_time(&since), fmt_time(&until)], |r| {
            Ok((r.get::<_, Id>(0)?, r.get::<_, i64>(1)? as usize))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
