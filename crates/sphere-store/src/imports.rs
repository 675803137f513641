//! Reads and writes for address-book imports: the snapshot of what is stored that the
//! planner (`sphere-import`) decides against, and the writes its commit makes. Every write
//! keeps the limits validation enforces, whatever the caller passes.

use chrono::NaiveDate;
use rusqlite::params;
use sphere_domain::validate::{MAX_FACT_CHARS, MAX_LIST_LEN};
use sphere_domain::{Id, Person};

use crate::bulk::BulkWriter;
use crate::error::StoreResult;
use crate::{Db, fmt_time, now, to_json};

/// What an import plan is decided against, read in one go.
#[derive(Debug, Default)]
pub struct ImportSnapshot {
    /// Everyone.
    pub people: Vec<Person>,
    /// `((source, key), person)` for the sources asked for.
    pub keys: Vec<((String, String), Id)>,
    /// Every organization: `(id, name)`.
    pub organizations: Vec<(Id, String)>,
    /// Abbreviations written out in full: `(alias key, organization id, organization name)`.
    pub aliases: Vec<(String, Id, String)>,
    /// Every relationship: `(relationship, person_a, person_b, since)`, `person_a` the lower
    /// id.
    pub relationships: Vec<(Id, Id, Id, Option<NaiveDate>)>,
    /// Every fact: `(person, category, value)`.
    pub facts: Vec<(Id, String, String)>,
    /// The people who have a picture.
    pub photos: Vec<Id>,
}

/// Reads the [`ImportSnapshot`], with the keys of `sources` only.
pub fn import_snapshot(db: Db<'_>, sources: &[&str]) -> StoreResult<ImportSnapshot> {
    let mut snap = ImportSnapshot {
        people: crate::all_people(db)?,
        ..ImportSnapshot::default()
    };
    let list = serde_json::to_string(sources).unwrap_or_else(|_| "[]".into());
    let mut stmt = db.prepare(
        "SELECT source, key, person_id FROM person_key
          WHERE source IN (SELECT value FROM json_each(?1))",
    )?;
    for row in stmt.query_map([list], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))? {
        snap.keys.push(row?);
    }
    let mut stmt = db.prepare("SELECT id, name FROM organization")?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
        snap.organizations.push(row?);
    }
    let mut stmt = db.prepare(
        "SELECT a.alias_key, o.id, o.name FROM organization_alias a
           JOIN organization o ON o.id = a.organization_id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        snap.aliases.push(row?);
    }
    let mut stmt = db.prepare("SELECT id, person_a, person_b, since FROM relationship")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Id>(0)?,
            r.get::<_, Id>(1)?,
            r.get::<_, Id>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    for row in rows {
        let (tie, a, b, since) = row?;
        let since = since.and_then(|s| crate::parse_date(s.as_bytes()));
        snap.relationships.push((tie, a, b, since));
    }
    let mut stmt = db.prepare("SELECT person_id, category, value FROM fact")?;
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        snap.facts.push(row?);
    }
    let mut stmt = db.prepare("SELECT person_id FROM person_photo")?;
    for row in stmt.query_map([], |r| r.get(0))? {
        snap.photos.push(row?);
    }
    Ok(snap)
}

/// What an import adds to a stored person: the complete lists to keep, and text that only
/// fills what is empty (title, organization) or is appended (notes).
#[derive(Debug, Default)]
pub struct PersonAdditions<'a> {
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub tags: Vec<String>,
    /// Kept only when the person has no title.
    pub title: &'a str,
    /// Kept only when the person has no organization.
    pub organization_id: Option<Id>,
    /// Appended to the notes after a blank line (or the notes, when there are none).
    pub notes: &'a str,
}

/// The writes of an address-book import, in the caller's transaction (after a [`BulkWriter`]
/// made the new records).
impl BulkWriter<'_> {
    /// Remembers that `alias` (an organization key) means organization `org`.
    pub fn organization_alias(&mut self, alias: &str, org: Id) -> StoreResult<()> {
        self.db()
            .prepare_cached(
                "INSERT OR IGNORE INTO organization_alias (alias_key, organization_id)
                 VALUES (?1, ?2)",
            )?
            .execute(params![alias, org])?;
        Ok(())
    }

    /// Adds to a stored person (see [`PersonAdditions`]); lists are cut to their limit and
    /// notes to the field limit.
    pub fn add_to_person(&mut self, id: Id, add: PersonAdditions<'_>) -> StoreResult<()> {
        let PersonAdditions {
            mut emails,
            mut phones,
            mut tags,
            title,
            organization_id,
            notes,
        } = add;
        emails.truncate(MAX_LIST_LEN);
        phones.truncate(MAX_LIST_LEN);
        tags.truncate(MAX_LIST_LEN);
        let limit = sphere_domain::validate::MAX_FIELD_CHARS;
        self.db()
            .prepare_cached(
                "UPDATE person SET emails = ?2, phones = ?3, tags = ?4,
                        title = CASE WHEN title = '' THEN ?5 ELSE title END,
                        organization_id = coalesce(organization_id, ?6),
                        notes = substr(CASE WHEN notes = '' THEN ?7
                                            WHEN ?7 = '' THEN notes
                                            ELSE notes || char(10) || char(10) || ?7 END, 1, ?9),
                        updated_at = ?8
                  WHERE id = ?1",
            )?
            .execute(params![
                id,
                to_json(&emails),
                to_json(&phones),
                to_json(&tags),
                title,
                organization_id,
                notes,
                fmt_time(&now()),
                limit as i64
            ])?;
        Ok(())
    }

    /// Records `key` in `source` for `person`, unless that key is already someone's.
    pub fn key_if_new(&mut self, source: &str, key: &str, person: Id) -> StoreResult<()> {
        self.db()
            .prepare_cached(
                "INSERT OR IGNORE INTO person_key (source, key, person_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![source, key, person])?;
        Ok(())
    }

    /// Sets when a relationship began, when that is not known yet.
    pub fn since_if_unknown(&mut self, tie: Id, since: NaiveDate) -> StoreResult<()> {
        self.db()
            .prepare_cached(
                "UPDATE relationship SET since = ?2, updated_at = ?3
                  WHERE id = ?1 AND since IS NULL",
            )?
            .execute(params![
                tie,
                since.format("%Y-%m-%d").to_string(),
                fmt_time(&now())
            ])?;
        Ok(())
    }

    /// Adds a fact learned from an import (the value cut to the fact limit).
    pub fn imported_fact(
        &mut self,
        person: Id,
        category: &str,
        value: &str,
        source: &str,
        learned_on: Option<NaiveDate>,
    ) -> StoreResult<()> {
        let value: String = value.chars().take(MAX_FACT_CHARS).collect();
        let stamp = fmt_time(&now());
        self.db()
            .prepare_cached(
                "INSERT INTO fact (person_id, category, value, source, learned_on, told_by,
                                   created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?6)",
            )?
            .execute(params![
                person,
                category,
                value,
                source,
                learned_on.map(|d| d.to_string()),
                stamp
            ])?;
        Ok(())
    }

    /// Records the picture file of a person who has none yet.
    pub fn photo(&mut self, person: Id, file: &str) -> StoreResult<()> {
        self.db()
            .prepare_cached(
                "INSERT INTO person_photo (person_id, file, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (person_id) DO NOTHING",
            )?
            .execute(params![person, file, fmt_time(&now())])?;
        Ok(())
    }
}
