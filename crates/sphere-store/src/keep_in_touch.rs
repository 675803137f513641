//! Keeping in touch as stored (schema version 13): each person's own cadence, snooze and
//! pause (`keep_in_touch`), the tags' and rings' cadences (`cadence_rule`), the Today items the
//! user snoozed (`today_snooze`), and the one read of the user's interaction log that every
//! person's status comes from.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{fmt_time, get_opt_time, get_time, now, parse_enum};
use crate::Db;
use crate::error::StoreResult;
use sphere_domain::cadence::{Cadence, Hold, PersonCadence};
use sphere_domain::{Id, InteractionKind, Ring};

/// One person's choices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PersonChoice {
    /// `None`: what their tags or ring give.
    pub cadence: Option<PersonCadence>,
    pub hold: Hold,
}

fn cadence_of(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<Cadence>> {
    let ideal: Option<u32> = row.get(at)?;
    let max: Option<u32> = row.get(at + 1)?;
    Ok(ideal.zip(max).map(|(ideal_days, max_days)| Cadence {
        ideal_days,
        max_days,
    }))
}

const CHOICE: &str = "SELECT person_id, cadence, ideal_days, max_days, snoozed_until, paused_at
                        FROM keep_in_touch";

fn choice_row(r: &Row<'_>) -> rusqlite::Result<(Id, PersonChoice)> {
    let kind: String = r.get(1)?;
    let cadence = match kind.as_str() {
        "set" => cadence_of(r, 2)?.map(PersonCadence::Every),
        "off" => Some(PersonCadence::Off),
        _ => None,
    };
    Ok((
        r.get(0)?,
        PersonChoice {
            cadence,
            hold: Hold {
                snoozed_until: get_opt_time(r, 4)?,
                paused: r.get::<_, Option<String>>(5)?.is_some(),
            },
        },
    ))
}

/// Everyone's choices, by person (people without a row have none).
pub fn choices(conn: Db<'_>) -> StoreResult<HashMap<Id, PersonChoice>> {
    let mut stmt = conn.prepare_cached(CHOICE)?;
    let rows = stmt.query_map([], choice_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One person's choices.
pub fn choice_of(conn: Db<'_>, person: Id) -> StoreResult<PersonChoice> {
    let row = conn
        .query_row(
            &format!("{CHOICE} WHERE person_id = ?1"),
            [person],
            choice_row,
        )
        .optional()?;
    Ok(row.map(|(_, c)| c).unwrap_or_default())
}

fn ensure_row(conn: Db<'_>, person: Id) -> StoreResult<()> {
    super::people::get_person(conn, person)?;
    conn.execute(
        "INSERT INTO keep_in_touch (person_id, updated_at) VALUES (?1, ?2)
         ON CONFLICT (person_id) DO NOTHING",
        params![person, fmt_time(&now())],
    )?;
    Ok(())
}

/// Sets a person's own cadence (`Some`), or back to their tags' or ring's (`None`).
pub fn set_person_cadence(
    conn: Db<'_>,
    person: Id,
    cadence: Option<PersonCadence>,
) -> StoreResult<()> {
    ensure_row(conn, person)?;
    let (kind, c) = match cadence {
        None => ("inherit", None),
        Some(PersonCadence::Off) => ("off", None),
        Some(PersonCadence::Every(c)) => ("set", Some(c)),
    };
    conn.execute(
        "UPDATE keep_in_touch SET cadence = ?2, ideal_days = ?3, max_days = ?4, updated_at = ?5
          WHERE person_id = ?1",
        params![
            person,
            kind,
            c.map(|c| c.ideal_days),
            c.map(|c| c.max_days),
            fmt_time(&now())
        ],
    )?;
    Ok(())
}

/// Snoozes a person's reminder until `until` (`None` ends a snooze).
pub fn set_snooze(conn: Db<'_>, person: Id, until: Option<DateTime<Utc>>) -> StoreResult<()> {
    ensure_row(conn, person)?;
    conn.execute(
        "UPDATE keep_in_touch SET snoozed_until = ?2, updated_at = ?3 WHERE person_id = ?1",
        params![person, until.map(|u| fmt_time(&u)), fmt_time(&now())],
    )?;
    Ok(())
}

/// Pauses (at `at`) or resumes (`None`) a person's reminders.
pub fn set_paused(conn: Db<'_>, person: Id, at: Option<DateTime<Utc>>) -> StoreResult<()> {
    ensure_row(conn, person)?;
    conn.execute(
        "UPDATE keep_in_touch SET paused_at = ?2, updated_at = ?3 WHERE person_id = ?1",
        params![person, at.map(|u| fmt_time(&u)), fmt_time(&now())],
    )?;
    Ok(())
}

/// The tags' cadences (by lower-case tag) and the rings' settings (a ring with a row but no
/// days: none; rings without a row are absent here and take the defaults).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub tags: HashMap<String, Cadence>,
    pub rings: HashMap<Ring, Option<Cadence>>,
}

pub fn rules(conn: Db<'_>) -> StoreResult<Rules> {
    let mut out = Rules::default();
    let mut stmt =
        conn.prepare_cached("SELECT scope, key, ideal_days, max_days FROM cadence_rule")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let scope: String = r.get(0)?;
        let key: String = r.get(1)?;
        let c = cadence_of(r, 2)?;
        if scope == "ring" {
            let ring = parse_enum(1, &key, Ring::parse)?;
            out.rings.insert(ring, c);
        } else if let Some(c) = c {
            out.tags.insert(key, c);
        }
    }
    Ok(out)
}

/// Sets (`Some`) or removes (`None`) a tag's cadence.
pub fn set_tag_rule(conn: Db<'_>, tag: &str, cadence: Option<Cadence>) -> StoreResult<()> {
    let key = tag.trim().to_lowercase();
    match cadence {
        Some(c) => conn.execute(
            "INSERT INTO cadence_rule (scope, key, ideal_days, max_days, updated_at)
             VALUES ('tag', ?1, ?2, ?3, ?4)
             ON CONFLICT (scope, key) DO UPDATE SET ideal_days = ?2, max_days = ?3, updated_at = ?4",
            params![key, c.ideal_days, c.max_days, fmt_time(&now())],
        )?,
        None => conn.execute(
            "DELETE FROM cadence_rule WHERE scope = 'tag' AND key = ?1",
            [key],
        )?,
    };
    Ok(())
}

/// Sets a ring's cadence (`Some(Some)`), no cadence for it (`Some(None)`), or back to its
/// default (`None`).
pub fn set_ring_rule(conn: Db<'_>, ring: Ring, rule: Option<Option<Cadence>>) -> StoreResult<()> {
    match rule {
        Some(c) => conn.execute(
            "INSERT INTO cadence_rule (scope, key, ideal_days, max_days, updated_at)
             VALUES ('ring', ?1, ?2, ?3, ?4)
             ON CONFLICT (scope, key) DO UPDATE SET ideal_days = ?2, max_days = ?3, updated_at = ?4",
            params![
                ring.as_str(),
                c.map(|c| c.ideal_days),
                c.map(|c| c.max_days),
                fmt_time(&now())
            ],
        )?,
        None => conn.execute(
            "DELETE FROM cadence_rule WHERE scope = 'ring' AND key = ?1",
            [ring.as_str()],
        )?,
    };
    Ok(())
}

/// One interaction with one person, as the log holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedTouch {
    pub person_id: Id,
    pub kind: InteractionKind,
    pub initiator_id: Option<Id>,
    pub at: DateTime<Utc>,
    pub logged_at: DateTime<Utc>,
}

