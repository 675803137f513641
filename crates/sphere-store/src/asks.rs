//! Referral requests: the request, its ranked connectors with their path snapshots, and the
//! events of its life. The rules (which transitions are allowed, deadlines) are the
//! domain's ([`sphere_domain::referral`]); the evidence a transition writes is the api's.

use chrono::{DateTime, Utc};
use rusqlite::{Row, params};

use super::{fmt_time, found, get_time, now, parse_enum};
use crate::Db;
use crate::error::StoreResult;
use sphere_domain::Id;
use sphere_domain::referral::{AskMode, DeclineReason, RequestState};

/// The opportunity a request serves.
#[derive(Debug, Clone, PartialEq)]
pub struct OpportunityRow {
    pub name: String,
    pub value: Option<f64>,
    pub stage: Option<String>,
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AskRow {
    pub id: Id,
    /// `None` when the person who asked was deleted since (`asker_label` keeps the name).
    pub asker_id: Option<Id>,
    pub asker_label: String,
    pub target_person_id: Option<Id>,
    pub target_organization_id: Option<Id>,
    pub target_label: String,
    pub title_phrases: String,
    pub mode: AskMode,
    pub state: RequestState,
    pub state_at: DateTime<Utc>,
    pub current_rank: u32,
    pub subject: String,
    pub message: String,
    pub why_target: String,
    pub why_now: String,
    pub opportunity: Option<OpportunityRow>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a new request holds (its connectors come separately).
#[derive(Debug, Clone, PartialEq)]
pub struct NewAsk<'a> {
    pub asker_id: Id,
    pub asker_label: &'a str,
    pub target_person_id: Option<Id>,
    pub target_organization_id: Option<Id>,
    pub target_label: &'a str,
    pub title_phrases: &'a str,
    pub mode: AskMode,
    pub subject: &'a str,
    pub message: &'a str,
    pub why_target: &'a str,
    pub why_now: &'a str,
    pub opportunity: Option<OpportunityRow>,
}

/// One ranked connector with the path as it was when the request was made.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectorRow {
    pub rank: u32,
    pub person_id: Option<Id>,
    /// The person the connector is asked to introduce (the hop after them).
    pub ask_for_id: Option<Id>,
    /// JSON snapshot, written and read by the api.
    pub path: String,
    pub score: f64,
}

/// One transition.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: Id,
    pub request_id: Id,
    pub at: DateTime<Utc>,
    pub from: Option<RequestState>,
    pub to: RequestState,
    pub connector_rank: Option<u32>,
    pub reason: Option<DeclineReason>,
    pub note: String,
    pub interaction_id: Option<Id>,
}

/// A transition to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent<'a> {
    pub at: DateTime<Utc>,
    pub from: Option<RequestState>,
    pub to: RequestState,
    pub connector_rank: Option<u32>,
    pub reason: Option<DeclineReason>,
    pub note: &'a str,
    pub interaction_id: Option<Id>,
}

const COLUMNS: &str = "id, asker_id, target_person_id, target_organization_id, target_label, \
     title_phrases, mode, state, state_at, current_rank, subject, message, why_target, why_now, \
     opportunity_name, opportunity_value, opportunity_stage, created_at, updated_at, asker_label";

fn ask_row(row: &Row<'_>) -> rusqlite::Result<AskRow> {
    let opportunity_name: Option<String> = row.get(14)?;
    Ok(AskRow {
        id: row.get(0)?,
        asker_id: row.get(1)?,
        target_person_id: row.get(2)?,
        target_organization_id: row.get(3)?,
        target_label: row.get(4)?,
        title_phrases: row.get(5)?,
        mode: parse_enum(6, &row.get::<_, String>(6)?, AskMode::parse)?,
        state: parse_enum(7, &row.get::<_, String>(7)?, RequestState::parse)?,
        state_at: get_time(row, 8)?,
        current_rank: row.get(9)?,
        subject: row.get(10)?,
        message: row.get(11)?,
        why_target: row.get(12)?,
        why_now: row.get(13)?,
        opportunity: match opportunity_name {
            Some(name) => Some(OpportunityRow {
                name,
                value: row.get(15)?,
                stage: row.get(16)?,
            }),
            None => None,
        },
        created_at: get_time(row, 17)?,
        updated_at: get_time(row, 18)?,
        asker_label: row.get(19)?,
    })
}

