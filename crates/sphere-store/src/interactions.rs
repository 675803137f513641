use std::collections::HashMap;

use crate::Db;
use rusqlite::{Row, params};

use super::people::person_ref_at;
use super::{fmt_time, found, get_time, now, parse_enum};
use crate::error::{CoreError, StoreResult};
use sphere_domain::validate::CleanInteraction;
use sphere_domain::{Id, Interaction, InteractionKind, InteractionView, Outcome};

pub(super) fn interaction_row(row: &Row<'_>) -> rusqlite::Result<Interaction> {
    let outcome: Option<String> = row.get(4)?;
    Ok(Interaction {
        id: row.get(0)?,
        occurred_at: get_time(row, 1)?,
        kind: parse_enum(2, &row.get::<_, String>(2)?, InteractionKind::parse)?,
        note: row.get(3)?,
        outcome: outcome
            .map(|o| parse_enum(4, &o, Outcome::parse))
            .transpose()?,
        created_at: get_time(row, 5)?,
        initiator_id: row.get(6)?,
        participants: Vec::new(),
    })
}

pub(super) const COLUMNS: &str =
    "i.id, i.occurred_at, i.kind, i.note, i.outcome, i.created_at, i.initiator_id";

pub fn get_interaction(conn: Db<'_>, id: Id) -> StoreResult<InteractionView> {
    let sql = format!("SELECT {COLUMNS} FROM interaction i WHERE i.id = ?1");
    let interaction = found(conn.query_row(&sql, [id], interaction_row), || {
        format!("no interaction with id {id}")
    })?;
    let mut views = with_participants(conn, vec![interaction])?;
    views
        .pop()
        .ok_or_else(|| CoreError::NotFound(format!("no interaction with id {id}")).into())
}

fn check_participants(conn: Db<'_>, input: &CleanInteraction) -> StoreResult<()> {
    for (i, p) in input.participants().iter().enumerate() {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM person WHERE id = ?1)",
            [p],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(CoreError::Invalid {
                field: format!("participants[{i}]"),
                message: format!("no person with id {p} to take part in the interaction"),
            }
            .into());
        }
    }
    Ok(())
}

pub fn insert_interaction(conn: Db<'_>, input: &CleanInteraction) -> StoreResult<InteractionView> {
    check_participants(conn, input)?;
    conn.execute(
        "INSERT INTO interaction (occurred_at, kind, note, outcome, created_at, initiator_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            fmt_time(&input.occurred_at()),
            input.kind().as_str(),
            input.note(),
            input.outcome().map(Outcome::as_str),
            fmt_time(&now()),
            input.initiator_id(),
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO interaction_participant (interaction_id, person_id) VALUES (?1, ?2)",
    )?;
    for p in input.participants() {
        stmt.execute([id, *p])?;
    }
    super::stats::add_interaction_to_stats(
        conn,
        input.participants(),
        input.occurred_at(),
        input.kind(),
        input.initiator_id(),
        now(),
    )?;
    get_interaction(conn, id)
}

/// [`insert_interaction`] of an interaction the user logs: participants who have no
/// relationship yet meet through it, so each such pair first gets an `acquaintance`
/// relationship known since its date (none when it is planned), and nobody logged with is
/// left beyond reach. Call it inside the write's transaction: the new relationship's summary
/// is the log before the interaction, which is then added to it like to any other.
/// (Interactions written by the referral workflow and the demo go through
/// [`insert_interaction`] alone.)
pub fn log_interaction(conn: Db<'_>, input: &CleanInteraction) -> StoreResult<InteractionView> {
    check_participants(conn, input)?;
    relate_strangers(conn, input)?;
    insert_interaction(conn, input)
}

fn relate_strangers(conn: Db<'_>, input: &CleanInteraction) -> StoreResult<()> {
    let people = input.participants();
    let today = now().date_naive();
    let day = input.occurred_at().date_naive();
    for (i, &a) in people.iter().enumerate() {
        for &b in &people[i + 1..] {
            let related: bool = conn.query_row(
                "SELECT EXISTS(SELECT 1 FROM relationship
                                WHERE person_a = min(?1, ?2) AND person_b = max(?1, ?2))",
                [a, b],
                |r| r.get(0),
            )?;
            if related {
                continue;
            }
            let clean = sphere_domain::validate::relationship_at(
                &sphere_domain::RelationshipInput {
                    person_a: a,
                    person_b: b,
                    kind: sphere_domain::TieKind::Acquaintance,
                    since: (day <= today).then_some(day),
                    how_met: Some(format!("first logged together: {}", input.kind().as_str())),
                    strength_override: None,
                    override_reason: None,
                },
                today,
            )?;
            super::ties::insert_tie(conn, &clean)?;
        }
    }
    Ok(())
}

pub fn delete_interaction(conn: Db<'_>, id: Id) -> StoreResult<InteractionView> {
    let view = get_interaction(conn, id)?;
    conn.execute("DELETE FROM interaction WHERE id = ?1", [id])?;
    let ties = super::stats::ties_among(conn, &view.interaction.participants)?;
    super::stats::recompute_stats(conn, Some(&ties), now())?;
    Ok(view)
}

/// Interactions `person` took part in (all when `None`), most recent first.
/// Returns the page and the total count.
pub fn list_interactions(
    conn: Db<'_>,
    person: Option<Id>,
    limit: u32,
) -> StoreResult<(Vec<InteractionView>, u32)> {
    let filter = "FROM interaction i WHERE ?1 IS NULL OR EXISTS
        (SELECT 1 FROM interaction_participant ip WHERE ip.interaction_id = i.id AND ip.person_id = ?1)";
    let total: u32 =
        conn.query_row(&format!("SELECT count(*) {filter}"), [person], |r| r.get(0))?;
    let sql = format!("SELECT {COLUMNS} {filter} ORDER BY i.occurred_at DESC, i.id DESC LIMIT ?2");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(params![person, limit], interaction_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((with_participants(conn, rows)?, total))
}

/// Fills in the participants of each interaction, in two queries whatever the count.
fn with_participants(conn: Db<'_>, rows: Vec<Interaction>) -> StoreResult<Vec<InteractionView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = rows.iter().map(|i| i.id.to_string()).collect();
    let ids_json = format!("[{}]", ids.join(","));
    let mut stmt = conn.prepare(
        "SELECT ip.interaction_id, p.id, p.first_name, p.last_name, p.title, o.name, p.ring
           FROM interaction_participant ip
           JOIN person p ON p.id = ip.person_id
           LEFT JOIN organization o ON o.id = p.organization_id
          WHERE ip.interaction_id IN (SELECT value FROM json_each(?1))
          ORDER BY ip.interaction_id, p.id",
    )?;
    let mut by_interaction: HashMap<Id, Vec<_>> = HashMap::new();
    let mut q = stmt.query([ids_json])?;
    while let Some(row) = q.next()? {
        by_interaction
            .entry(row.get(0)?)
            .or_default()
            .push(person_ref_at(row, 1)?);
    }
    Ok(rows
        .into_iter()
        .map(|mut interaction| {
            let participants = by_interaction.remove(&interaction.id).unwrap_or_default();
            interaction.participants = participants.iter().map(|p| p.id).collect();
            InteractionView {
                interaction,
                participants,
            }
        })
        .collect())
}