/// Calls `f` for every interaction the user (`me`) had with anyone, once per other
/// participant, in one read over the participant index (the user's interactions only, not
/// the whole log). Without a user at the centre, every interaction counts for each of its
/// participants.
pub fn for_each_touch(
    conn: Db<'_>,
    me: Option<Id>,
    mut f: impl FnMut(LoggedTouch),
) -> StoreResult<()> {
    let row = |r: &Row<'_>| -> rusqlite::Result<LoggedTouch> {
        Ok(LoggedTouch {
            person_id: r.get(0)?,
            kind: parse_enum(1, &r.get::<_, String>(1)?, InteractionKind::parse)?,
            initiator_id: r.get(2)?,
            at: get_time(r, 3)?,
            logged_at: get_time(r, 4)?,
        })
    };
    match me {
        Some(me) => {
            let mut stmt = conn.prepare_cached(
                "SELECT other.person_id, i.kind, i.initiator_id, i.occurred_at, i.created_at
                   FROM interaction_participant mine
                   JOIN interaction i ON i.id = mine.interaction_id
                   JOIN interaction_participant other
                     ON other.interaction_id = mine.interaction_id
                    AND other.person_id <> mine.person_id
                  WHERE mine.person_id = ?1",
            )?;
            let mut rows = stmt.query([me])?;
            while let Some(r) = rows.next()? {
                f(row(r)?);
            }
        }
        None => {
            let mut stmt = conn.prepare_cached(
                "SELECT ip.person_id, i.kind, i.initiator_id, i.occurred_at, i.created_at
                   FROM interaction_participant ip
                   JOIN interaction i ON i.id = ip.interaction_id",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                f(row(r)?);
            }
        }
    }
    Ok(())
}

/// The Today items hidden at `at`, by key.
pub fn snoozed_items(
    conn: Db<'_>,
    at: DateTime<Utc>,
) -> StoreResult<HashMap<String, DateTime<Utc>>> {
    let mut stmt =
        conn.prepare_cached("SELECT item_key, until FROM today_snooze WHERE until > ?1")?;
    let rows = stmt.query_map([fmt_time(&at)], |r| Ok((r.get(0)?, get_time(r, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Hides a Today item until `until`, and forgets snoozes that have ended.
pub fn snooze_item(conn: Db<'_>, key: &str, until: DateTime<Utc>) -> StoreResult<()> {
    let at = fmt_time(&now());
    conn.execute("DELETE FROM today_snooze WHERE until <= ?1", [&at])?;
    conn.execute(
        "INSERT INTO today_snooze (item_key, until, created_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (item_key) DO UPDATE SET until = ?2",
        params![key, fmt_time(&until), at],
    )?;
    Ok(())
}

/// Every organization's name, by id (to show people without a query each).
pub fn organization_names(conn: Db<'_>) -> StoreResult<HashMap<Id, String>> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM organization")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
