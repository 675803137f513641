//! Team mode on this device (schema version 15): the link to the team server, the outbox of
//! changes waiting to be sent, the map between local records and their keys on the team, the
//! shadow (what was last sent or received per field), the people never shared, the mirror of
//! the team's rows, and conflicts. The rules (what is shared, last write wins) live in the
//! api's `team` module; this is storage only.
//!
//! **The token stays here.** It is read by [`link`] for the HTTP client and written by
//! [`set_link`]; no backup, export or view carries it (`team_link` is not one of
//! `sphere_domain::ROW_TABLES`).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde_json::Value;

use super::{fmt_time, from_json, get_time, parse_enum};
use crate::Db;
use crate::error::StoreResult;
use sphere_domain::Id;
use sphere_domain::error::CoreError;
use sphere_domain::team::{Change, Entity, MemberInfo, PulledRow, ShareLevel};

/// The team this device belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub server: String,
    pub token: String,
    pub team_id: String,
    pub team_name: String,
    pub salt: String,
    pub member_id: String,
    pub member_name: String,
    pub admin: bool,
    pub share_level: ShareLevel,
    pub members: Vec<MemberInfo>,
    pub cursor: i64,
    /// The clock's last stamp (an `Hlc` as text).
    pub clock: Option<String>,
    /// The last sync's report, as JSON.
    pub last_sync: Option<String>,
    pub joined_at: DateTime<Utc>,
}

fn json_err(idx: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

fn value_at(row: &Row<'_>, idx: usize) -> rusqlite::Result<Value> {
    serde_json::from_str(&row.get::<_, String>(idx)?).map_err(|e| json_err(idx, e))
}

fn to_text(v: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(v)
        .map_err(|e| CoreError::Storage(format!("cannot write team data: {e}")).into())
}

fn link_row(r: &Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        server: r.get(0)?,
        token: r.get(1)?,
        team_id: r.get(2)?,
        team_name: r.get(3)?,
        salt: r.get(4)?,
        member_id: r.get(5)?,
        member_name: r.get(6)?,
        admin: r.get(7)?,
        share_level: parse_enum(8, &r.get::<_, String>(8)?, ShareLevel::parse)?,
        members: serde_json::from_str(&r.get::<_, String>(9)?).map_err(|e| json_err(9, e))?,
        cursor: r.get(10)?,
        clock: r.get(11)?,
        last_sync: r.get(12)?,
        joined_at: get_time(r, 13)?,
    })
}

/// The link, when this device is on a team.
pub fn link(conn: Db<'_>) -> StoreResult<Option<Link>> {
    Ok(conn
        .query_row(
            "SELECT server, token, team_id, team_name, salt, member_id, member_name, admin,
                    share_level, members, cursor, clock, last_sync, joined_at
               FROM team_link WHERE id = 1",
            [],
            link_row,
        )
        .optional()?)
}

/// Stores the link (replacing any), as a join writes it.
pub fn set_link(conn: Db<'_>, l: &Link) -> StoreResult<()> {
    conn.execute(
        "INSERT OR REPLACE INTO team_link (id, server, token, team_id, team_name, salt, member_id,
             member_name, admin, share_level, members, cursor, clock, last_sync, joined_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            l.server,
            l.token,
            l.team_id,
            l.team_name,
            l.salt,
            l.member_id,
            l.member_name,
            l.admin,
            l.share_level.as_str(),
            to_text(&l.members)?,
            l.cursor,
            l.clock,
            l.last_sync,
            fmt_time(&l.joined_at),
        ],
    )?;
    Ok(())
}

fn need_link(updated: usize) -> StoreResult<()> {
    if updated == 0 {
        return Err(CoreError::NotFound("this device is not on a team".into()).into());
    }
    Ok(())
}

pub fn set_share_level(conn: Db<'_>, level: ShareLevel) -> StoreResult<()> {
    need_link(conn.execute(
        "UPDATE team_link SET share_level = ?1 WHERE id = 1",
        [level.as_str()],
    )?)
}

