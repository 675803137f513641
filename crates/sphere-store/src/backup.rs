//! Full backups: every table read whole with its ids, and written back as it was into an
//! empty database. The caller validates a backup before [`write_backup`] (which relies on the
//! schema's own constraints only as a last line of defence) and handles the photo files.

use crate::Db;
use rusqlite::params;

use super::{facts, fmt_time, get_opt_time, get_time, interactions, organizations, people, ties};
use crate::error::{CoreError, StoreResult};
use sphere_domain::{
    Backup, BackupPhoto, BackupTable, BackupTie, Fact, Id, Interaction, Organization,
    OrganizationAlias, Person, PersonKey, ROW_TABLES, SettingEntry, TieSummary,
};

/// The tables of a backup, read in id order (photos without their bytes).
#[derive(Debug, Default)]
pub struct Tables {
    pub organizations: Vec<Organization>,
    pub people: Vec<Person>,
    pub relationships: Vec<BackupTie>,
    pub interactions: Vec<Interaction>,
    pub facts: Vec<Fact>,
    pub person_keys: Vec<PersonKey>,
    pub settings: Vec<SettingEntry>,
    pub photos: Vec<BackupPhoto>,
    pub organization_aliases: Vec<OrganizationAlias>,
    pub tables: Vec<BackupTable>,
}

