//! Bulk writes for importers and generators: many records in one transaction through
//! statements prepared once, with relationship summaries written once per relationship
//! instead of read back and updated after every interaction.
//!
//! The caller has validated the records (the `Clean*` types) and computes the summaries
//! ([`TieStats`]) itself; [`BulkWriter`] only writes.

use std::collections::HashMap;

use crate::Db;
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Statement, params};

use super::{fmt_time, now, parse_enum, parse_time, to_json};
use crate::error::{CoreError, StoreResult};
use sphere_domain::strength::TieStats;
use sphere_domain::validate::{CleanOrganization, CleanPerson, CleanRelationship};
use sphere_domain::{Id, InteractionKind, Ring};

/// Prepared inserts over one connection (normally inside a transaction).
pub struct BulkWriter<'c> {
    created_at: String,
    organization: Statement<'c>,
    person: Statement<'c>,
    key: Statement<'c>,
    tie: Statement<'c>,
    interaction: Statement<'c>,
    participant: Statement<'c>,
    conn: Db<'c>,
}

impl std::fmt::Debug for BulkWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkWriter").finish_non_exhaustive()
    }
}

impl<'c> BulkWriter<'c> {
    pub fn new(conn: Db<'c>) -> StoreResult<Self> {
        Self::new_at(conn, now())
    }