/// The team's name, whether this member is an admin, and the members, as the server said.
pub fn set_team(conn: Db<'_>, name: &str, admin: bool, members: &[MemberInfo]) -> StoreResult<()> {
    need_link(conn.execute(
        "UPDATE team_link SET team_name = ?1, admin = ?2, members = ?3 WHERE id = 1",
        params![name, admin, to_text(&members)?],
    )?)
}

/// Where the next pull starts; written with the rows it covers.
pub fn set_cursor(conn: Db<'_>, cursor: i64) -> StoreResult<()> {
    need_link(conn.execute("UPDATE team_link SET cursor = ?1 WHERE id = 1", [cursor])?)
}

/// The clock's last stamp.
pub fn set_clock(conn: Db<'_>, clock: &str) -> StoreResult<()> {
    need_link(conn.execute("UPDATE team_link SET clock = ?1 WHERE id = 1", [clock])?)
}

/// The last sync's report (JSON).
pub fn set_last_sync(conn: Db<'_>, report: &str) -> StoreResult<()> {
    need_link(conn.execute("UPDATE team_link SET last_sync = ?1 WHERE id = 1", [report])?)
}

/// Forgets the team on this device: the link, the outbox, the keys, the shadow, the mirror
/// and the conflicts. The people never shared stay (the user's choice about them).
pub fn forget(conn: Db<'_>) -> StoreResult<()> {
    conn.execute_batch(
        "DELETE FROM team_link; DELETE FROM team_outbox; DELETE FROM team_key;
         DELETE FROM team_shadow; DELETE FROM team_row; DELETE FROM team_conflict;",
    )?;
    Ok(())
}

// ---- the outbox ----

/// Queues a change to send.
pub fn enqueue(conn: Db<'_>, c: &Change, now: DateTime<Utc>) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO team_outbox (id, entity, key, fields, hlc, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        c.id,
        c.entity.as_str(),
        c.key,
        to_text(&c.fields)?,
        c.hlc,
        fmt_time(&now)
    ])?;
    Ok(())
}

/// The oldest `limit` changes waiting, oldest first.
pub fn outbox(conn: Db<'_>, limit: usize) -> StoreResult<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, entity, key, fields, hlc FROM team_outbox WHERE refused IS NULL
          ORDER BY CASE entity WHEN 'organization' THEN 0 WHEN 'person' THEN 1 ELSE 2 END, hlc, id
          LIMIT ?1",
    )?;
    let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
        Ok(Change {
            id: r.get(0)?,
            entity: parse_enum(1, &r.get::<_, String>(1)?, Entity::parse)?,
            key: r.get(2)?,
            fields: serde_json::from_str(&r.get::<_, String>(3)?).map_err(|e| json_err(3, e))?,
            hlc: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many changes wait.
pub fn outbox_count(conn: Db<'_>) -> StoreResult<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM team_outbox WHERE refused IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// A change the server refused, set aside with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedRow {
    pub entity: Entity,
    pub key: String,
    pub reason: String,
}

/// Sets a change aside: the server refused it (`reason`, in its words). It is not sent again
/// until its record changes ([`take_refused`]).
pub fn refuse(conn: Db<'_>, id: &str, reason: &str) -> StoreResult<()> {
    conn.prepare_cached(
        "UPDATE team_outbox SET refused = ?2, attempts = attempts + 1 WHERE id = ?1",
    )?
    .execute(params![id, reason])?;
    Ok(())
}

/// The changes set aside, by entity and key.
pub fn refused(conn: Db<'_>) -> StoreResult<Vec<RefusedRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT entity, key, refused FROM team_outbox WHERE refused IS NOT NULL ORDER BY hlc, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RefusedRow {
            entity: parse_enum(0, &r.get::<_, String>(0)?, Entity::parse)?,
            key: r.get(1)?,
            reason: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Takes the refused changes of a record out of the outbox: their fields (older first, so a
/// later one wins), for the record's new change to carry.
pub fn take_refused(
    conn: Db<'_>,
    entity: Entity,
    key: &str,
) -> StoreResult<BTreeMap<String, Value>> {
    let mut fields = BTreeMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT fields FROM team_outbox WHERE refused IS NOT NULL AND entity = ?1 AND key = ?2
              ORDER BY hlc, id",
        )?;
        let rows = stmt.query_map(params![entity.as_str(), key], |r| {
            serde_json::from_str::<BTreeMap<String, Value>>(&r.get::<_, String>(0)?)
                .map_err(|e| json_err(0, e))
        })?;
        for row in rows {
            fields.extend(row?);
        }
    }
    conn.prepare_cached(
        "DELETE FROM team_outbox WHERE refused IS NOT NULL AND entity = ?1 AND key = ?2",
    )?
    .execute(params![entity.as_str(), key])?;
    Ok(fields)
}

/// Drops the changes the server applied.
pub fn acknowledge(conn: Db<'_>, ids: &[String]) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached("DELETE FROM team_outbox WHERE id = ?1")?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}

/// Notes a failed attempt on changes that stay queued.
pub fn attempt_failed(conn: Db<'_>, ids: &[String], error: &str) -> StoreResult<()> {
    let mut stmt = conn.prepare_cached(
        "UPDATE team_outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
    )?;
    for id in ids {
        stmt.execute(params![id, error])?;
    }
    Ok(())
}

// ---- keys ----

/// What kind of local record a key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Person,
    Organization,
    Ask,
}

impl KeyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Organization => "organization",
            Self::Ask => "ask",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "person" => Some(Self::Person),
            "organization" => Some(Self::Organization),
            "ask" => Some(Self::Ask),
            _ => None,
        }
    }
}