/// Stores a new request in `state` (draft or asked) with its connectors (ranked from 1) and
/// its first event; returns its id.
pub fn insert_ask(
    conn: Db<'_>,
    ask: &NewAsk<'_>,
    connectors: &[ConnectorRow],
    at: DateTime<Utc>,
) -> StoreResult<Id> {
    let stamp = fmt_time(&now());
    let opp = ask.opportunity.as_ref();
    conn.execute(
        "INSERT INTO referral_request (asker_id, target_person_id, target_organization_id,
                target_label, title_phrases, mode, state, state_at, current_rank, subject, message,
                why_target, why_now, opportunity_name, opportunity_value, opportunity_stage,
                created_at, updated_at, asker_label)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, 1, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15,
                 ?16)",
        params![
            ask.asker_id,
            ask.target_person_id,
            ask.target_organization_id,
            ask.target_label,
            ask.title_phrases,
            ask.mode.as_str(),
            fmt_time(&at),
            ask.subject,
            ask.message,
            ask.why_target,
            ask.why_now,
            opp.map(|o| o.name.as_str()),
            opp.and_then(|o| o.value),
            opp.and_then(|o| o.stage.as_deref()),
            stamp,
            ask.asker_label,
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO referral_connector (request_id, rank, person_id, ask_for_id, path, score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for c in connectors {
        stmt.execute(params![
            id,
            c.rank,
            c.person_id,
            c.ask_for_id,
            c.path,
            c.score
        ])?;
    }
    insert_event(
        conn,
        id,
        &NewEvent {
            at,
            from: None,
            to: RequestState::Draft,
            connector_rank: None,
            reason: None,
            note: "",
            interaction_id: None,
        },
    )?;
    Ok(id)
}

pub fn get_ask(conn: Db<'_>, id: Id) -> StoreResult<AskRow> {
    let sql = format!("SELECT {COLUMNS} FROM referral_request WHERE id = ?1");
    found(conn.query_row(&sql, [id], ask_row), || {
        format!("no referral request with id {id}")
    })
}

/// Every request, newest first.
pub fn list_asks(conn: Db<'_>) -> StoreResult<Vec<AskRow>> {
    let sql = format!("SELECT {COLUMNS} FROM referral_request ORDER BY created_at DESC, id DESC");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([], ask_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn connector_row(row: &Row<'_>) -> rusqlite::Result<(Id, ConnectorRow)> {
    Ok((
        row.get(0)?,
        ConnectorRow {
            rank: row.get(1)?,
            person_id: row.get(2)?,
            ask_for_id: row.get(3)?,
            path: row.get(4)?,
            score: row.get(5)?,
        },
    ))
}

/// The connectors of one request (`Some`) or of every request (`None`), by request and rank.
pub fn connectors(conn: Db<'_>, request: Option<Id>) -> StoreResult<Vec<(Id, ConnectorRow)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT request_id, rank, person_id, ask_for_id, path, score FROM referral_connector
          WHERE ?1 IS NULL OR request_id = ?1 ORDER BY request_id, rank",
    )?;
    let rows = stmt
        .query_map([request], connector_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn event_row(row: &Row<'_>) -> rusqlite::Result<EventRow> {
    let from: Option<String> = row.get(3)?;
    let reason: Option<String> = row.get(6)?;
    Ok(EventRow {
        id: row.get(0)?,
        request_id: row.get(1)?,
        at: get_time(row, 2)?,
        from: from
            .map(|f| parse_enum(3, &f, RequestState::parse))
            .transpose()?,
        to: parse_enum(4, &row.get::<_, String>(4)?, RequestState::parse)?,
        connector_rank: row.get(5)?,
        reason: reason
            .map(|r| parse_enum(6, &r, DeclineReason::parse))
            .transpose()?,
        note: row.get(7)?,
        interaction_id: row.get(8)?,
    })
}

/// The events of one request (`Some`) or of every request (`None`), oldest first.
pub fn events(conn: Db<'_>, request: Option<Id>) -> StoreResult<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, request_id, at, from_state, to_state, connector_rank, reason, note,
                interaction_id
           FROM referral_event WHERE ?1 IS NULL OR request_id = ?1 ORDER BY request_id, id",
    )?;
    let rows = stmt
        .query_map([request], event_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn insert_event(conn: Db<'_>, request: Id, e: &NewEvent<'_>) -> StoreResult<Id> {
    conn.execute(
        "INSERT INTO referral_event (request_id, at, from_state, to_state, connector_rank, reason,
                                     note, interaction_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            request,
            fmt_time(&e.at),
            e.from.map(RequestState::as_str),
            e.to.as_str(),
            e.connector_rank,
            e.reason.map(DeclineReason::as_str),
            e.note,
            e.interaction_id,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Moves a request to `state` at `at`, asking connector `rank`.
pub fn set_state(
    conn: Db<'_>,
    id: Id,
    state: RequestState,
    at: DateTime<Utc>,
    rank: u32,
) -> StoreResult<()> {
    get_ask(conn, id)?;
    conn.execute(
        "UPDATE referral_request SET state = ?2, state_at = ?3, current_rank = ?4, updated_at = ?5
          WHERE id = ?1",
        params![id, state.as_str(), fmt_time(&at), rank, fmt_time(&now())],
    )?;
    Ok(())
}

/// Changes what the request says (subject, message, why this target, why now) and the
/// opportunity it serves.
pub fn update_text(
    conn: Db<'_>,
    id: Id,
    subject: &str,
    message: &str,
    why_target: &str,
    why_now: &str,
    opportunity: Option<&OpportunityRow>,
) -> StoreResult<()> {
    get_ask(conn, id)?;
    conn.execute(
        "UPDATE referral_request SET subject = ?2, message = ?3, why_target = ?4, why_now = ?5,
                opportunity_name = ?6, opportunity_value = ?7, opportunity_stage = ?8,
                updated_at = ?9
          WHERE id = ?1",
        params![
            id,
            subject,
            message,
            why_target,
            why_now,
            opportunity.map(|o| o.name.as_str()),
            opportunity.and_then(|o| o.value),
            opportunity.and_then(|o| o.stage.as_deref()),
            fmt_time(&now()),
        ],
    )?;
    Ok(())
}

/// Deletes a request with its connectors and events (the evidence it wrote stays: it
/// happened).
pub fn delete_ask(conn: Db<'_>, id: Id) -> StoreResult<AskRow> {
    let row = get_ask(conn, id)?;
    conn.execute("DELETE FROM referral_request WHERE id = ?1", [id])?;
    Ok(row)
}

/// Request ids by the interaction their events wrote (for the ledger's "why").
pub fn requests_by_interaction(conn: Db<'_>, person: Id) -> StoreResult<Vec<(Id, Id)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.interaction_id, e.request_id FROM referral_event e
           JOIN interaction_participant ip ON ip.interaction_id = e.interaction_id
          WHERE ip.person_id = ?1",
    )?;
    let rows = stmt
        .query_map([person], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