    /// A writer whose records are created at `now` (the caller's clock): an interaction dated
    /// after it is planned (see [`crate::stats`]) and counts when its time comes.
    pub fn new_at(conn: Db<'c>, now: DateTime<Utc>) -> StoreResult<Self> {
        Ok(Self {
            created_at: fmt_time(&now),
            organization: conn.prepare(
                "INSERT INTO organization (name, domain, industry, size, location, created_at,
                                           updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            )?,
            person: conn.prepare(
                "INSERT INTO person (first_name, last_name, emails, phones, title, organization_id,
                                     ring, tags, notes, created_at, updated_at, ring_pinned,
                                     is_team)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12)",
            )?,
            key: conn
                .prepare("INSERT INTO person_key (source, key, person_id) VALUES (?1, ?2, ?3)")?,
            tie: conn.prepare(
                "INSERT INTO relationship (person_a, person_b, kind, since, how_met,
                                           strength_override, override_reason, created_at,
                                           updated_at, stats_at, w_a, w_b, w_shared, first_at,
                                           last_at, n_shared)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?,
            interaction: conn.prepare(
                "INSERT INTO interaction (occurred_at, kind, note, outcome, created_at,
                                          initiator_id)
                 VALUES (?1, ?2, '', NULL, ?3, ?4)",
            )?,
            participant: conn.prepare(
                "INSERT INTO interaction_participant (interaction_id, person_id) VALUES (?1, ?2)",
            )?,
            conn,
        })
    }

    /// The transaction this writer writes in.
    pub(crate) fn db(&self) -> Db<'c> {
        self.conn
    }

    pub fn organization(&mut self, o: &CleanOrganization) -> StoreResult<Id> {
        self.organization.execute(params![
            o.name(),
            o.domain(),
            o.industry(),
            o.size(),
            o.location(),
            self.created_at
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A person. Without a ring chosen by hand the ring is `derived` (what the graph would
    /// derive, or `beyond` until it does, as `insert_person` leaves it).
    pub fn person(&mut self, p: &CleanPerson, derived: Ring) -> StoreResult<Id> {
        self.person.execute(params![
            p.first_name(),
            p.last_name(),
            to_json(p.emails()),
            to_json(p.phones()),
            p.title(),
            p.organization_id(),
            p.ring().unwrap_or(derived).as_str(),
            to_json(p.tags()),
            p.notes(),
            self.created_at,
            p.ring().is_some(),
            p.is_team(),
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Records `person`'s key in `source`.
    pub fn key(&mut self, source: &str, key: &str, person: Id) -> StoreResult<()> {
        self.key.execute(params![source, key, person])?;
        Ok(())
    }

    /// A relationship with its summary already computed.
    pub fn tie(&mut self, t: &CleanRelationship, stats: &TieStats) -> StoreResult<Id> {
        let anchor = stats
            .anchor
            .map_or_else(|| self.created_at.clone(), |a| fmt_time(&a));
        self.tie.execute(params![
            t.person_a(),
            t.person_b(),
            t.kind().as_str(),
            t.since().map(|d| d.format("%Y-%m-%d").to_string()),
            t.how_met(),
            t.strength_override(),
            t.override_reason(),
            self.created_at,
            anchor,
            stats.w_a,
            stats.w_b,
            stats.w_shared,
            stats.first_at.as_ref().map(fmt_time),
            stats.last_at.as_ref().map(fmt_time),
            stats.count,
        ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Replaces the summary of an existing relationship.
    pub fn tie_stats(&mut self, tie: Id, stats: &TieStats) -> StoreResult<()> {
        super::stats::write_stats(self.conn, tie, stats, now())
    }

    /// An interaction among `participants` (distinct, existing people); `initiator` is one of
    /// them. Relationship summaries are the caller's to keep in step ([`Self::tie_stats`]).
    pub fn interaction(
        &mut self,
        at: &DateTime<Utc>,
        kind: InteractionKind,
        initiator: Option<Id>,
        participants: &[Id],
    ) -> StoreResult<Id> {
        self.interaction.execute(params![
            fmt_time(at),
            kind.as_str(),
            self.created_at,
            initiator
        ])?;
        let id = self.conn.last_insert_rowid();
        for p in participants {
            self.participant.execute([id, *p])?;
        }
        Ok(id)
    }
}

/// The people that have keys in `source`, by key.
pub fn keys_of(conn: Db<'_>, source: &str) -> StoreResult<HashMap<String, Id>> {
    let mut stmt = conn.prepare("SELECT key, person_id FROM person_key WHERE source = ?1")?;
    let rows = stmt
        .query_map([source], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<HashMap<String, Id>>>()?;
    Ok(rows)
}

/// The relationship between `a` and `b` (`a < b`), if any.
pub fn tie_between(conn: Db<'_>, a: Id, b: Id) -> StoreResult<Option<Id>> {
    let mut stmt =
        conn.prepare_cached("SELECT id FROM relationship WHERE person_a = ?1 AND person_b = ?2")?;
    Ok(stmt.query_row([a, b], |r| r.get(0)).optional()?)
}

/// A stored interaction `a` and `b` both took part in: when, kind, initiator, and how many
/// people took part.
pub type SharedInteraction = (DateTime<Utc>, InteractionKind, Option<Id>, u32);

/// The interactions `a` and `b` both took part in.
pub fn shared_interactions(conn: Db<'_>, a: Id, b: Id) -> StoreResult<Vec<SharedInteraction>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.occurred_at, i.kind, i.initiator_id,
                (SELECT count(*) FROM interaction_participant n WHERE n.interaction_id = i.id)
           FROM interaction_participant pa
           JOIN interaction_participant pb
             ON pb.interaction_id = pa.interaction_id AND pb.person_id = ?2
           JOIN interaction i ON i.id = pa.interaction_id
          WHERE pa.person_id = ?1",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query([a, b])?;
    while let Some(row) = rows.next()? {
        out.push((
            parse_time(0, &row.get::<_, String>(0)?)?,
            parse_enum(1, &row.get::<_, String>(1)?, InteractionKind::parse)?,
            row.get(2)?,
            row.get(3)?,
        ));
    }
    Ok(out)
}

/// Fails with `Conflict` unless the database holds no person and no organization (for
/// generators that fill a fresh database).
pub fn require_empty(conn: Db<'_>, what: &str) -> StoreResult<()> {
    let (people, orgs): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM organization)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if people == 0 && orgs == 0 {
        Ok(())
    } else {
        Err(CoreError::Conflict(format!(
            "{what} fills an empty database; this one already has {people} people and {orgs} organizations"
        )).into())
    }
}