/// A local record and its key on the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRow {
    pub kind: KeyKind,
    pub local_id: Id,
    pub key: String,
    /// The local record's creation time when the key was given.
    pub local_created: DateTime<Utc>,
}

/// Every key.
pub fn keys(conn: Db<'_>) -> StoreResult<Vec<KeyRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, local_id, key, local_created FROM team_key")?;
    let rows = stmt.query_map([], |r| {
        Ok(KeyRow {
            kind: parse_enum(0, &r.get::<_, String>(0)?, KeyKind::parse)?,
            local_id: r.get(1)?,
            key: r.get(2)?,
            local_created: get_time(r, 3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Gives a local record its key (replacing the one it had).
pub fn set_key(conn: Db<'_>, k: &KeyRow) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO team_key (kind, local_id, key, local_created) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        k.kind.as_str(),
        k.local_id,
        k.key,
        fmt_time(&k.local_created)
    ])?;
    Ok(())
}

/// Drops a local record's key (the record is gone and its removal was queued).
pub fn drop_key(conn: Db<'_>, kind: KeyKind, local_id: Id) -> StoreResult<()> {
    conn.prepare_cached("DELETE FROM team_key WHERE kind = ?1 AND local_id = ?2")?
        .execute(params![kind.as_str(), local_id])?;
    Ok(())
}

/// The local records a team key stands for.
pub fn local_of(conn: Db<'_>, kind: KeyKind, key: &str) -> StoreResult<Vec<Id>> {
    let mut stmt =
        conn.prepare_cached("SELECT local_id FROM team_key WHERE kind = ?1 AND key = ?2")?;
    let rows = stmt.query_map(params![kind.as_str(), key], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A record the team already had under `new` was sent as `old`: every mention of `old` on
/// this device (keys, shadow, waiting changes, mirror, conflicts) becomes `new`. Keys are
/// random 32-hex-digit strings, so replacing the text is exact.
pub fn rekey(conn: Db<'_>, old: &str, new: &str) -> StoreResult<()> {
    if old == new {
        return Ok(());
    }
    let like = format!("%{old}%");
    conn.execute(
        "UPDATE team_key SET key = ?2 WHERE key = ?1",
        params![old, new],
    )?;
    conn.execute(
        "UPDATE OR REPLACE team_shadow SET key = replace(key, ?1, ?2) WHERE key LIKE ?3",
        params![old, new, like],
    )?;
    conn.execute(
        "UPDATE team_outbox SET key = replace(key, ?1, ?2), fields = replace(fields, ?1, ?2)
          WHERE key LIKE ?3 OR fields LIKE ?3",
        params![old, new, like],
    )?;
    conn.execute(
        "UPDATE OR REPLACE team_conflict SET key = replace(key, ?1, ?2) WHERE key LIKE ?3",
        params![old, new, like],
    )?;
    Ok(())
}

// ---- the shadow ----

/// A field's value as last sent or received, with its stamp.
pub type Shadow = HashMap<(Entity, String), BTreeMap<String, (Value, String)>>;

/// The whole shadow.
pub fn shadow(conn: Db<'_>) -> StoreResult<Shadow> {
    let mut stmt = conn.prepare_cached("SELECT entity, key, field, value, hlc FROM team_shadow")?;
    let mut rows = stmt.query([])?;
    let mut out: Shadow = HashMap::new();
    while let Some(r) = rows.next()? {
        let entity = parse_enum(0, &r.get::<_, String>(0)?, Entity::parse)?;
        out.entry((entity, r.get(1)?))
            .or_default()
            .insert(r.get(2)?, (value_at(r, 3)?, r.get(4)?));
    }
    Ok(out)
}

/// One record's shadow.
pub fn shadow_of(
    conn: Db<'_>,
    entity: Entity,
    key: &str,
) -> StoreResult<BTreeMap<String, (Value, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, value, hlc FROM team_shadow WHERE entity = ?1 AND key = ?2",
    )?;
    let mut rows = stmt.query(params![entity.as_str(), key])?;
    let mut out = BTreeMap::new();
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, (value_at(r, 1)?, r.get(2)?));
    }
    Ok(out)
}

/// Records a field's value as sent or received.
pub fn set_shadow(
    conn: Db<'_>,
    entity: Entity,
    key: &str,
    field: &str,
    value: &Value,
    hlc: &str,
) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO team_shadow (entity, key, field, value, hlc) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![entity.as_str(), key, field, to_text(value)?, hlc])?;
    Ok(())
}

// ---- people never shared ----

/// The people never shared, by id.
pub fn never_shared(conn: Db<'_>) -> StoreResult<Vec<Id>> {
    let mut stmt =
        conn.prepare_cached("SELECT person_id FROM team_never_share ORDER BY person_id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Never shares `person` (or shares them again). The person must exist.
pub fn set_never_share(
    conn: Db<'_>,
    person: Id,
    never: bool,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    if !crate::people::person_exists(conn, person)? {
        return Err(CoreError::NotFound(format!("no person with id {person}")).into());
    }
    if never {
        conn.execute(
            "INSERT OR IGNORE INTO team_never_share (person_id, created_at) VALUES (?1, ?2)",
            params![person, fmt_time(&now)],
        )?;
        // Nothing about them still waiting to go (an earlier push that failed, a change set
        // aside) may leave after this: their record, my knows row, roles, and requests naming
        // them. The next sync withdraws what the team already has.
        conn.execute(
            "DELETE FROM team_outbox WHERE EXISTS (
               SELECT 1 FROM team_key k WHERE k.kind = 'person' AND k.local_id = ?1
                  AND (team_outbox.key = k.key OR team_outbox.key LIKE k.key || '/%'
                       OR instr(team_outbox.fields, k.key) > 0))",
            [person],
        )?;
    } else {
        conn.execute(
            "DELETE FROM team_never_share WHERE person_id = ?1",
            [person],
        )?;
    }
    Ok(())
}

// ---- the mirror ----

/// Stores a pulled row as the team has it now.
pub fn put_row(conn: Db<'_>, row: &PulledRow) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO team_row (entity, key, member, fields, seq) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        row.entity.as_str(),
        row.key,
        row.member.as_deref().unwrap_or(""),
        to_text(&row.fields)?,
        row.seq
    ])?;
    Ok(())
}