fn all<T>(
    conn: Db<'_>,
    sql: &str,
    row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads every table (run it inside one read transaction for a consistent copy).
pub fn read_tables(conn: Db<'_>) -> StoreResult<Tables> {
    let organizations = all(
        conn,
        &format!(
            "SELECT {} FROM organization o ORDER BY o.id",
            organizations::ORG_COLUMNS
        ),
        organizations::org_row,
    )?;
    let people = all(
        conn,
        &format!(
            "SELECT {} FROM person p ORDER BY p.id",
            people::PERSON_COLUMNS
        ),
        people::person_row,
    )?;
    let relationships = all(
        conn,
        &format!(
            "SELECT {}, r.stats_at, r.w_a, r.w_b, r.w_shared, r.first_at, r.last_at, r.n_shared,
                    r.doubted_at, r.doubt_note
               FROM relationship r ORDER BY r.id",
            ties::TIE_COLUMNS
        ),
        |row| {
            let relationship = ties::tie_row(row)?;
            let summary = match get_opt_time(row, 10)? {
                None => None,
                Some(stats_at) => Some(TieSummary {
                    stats_at,
                    w_a: row.get(11)?,
                    w_b: row.get(12)?,
                    w_shared: row.get(13)?,
                    first_at: get_opt_time(row, 14)?,
                    last_at: get_opt_time(row, 15)?,
                    n_shared: row.get(16)?,
                }),
            };
            let doubt = match get_opt_time(row, 17)? {
                Some(at) => Some((at, row.get::<_, Option<String>>(18)?.unwrap_or_default())),
                None => None,
            };
            Ok(BackupTie {
                relationship,
                summary,
                doubt,
            })
        },
    )?;
    let mut interactions = all(
        conn,
        &format!(
            "SELECT {} FROM interaction i ORDER BY i.id",
            interactions::COLUMNS
        ),
        interactions::interaction_row,
    )?;
    {
        let participants: Vec<(Id, Id)> = all(
            conn,
            "SELECT interaction_id, person_id FROM interaction_participant
              ORDER BY interaction_id, person_id",
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut by_interaction = participants.into_iter().peekable();
        for i in &mut interactions {
            while let Some((_, p)) = by_interaction.next_if(|(iid, _)| *iid <= i.id) {
                i.participants.push(p);
            }
        }
    }
    let facts = all(
        conn,
        &format!("SELECT {} FROM fact ORDER BY id", facts::COLUMNS),
        facts::fact_row,
    )?;
    let person_keys = all(
        conn,
        "SELECT source, key, person_id FROM person_key ORDER BY source, key",
        |r| {
            Ok(PersonKey {
                source: r.get(0)?,
                key: r.get(1)?,
                person_id: r.get(2)?,
            })
        },
    )?;
    let settings = all(conn, "SELECT key, value FROM setting ORDER BY key", |r| {
        Ok(SettingEntry {
            key: r.get(0)?,
            value: r.get(1)?,
        })
    })?;
    let photos = all(
        conn,
        "SELECT person_id, file, updated_at FROM person_photo ORDER BY person_id",
        |r| {
            Ok(BackupPhoto {
                person_id: r.get(0)?,
                file: r.get(1)?,
                updated_at: get_time(r, 2)?,
                data: None,
            })
        },
    )?;
    let organization_aliases = all(
        conn,
        "SELECT alias_key, organization_id FROM organization_alias ORDER BY alias_key",
        |r| {
            Ok(OrganizationAlias {
                alias_key: r.get(0)?,
                organization_id: r.get(1)?,
            })
        },
    )?;
    let mut tables = Vec::with_capacity(ROW_TABLES.len());
    for name in ROW_TABLES {
        tables.push(read_rows(conn, name)?);
    }
    Ok(Tables {
        tables,
        organization_aliases,
        organizations,
        people,
        relationships,
        interactions,
        facts,
        person_keys,
        settings,
        photos,
    })
}

/// The columns of a table, in schema order.
fn columns_of(conn: Db<'_>, table: &str) -> StoreResult<Vec<String>> {
    all(
        conn,
        &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        |r| r.get(0),
    )
}

/// One whole table as JSON values (`table` is one of [`ROW_TABLES`], never user text).
fn read_rows(conn: Db<'_>, table: &str) -> StoreResult<BackupTable> {
    let columns = columns_of(conn, table)?;
    let n = columns.len();
    // Every row table's key is its first column, or its first two.
    let rows = all(conn, &format!("SELECT * FROM {table} ORDER BY 1, 2"), |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                    rusqlite::types::ValueRef::Integer(v) => v.into(),
                    rusqlite::types::ValueRef::Real(v) => v.into(),
                    rusqlite::types::ValueRef::Text(t) => {
                        String::from_utf8_lossy(t).into_owned().into()
                    }
                    rusqlite::types::ValueRef::Blob(_) => serde_json::Value::Null,
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(BackupTable {
        name: table.to_string(),
        columns,
        rows,
    })
}

/// Fails with `Conflict` unless the database holds no records at all (settings aside: a
/// backup's settings replace them).
pub fn require_no_records(conn: Db<'_>, what: &str) -> StoreResult<()> {
    super::bulk::require_empty(conn, what)?;
    let interactions: i64 = conn.query_row("SELECT count(*) FROM interaction", [], |r| r.get(0))?;
    if interactions > 0 {
        return Err(CoreError::Conflict(format!(
            "{what} fills an empty database; this one already has {interactions} interactions"
        ))
        .into());
    }
    Ok(())
}

fn date(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// Writes every row of `b` with its id (photo rows only; the files are the caller's).
/// Relationships without a summary get `stats_at` NULL, for the caller to compute.
pub fn write_backup(conn: Db<'_>, b: &Backup) -> StoreResult<()> {
    let mut stmt = conn.prepare(
        "INSERT INTO organization (id, name, domain, industry, size, location, created_at,
                                   updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for o in &b.organizations {
        stmt.execute(params![
            o.id,
            o.name,
            o.domain,
            o.industry,
            o.size,
            o.location,
            fmt_time(&o.created_at),
            fmt_time(&o.updated_at)
        ])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO person (id, first_name, last_name, emails, phones, title, organization_id,
                             ring, tags, notes, created_at, updated_at, ring_pinned, is_team)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    for p in &b.people {
        stmt.execute(params![
            p.id,
            p.first_name,
            p.last_name,
            super::to_json(&p.emails),
            super::to_json(&p.phones),
            p.title,
            p.organization_id,
            p.ring.as_str(),
            super::to_json(&p.tags),
            p.notes,
            fmt_time(&p.created_at),
            fmt_time(&p.updated_at),
            p.ring_pinned,
            p.is_team
        ])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO relationship (id, person_a, person_b, kind, since, how_met,
                                   strength_override, override_reason, created_at, updated_at,
                                   stats_at, w_a, w_b, w_shared, first_at, last_at, n_shared)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?;
    for t in &b.relationships {
        let r = &t.relationship;
        let s = t.summary.as_ref();
        stmt.execute(params![
            r.id,
            r.person_a,
            r.person_b,
            r.kind.as_str(),
            date(r.since),
            r.how_met,
            r.strength_override,
            r.override_reason,
            fmt_time(&r.created_at),
            fmt_time(&r.updated_at),
            s.map(|s| fmt_time(&s.stats_at)),
            s.map_or(0.0, |s| s.w_a),
            s.map_or(0.0, |s| s.w_b),
            s.map_or(0.0, |s| s.w_shared),
            s.and_then(|s| s.first_at.as_ref().map(fmt_time)),
            s.and_then(|s| s.last_at.as_ref().map(fmt_time)),
            s.map_or(0, |s| s.n_shared)
        ])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO interaction (id, occurred_at, kind, note, outcome, created_at, initiator_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut part = conn.prepare(
        "INSERT INTO interaction_participant (interaction_id, person_id) VALUES (?1, ?2)",
    )?;
    for i in &b.interactions {
        stmt.execute(params![
            i.id,
            fmt_time(&i.occurred_at),
            i.kind.as_str(),
            i.note,
            i.outcome.map(|o| o.as_str()),
            fmt_time(&i.created_at),
            i.initiator_id
        ])?;
        for p in &i.participants {
            part.execute([i.id, *p])?;
        }
    }
    let mut stmt = conn.prepare(
        "INSERT INTO fact (id, person_id, category, value, source, learned_on, told_by,
                           created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for f in &b.facts {
        stmt.execute(params![
            f.id,
            f.person_id,
            f.category,
            f.value,
            f.source,
            date(f.learned_on),
            f.told_by,
            fmt_time(&f.created_at),
            fmt_time(&f.updated_at)
        ])?;
    }
    let mut stmt =
        conn.prepare("INSERT INTO person_key (source, key, person_id) VALUES (?1, ?2, ?3)")?;
    for k in &b.person_keys {
        stmt.execute(params![k.source, k.key, k.person_id])?;
    }
    let mut stmt = conn.prepare(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    for s in &b.settings {
        stmt.execute(params![s.key, s.value])?;
    }
    let mut stmt =
        conn.prepare("INSERT INTO person_photo (person_id, file, updated_at) VALUES (?1, ?2, ?3)")?;
    for p in &b.photos {
        stmt.execute(params![p.person_id, p.file, fmt_time(&p.updated_at)])?;
    }
    let mut stmt = conn
        .prepare("INSERT INTO organization_alias (alias_key, organization_id) VALUES (?1, ?2)")?;
    for a in &b.organization_aliases {
        stmt.execute(params![a.alias_key, a.organization_id])?;
    }
    let mut stmt =
        conn.prepare("UPDATE relationship SET doubted_at = ?2, doubt_note = ?3 WHERE id = ?1")?;
    for t in &b.relationships {
        if let Some((at, note)) = &t.doubt {
            stmt.execute(params![t.relationship.id, fmt_time(at), note])?;
        }
    }
    for name in ROW_TABLES {
        for t in b.tables.iter().filter(|t| t.name == *name) {
            write_rows(conn, t)?;
        }
    }
    check_rows(conn)
}

/// The row tables as written must read back: known states, modes, reasons, directions and
/// kinds, timestamps in the fixed-width form text order relies on, path snapshots that are
/// JSON. A bad row fails the restore (and its transaction) here, not every open afterwards.
fn check_rows(conn: Db<'_>) -> StoreResult<()> {
    let bad = |e: crate::StoreError| {
        CoreError::invalid(
            "tables",
            format!(
                "the backup's referral requests, ledger, capture sources, introductions or keep-in-touch settings cannot be read back: {e}"
            ),
        )
    };
    super::asks::list_asks(conn).map_err(bad)?;
    super::asks::connectors(conn, None).map_err(bad)?;
    super::asks::events(conn, None).map_err(bad)?;
    super::ledger::entries_since(conn, chrono::DateTime::<chrono::Utc>::MIN_UTC).map_err(bad)?;
    super::capture::list_sources(conn).map_err(bad)?;
    let today = chrono::Utc::now().date_naive();
    super::intros::list_needs(conn, None, today).map_err(bad)?;
    super::intros::all_openness(conn).map_err(bad)?;
    super::intros::dismissals(conn).map_err(bad)?;
    super::intros::all_connects(conn).map_err(bad)?;
    super::keep_in_touch::choices(conn).map_err(bad)?;
    super::keep_in_touch::rules(conn).map_err(bad)?;
    const STAMP: &str = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z";
    for (table, column) in [
        ("referral_request", "state_at"),
        ("referral_request", "created_at"),
        ("referral_request", "updated_at"),
        ("referral_event", "at"),
        ("ledger_entry", "at"),
        ("ledger_entry", "created_at"),
        ("capture_source", "created_at"),
        ("mail_message", "sent_at"),
        ("calendar_item", "starts_at"),
        ("need_offer", "created_at"),
        ("intro_dismissal", "at"),
        ("keep_in_touch", "updated_at"),
        ("cadence_rule", "updated_at"),
        ("today_snooze", "until"),
        ("team_never_share", "created_at"),
    ] {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE {column} NOT GLOB ?1"),
            [STAMP],
            |r| r.get(0),
        )?;
        if n > 0 {
            return Err(CoreError::invalid(
                "tables",
                format!("{n} rows of {table} have a {column} that is not a stored timestamp (like 2026-01-02T03:04:05.000000Z)"),
            )
            .into());
        }
    }
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM referral_connector
          WHERE NOT json_valid(path) OR json_type(path, '$.people') IS NOT 'array'",
        [],
        |r| r.get(0),
    )?;
    if n > 0 {
        return Err(CoreError::invalid(
            "tables",
            format!("{n} connectors of referral requests have no readable path"),
        )
        .into());
    }
    Ok(())
}

/// Writes a table's rows back; its columns must be the schema's.
fn write_rows(conn: Db<'_>, t: &BackupTable) -> StoreResult<()> {
    let known = columns_of(conn, &t.name)?;
    if let Some(bad) = t.columns.iter().find(|c| !known.contains(c)) {
        return Err(
            CoreError::invalid("tables", format!("table {} has no column {bad}", t.name)).into(),
        );
    }
    let marks: Vec<String> = (1..=t.columns.len()).map(|i| format!("?{i}")).collect();
    let mut stmt = conn.prepare(&format!(
        "INSERT INTO {} ({}) VALUES ({})",
        t.name,
        t.columns.join(", "),
        marks.join(", ")
    ))?;
    for (i, row) in t.rows.iter().enumerate() {
        if row.len() != t.columns.len() {
            return Err(CoreError::invalid(
                "tables",
                format!(
                    "table {} row {}: {} values for {} columns",
                    t.name,
                    i + 1,
                    row.len(),
                    t.columns.len()
                ),
            )
            .into());
        }
        let values: Vec<rusqlite::types::Value> = row
            .iter()
            .map(|v| match v {
                serde_json::Value::Null => rusqlite::types::Value::Null,
                serde_json::Value::Bool(b) => rusqlite::types::Value::Integer(i64::from(*b)),
                serde_json::Value::Number(n) => match n.as_i64() {
                    Some(i) => rusqlite::types::Value::Integer(i),
                    None => rusqlite::types::Value::Real(n.as_f64().unwrap_or(0.0)),
                },
                serde_json::Value::String(s) => rusqlite::types::Value::Text(s.clone()),
                other => rusqlite::types::Value::Text(other.to_string()),
            })
            .collect();
        stmt.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}