/// The mirrored fields of one record (the member's row for `knows` and `ask`, `""` for the
/// others).
pub fn mirrored(
    conn: Db<'_>,
    entity: Entity,
    key: &str,
    member: &str,
) -> StoreResult<Option<BTreeMap<String, Value>>> {
    let text: Option<String> = conn
        .query_row(
            "SELECT fields FROM team_row WHERE entity = ?1 AND key = ?2 AND member = ?3",
            params![entity.as_str(), key, member],
            |r| r.get(0),
        )
        .optional()?;
    let Some(text) = text else { return Ok(None) };
    let stamped: BTreeMap<String, sphere_domain::team::Stamped> = serde_json::from_str(&text)
        .map_err(|e| CoreError::Storage(format!("a mirrored team row cannot be read: {e}")))?;
    Ok(Some(
        stamped.into_iter().map(|(f, s)| (f, s.value)).collect(),
    ))
}

/// How many team rows the mirror holds.
pub fn row_count(conn: Db<'_>) -> StoreResult<u32> {
    Ok(conn.query_row("SELECT count(*) FROM team_row", [], |r| r.get(0))?)
}

// ---- conflicts ----

/// A field where a teammate's newer write won over this device's.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRow {
    pub id: Id,
    pub entity: Entity,
    pub key: String,
    pub field: String,
    pub yours: Value,
    pub theirs: Value,
    pub theirs_hlc: String,
    pub by: String,
    pub at: DateTime<Utc>,
    pub change_id: Option<String>,
}

const CONFLICT: &str = "SELECT id, entity, key, field, yours, theirs, theirs_hlc, by, at, change_id FROM team_conflict";

fn conflict_row(r: &Row<'_>) -> rusqlite::Result<ConflictRow> {
    Ok(ConflictRow {
        id: r.get(0)?,
        entity: parse_enum(1, &r.get::<_, String>(1)?, Entity::parse)?,
        key: r.get(2)?,
        field: r.get(3)?,
        yours: value_at(r, 4)?,
        theirs: value_at(r, 5)?,
        theirs_hlc: r.get(6)?,
        by: r.get(7)?,
        at: get_time(r, 8)?,
        change_id: r.get(9)?,
    })
}

/// Records a conflict (a newer one on the same field replaces it).
pub fn add_conflict(conn: Db<'_>, c: &ConflictRow) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO team_conflict
             (entity, key, field, yours, theirs, theirs_hlc, by, at, change_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        c.entity.as_str(),
        c.key,
        c.field,
        to_text(&c.yours)?,
        to_text(&c.theirs)?,
        c.theirs_hlc,
        c.by,
        fmt_time(&c.at),
        c.change_id
    ])?;
    Ok(())
}

/// Every conflict, oldest first.
pub fn conflicts(conn: Db<'_>) -> StoreResult<Vec<ConflictRow>> {
    let mut stmt = conn.prepare_cached(&format!("{CONFLICT} ORDER BY at, id"))?;
    let rows = stmt.query_map([], conflict_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_conflict(conn: Db<'_>, id: Id) -> StoreResult<ConflictRow> {
    super::found(
        conn.query_row(&format!("{CONFLICT} WHERE id = ?1"), [id], conflict_row),
        || format!("no team conflict with id {id}"),
    )
}

pub fn delete_conflict(conn: Db<'_>, id: Id) -> StoreResult<()> {
    conn.execute("DELETE FROM team_conflict WHERE id = ?1", [id])?;
    Ok(())
}

/// Forgets the conflict on one field, if any: the team and this device agree on it now.
pub fn settle_conflict(conn: Db<'_>, entity: Entity, key: &str, field: &str) -> StoreResult<()> {
    conn.prepare_cached("DELETE FROM team_conflict WHERE entity = ?1 AND key = ?2 AND field = ?3")?
        .execute(params![entity.as_str(), key, field])?;
    Ok(())
}

/// The fields waiting for the user: the projection leaves them alone until resolved.
pub fn conflicted(conn: Db<'_>) -> StoreResult<HashSet<(Entity, String, String)>> {
    Ok(conflicts(conn)?
        .into_iter()
        .map(|c| (c.entity, c.key, c.field))
        .collect())
}

pub fn conflict_count(conn: Db<'_>) -> StoreResult<u32> {
    Ok(conn.query_row("SELECT count(*) FROM team_conflict", [], |r| r.get(0))?)
}

// ---- what may be shared, read in one go ----

/// A person as the projection reads them: the shared tier's fields only.
#[derive(Debug, Clone, PartialEq)]
pub struct SharePerson {
    pub id: Id,
    pub created_at: DateTime<Utc>,
    pub first_name: String,
    pub last_name: String,
    pub title: String,
    pub organization_id: Option<Id>,
    pub emails: Vec<String>,
    /// The normalized LinkedIn profile URL an import recorded.
    pub profile_url: Option<String>,
    pub is_team: bool,
    pub is_me: bool,
}

/// An organization as the projection reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareOrg {
    pub id: Id,
    pub created_at: DateTime<Utc>,
    pub name: String,
    pub domain: String,
}

/// One of the user's own relationships: with whom, and how they met (redacted before it
/// goes anywhere).
#[derive(Debug, Clone, PartialEq)]
pub struct MyTie {
    pub relationship_id: Id,
    pub other: Id,
    pub how_met: String,
}

/// Every person, with their LinkedIn URL, by id.
pub fn share_people(conn: Db<'_>) -> StoreResult<Vec<SharePerson>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.created_at, p.first_name, p.last_name, p.title, p.organization_id,
                p.emails, p.is_team, p.ring = 'centre',
                (SELECT min(k.key) FROM person_key k
                  WHERE k.person_id = p.id AND k.source = 'linkedin')
           FROM person p ORDER BY p.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SharePerson {
            id: r.get(0)?,
            created_at: get_time(r, 1)?,
            first_name: r.get(2)?,
            last_name: r.get(3)?,
            title: r.get(4)?,
            organization_id: r.get(5)?,
            emails: from_json(6, &r.get::<_, String>(6)?)?,
            is_team: r.get(7)?,
            is_me: r.get(8)?,
            profile_url: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every organization, by id.
pub fn share_orgs(conn: Db<'_>) -> StoreResult<Vec<ShareOrg>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, created_at, name, domain FROM organization ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(ShareOrg {
            id: r.get(0)?,
            created_at: get_time(r, 1)?,
            name: r.get(2)?,
            domain: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `me`'s relationships, by the other person.
pub fn my_ties(conn: Db<'_>, me: Id) -> StoreResult<Vec<MyTie>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, CASE WHEN person_a = ?1 THEN person_b ELSE person_a END, how_met
           FROM relationship WHERE person_a = ?1 OR person_b = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([me], |r| {
        Ok(MyTie {
            relationship_id: r.get(0)?,
            other: r.get(1)?,
            how_met: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// When each referral request was first asked (its first event into `asked`).
pub fn asked_at(conn: Db<'_>) -> StoreResult<HashMap<Id, DateTime<Utc>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT request_id, min(at) FROM referral_event WHERE to_state = 'asked' GROUP BY request_id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert(r.get(0)?, get_time(r, 1)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const OLD: &str = "0123456789abcdef0123456789abcdef";
    const NEW: &str = "fedcba9876543210fedcba9876543210";

    fn link_row(t: DateTime<Utc>) -> Link {
        Link {
            server: "https://team.example".into(),
            token: "secret".into(),
            team_id: "t".into(),
            team_name: "Team".into(),
            salt: "s".into(),
            member_id: "m1".into(),
            member_name: "Me".into(),
            admin: false,
            share_level: ShareLevel::Band,
            members: vec![],
            cursor: 0,
            clock: None,
            last_sync: None,
            joined_at: t,
        }
    }

    fn change(id: char, entity: Entity, key: &str, hlc: &str, fields: Value) -> Change {
        Change {
            id: id.to_string().repeat(32),
            entity,
            key: key.into(),
            fields: serde_json::from_value(fields).unwrap_or_default(),
            hlc: hlc.into(),
        }
    }

    #[test]
    fn organizations_go_first_and_a_refused_change_waits_for_its_records_next_change() -> TestResult
    {
        let mut store = crate::Store::open_in_memory()?;
        let t = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")?.to_utc();
        store.write(|tx| {
            let run = || -> Result<(), Box<dyn std::error::Error>> {
                let target = change('a', Entity::Target, OLD, "1", json!({"tier": 1}));
                let person = change(
                    'b',
                    Entity::Person,
                    NEW,
                    "2",
                    json!({"name": "Ana", "title": "CTO"}),
                );
                let org = change('c', Entity::Organization, OLD, "3", json!({"name": "Acme"}));
                for c in [&target, &person, &org] {
                    enqueue(tx, c, t)?;
                }
                let order: Vec<Entity> = outbox(tx, 10)?.iter().map(|c| c.entity).collect();
                assert_eq!(
                    order,
                    [Entity::Organization, Entity::Person, Entity::Target],
                    "what a change names goes before it, whatever the stamps"
                );
                refuse(tx, &person.id, "change 2: no such organization")?;
                assert_eq!(
                    outbox_count(tx)?,
                    2,
                    "a refused change does not wait to be sent"
                );
                assert!(outbox(tx, 10)?.iter().all(|c| c.id != person.id));
                assert_eq!(
                    refused(tx)?,
                    [RefusedRow {
                        entity: Entity::Person,
                        key: NEW.into(),
                        reason: "change 2: no such organization".into()
                    }]
                );
                assert!(
                    take_refused(tx, Entity::Person, OLD)?.is_empty(),
                    "another record's"
                );
                let fields = take_refused(tx, Entity::Person, NEW)?;
                assert_eq!(fields.get("title"), Some(&json!("CTO")), "{fields:?}");
                assert!(refused(tx)?.is_empty(), "taken once");
                Ok(())
            };
            run().map_err(|e| CoreError::invalid("test", e.to_string()))
        })?;
        Ok(())
    }

    #[test]
    fn a_matched_key_replaces_the_old_one_everywhere_and_leaving_keeps_the_never_share_list()
    -> TestResult {
        let mut store = crate::Store::open_in_memory()?;
        let t = chrono::DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")?.to_utc();
        let check = |tx: Db<'_>| -> Result<(), Box<dyn std::error::Error>> {
            tx.execute(
                "INSERT INTO person (id, first_name, created_at, updated_at) VALUES (7, 'Ana', 'n', 'n')",
                [],
            )?;
            set_link(tx, &link_row(t))?;
            set_key(
                tx,
                &KeyRow {
                    kind: KeyKind::Person,
                    local_id: 7,
                    key: OLD.into(),
                    local_created: t,
                },
            )?;
            set_shadow(tx, Entity::Person, OLD, "name", &json!("Ana"), "h1")?;
            set_shadow(
                tx,
                Entity::Role,
                &format!("{OLD}/champion"),
                "holds",
                &json!(true),
                "h1",
            )?;
            let change = Change {
                id: "a".repeat(32),
                entity: Entity::Ask,
                key: "b".repeat(32),
                fields: BTreeMap::from([("target".to_string(), json!(OLD))]),
                hlc: "h2".into(),
            };
            enqueue(tx, &change, t)?;
            rekey(tx, OLD, NEW)?;
            assert_eq!(local_of(tx, KeyKind::Person, NEW)?, vec![7]);
            assert!(local_of(tx, KeyKind::Person, OLD)?.is_empty());
            let shadow = shadow(tx)?;
            assert!(shadow.contains_key(&(Entity::Person, NEW.to_string())));
            assert!(shadow.contains_key(&(Entity::Role, format!("{NEW}/champion"))));
            assert!(!shadow.keys().any(|(_, k)| k.contains(OLD)));
            let waiting = outbox(tx, 10)?;
            assert_eq!(
                waiting[0].fields["target"],
                json!(NEW),
                "a queued change names the team's key"
            );
            acknowledge(tx, std::slice::from_ref(&change.id))?;
            assert_eq!(outbox_count(tx)?, 0);

            set_never_share(tx, 7, true, t)?;
            assert!(set_never_share(tx, 99, true, t).is_err(), "no such person");
            forget(tx)?;
            assert!(
                link(tx)?.is_none()
                    && keys(tx)?.is_empty()
                    && shadow_of(tx, Entity::Person, NEW)?.is_empty()
            );
            assert_eq!(never_shared(tx)?, vec![7], "the never-share list stays");
            Ok(())
        };
        let tx = store.conn.transaction()?;
        check(Db::new(&tx))?;
        Ok(())
    }
}
