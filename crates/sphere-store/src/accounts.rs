//! Target accounts as stored (schema version 14): the accounts (`target_account`), the roles
//! people hold in them (`person_role`), the role templates the user changed (`role_template`),
//! the weekly coverage rows (`coverage_week`), and the two reads coverage needs from the rest
//! of the file: each team member's last two-way touch with each person, and the open referral
//! requests per organization.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{fmt_time, found, get_time, parse_enum, parse_time};
use crate::Db;
use crate::error::StoreResult;
use sphere_domain::account::{
    AccountRole, RoleTemplate, StrengthBand, TIERS, Target, TargetInput, Verdict, default_template,
};
use sphere_domain::error::CoreError;
use sphere_domain::referral::RequestState;
use sphere_domain::{Id, InteractionKind};

const TARGET: &str =
    "SELECT organization_id, owner_id, tier, note, created_at, updated_at FROM target_account";

fn target_row(r: &Row<'_>) -> rusqlite::Result<Target> {
    Ok(Target {
        organization_id: r.get(0)?,
        owner_id: r.get(1)?,
        tier: r.get(2)?,
        note: r.get(3)?,
        created_at: get_time(r, 4)?,
        updated_at: get_time(r, 5)?,
    })
}

/// Every target account, by organization id.
pub fn targets(conn: Db<'_>) -> StoreResult<Vec<Target>> {
    let mut stmt = conn.prepare_cached(&format!("{TARGET} ORDER BY organization_id"))?;
    let rows = stmt.query_map([], target_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The target account of an organization, if it is one.
pub fn target_of(conn: Db<'_>, organization: Id) -> StoreResult<Option<Target>> {
    Ok(conn
        .query_row(
            &format!("{TARGET} WHERE organization_id = ?1"),
            [organization],
            target_row,
        )
        .optional()?)
}

/// Marks an organization as a target account, or changes one (`input` validated). The
/// organization and the owner must exist.
pub fn set_target(conn: Db<'_>, input: &TargetInput, now: DateTime<Utc>) -> StoreResult<Target> {
    let org = input.organization_id;
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM organization WHERE id = ?1)",
        [org],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(CoreError::NotFound(format!("no organization with id {org}")).into());
    }
    if let Some(owner) = input.owner_id
        && !crate::people::person_exists(conn, owner)?
    {
        return Err(CoreError::invalid("owner_id", format!("no person with id {owner}")).into());
    }
    let stamp = fmt_time(&now);
    conn.execute(
        "INSERT INTO target_account (organization_id, owner_id, tier, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (organization_id) DO UPDATE SET owner_id = excluded.owner_id,
             tier = excluded.tier, note = excluded.note, updated_at = excluded.updated_at",
        params![
            org,
            input.owner_id,
            input.tier.unwrap_or(2),
            input.note.as_deref().unwrap_or(""),
            stamp
        ],
    )?;
    found(
        conn.query_row(
            &format!("{TARGET} WHERE organization_id = ?1"),
            [org],
            target_row,
        ),
        || format!("no target account for organization {org}"),
    )
}

/// Unmarks a target account; returns what it was (to undo). Its weekly rows stay, in case it
/// is marked again.
pub fn remove_target(conn: Db<'_>, organization: Id) -> StoreResult<Target> {
    let before = found(
        conn.query_row(
            &format!("{TARGET} WHERE organization_id = ?1"),
            [organization],
            target_row,
        ),
        || format!("organization {organization} is not a target account"),
    )?;
    conn.execute(
        "DELETE FROM target_account WHERE organization_id = ?1",
        [organization],
    )?;
    Ok(before)
}

/// Everyone's confirmed roles, by person (each list in the roles' order).
pub fn roles(conn: Db<'_>) -> StoreResult<HashMap<Id, Vec<AccountRole>>> {
    let mut stmt = conn.prepare_cached("SELECT person_id, role FROM person_role")?;
    let mut out: HashMap<Id, Vec<AccountRole>> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let role = parse_enum(1, &r.get::<_, String>(1)?, AccountRole::parse)?;
        out.entry(r.get(0)?).or_default().push(role);
    }
    for list in out.values_mut() {
        list.sort_unstable();
    }
    Ok(out)
}

/// One person's confirmed roles.
pub fn roles_of(conn: Db<'_>, person: Id) -> StoreResult<Vec<AccountRole>> {
    let mut stmt = conn.prepare_cached("SELECT role FROM person_role WHERE person_id = ?1")?;
    let mut out = Vec::new();
    let mut rows = stmt.query([person])?;
    while let Some(r) = rows.next()? {
        out.push(parse_enum(0, &r.get::<_, String>(0)?, AccountRole::parse)?);
    }
    out.sort_unstable();
    Ok(out)
}

/// Replaces a person's roles (an empty list clears them). The person must exist.
pub fn set_roles(
    conn: Db<'_>,
    person: Id,
    roles: &[AccountRole],
    now: DateTime<Utc>,
) -> StoreResult<Vec<AccountRole>> {
    if !crate::people::person_exists(conn, person)? {
        return Err(CoreError::NotFound(format!("no person with id {person}")).into());
    }
    conn.execute("DELETE FROM person_role WHERE person_id = ?1", [person])?;
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_role (person_id, role, created_at) VALUES (?1, ?2, ?3)",
    )?;
    let stamp = fmt_time(&now);
    for role in roles {
        stmt.execute(params![person, role.as_str(), stamp])?;
    }
    roles_of(conn, person)
}

/// The role template of every tier: the user's where they changed it, else the default.
pub fn templates(conn: Db<'_>) -> StoreResult<Vec<RoleTemplate>> {
    let mut stored: HashMap<u8, Vec<AccountRole>> = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT tier, roles FROM role_template")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text: String = r.get(1)?;
        let mut roles = Vec::new();
        for word in text.split(',').filter(|w| !w.is_empty()) {
            roles.push(parse_enum(1, word, AccountRole::parse)?);
        }
        stored.insert(r.get(0)?, roles);
    }
    Ok(TIERS
        .map(|tier| RoleTemplate {
            tier,
            roles: stored
                .remove(&tier)
                .unwrap_or_else(|| default_template(tier)),
        })
        .collect())
}

/// Stores one tier's template (the roles deduplicated, in the roles' order).
pub fn set_template(conn: Db<'_>, tier: u8, roles: &[AccountRole]) -> StoreResult<()> {
    let mut roles = roles.to_vec();
    roles.sort_unstable();
    roles.dedup();
    let text: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    conn.execute(
        "INSERT INTO role_template (tier, roles) VALUES (?1, ?2)
         ON CONFLICT (tier) DO UPDATE SET roles = excluded.roles",
        params![tier, text.join(",")],
    )?;
    Ok(())
}

/// The last two-way touch (held by `now`) between each of `members` and anyone they share
/// an interaction with, by `(member, other)`. Two-way as keeping in touch counts it, from the
/// member's side: a meeting, call, meal, event or introduction, or an email or message the
/// other person sent (or whose sender is unknown), or an introduction request they sent.
pub fn last_two_way(
    conn: Db<'_>,
    members: &[Id],
    now: DateTime<Utc>,
) -> StoreResult<HashMap<(Id, Id), DateTime<Utc>>> {
    use InteractionKind as K;
    let mutual: Vec<&str> = [K::Meeting, K::Call, K::Meal, K::Event, K::Intro]
        .iter()
        .map(|k| k.as_str())
        .collect();
    let sql = format!(
        "SELECT pb.person_id, max(i.occurred_at)
           FROM interaction_participant pa
           JOIN interaction i ON i.id = pa.interaction_id
           JOIN interaction_participant pb
             ON pb.interaction_id = pa.interaction_id AND pb.person_id <> pa.person_id
          WHERE pa.person_id = ?1 AND i.occurred_at <= ?2
            AND (i.kind IN ({mutual})
                 OR (i.kind IN ('{email}', '{message}')
                     AND (i.initiator_id IS NULL OR i.initiator_id = pb.person_id))
                 OR (i.kind = '{ask}' AND i.initiator_id = pb.person_id))
          GROUP BY pb.person_id",
        mutual = mutual
            .iter()
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", "),
        email = K::Email.as_str(),
        message = K::Message.as_str(),
        ask = K::IntroRequest.as_str(),
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let now_text = fmt_time(&now);
    let mut out = HashMap::new();
    for &m in members {
        let mut rows = stmt.query(params![m, now_text])?;
        while let Some(r) = rows.next()? {
            let other: Id = r.get(0)?;
            let at = parse_time(1, &r.get::<_, String>(1)?)?;
            out.insert((m, other), at);
        }
    }
    Ok(out)
}

/// A referral request that is still open, as the account page lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRequest {
    pub id: Id,
    pub organization_id: Id,
    pub state: RequestState,
    pub target_label: String,
    pub asker_label: String,
    pub updated_at: DateTime<Utc>,
}

/// The referral requests not in a final state whose target is an organization or a person
/// at one, by organization, newest first.
pub fn open_requests(conn: Db<'_>) -> StoreResult<HashMap<Id, Vec<OpenRequest>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, coalesce(r.target_organization_id, p.organization_id), r.state,
                r.target_label, r.asker_label, r.updated_at
           FROM referral_request r
           LEFT JOIN person p ON p.id = r.target_person_id
          WHERE coalesce(r.target_organization_id, p.organization_id) IS NOT NULL
          ORDER BY r.updated_at DESC, r.id DESC",
    )?;
    let mut out: HashMap<Id, Vec<OpenRequest>> = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let state = parse_enum(2, &r.get::<_, String>(2)?, RequestState::parse)?;
        if state.is_final() {
            continue;
        }
        let org: Id = r.get(1)?;
        out.entry(org).or_default().push(OpenRequest {
            id: r.get(0)?,
            organization_id: org,
            state,
            target_label: r.get(3)?,
            asker_label: r.get(4)?,
            updated_at: get_time(r, 5)?,
        });
    }
    Ok(out)
}

/// One account's coverage in one week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekRow {
    pub organization_id: Id,
    /// The week's Monday.
    pub week: NaiveDate,
    pub verdict: Verdict,
    pub threads: u32,
    pub best_band: Option<StrengthBand>,
    pub roles_covered: u32,
    pub roles_required: u32,
}

/// Stores the week's rows; an account that already has a row for its week keeps it (the
/// first look of the week is the week's figure).
pub fn write_week(conn: Db<'_>, rows: &[WeekRow]) -> StoreResult<usize> {
    let mut stmt = conn.prepare_cached(
        "INSERT OR IGNORE INTO coverage_week
             (week, organization_id, verdict, threads, best_band, roles_covered, roles_required)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut written = 0;
    for r in rows {
        written += stmt.execute(params![
            r.week.to_string(),
            r.organization_id,
            r.verdict.as_str(),
            r.threads,
            r.best_band.map(|b| b.as_str()),
            r.roles_covered,
            r.roles_required,
        ])?;
    }
    Ok(written)
}

/// Whether every one of `organizations` has a row for `week`.
pub fn week_complete(conn: Db<'_>, week: NaiveDate, organizations: &[Id]) -> StoreResult<bool> {
    let ids: Vec<String> = organizations.iter().map(Id::to_string).collect();
    let have: i64 = conn.query_row(
        "SELECT count(*) FROM coverage_week
          WHERE week = ?1 AND organization_id IN (SELECT value FROM json_each(?2))",
        params![week.to_string(), format!("[{}]", ids.join(","))],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(have).unwrap_or(0) >= organizations.len())
}

/// The weekly rows since `since` (inclusive), by organization, oldest first.
pub fn weeks_since(conn: Db<'_>, since: NaiveDate) -> StoreResult<HashMap<Id, Vec<WeekRow>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT organization_id, week, verdict, threads, best_band, roles_covered, roles_required
           FROM coverage_week WHERE week >= ?1 ORDER BY organization_id, week",
    )?;
    let mut out: HashMap<Id, Vec<WeekRow>> = HashMap::new();
    let mut rows = stmt.query([since.to_string()])?;
    while let Some(r) = rows.next()? {
        let week_text: String = r.get(1)?;
        let week = NaiveDate::parse_from_str(&week_text, "%Y-%m-%d").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?;
        let band: Option<String> = r.get(4)?;
        let row = WeekRow {
            organization_id: r.get(0)?,
            week,
            verdict: parse_enum(2, &r.get::<_, String>(2)?, Verdict::parse)?,
            threads: r.get(3)?,
            best_band: band
                .map(|b| parse_enum(4, &b, StrengthBand::parse))
                .transpose()?,
            roles_covered: r.get(5)?,
            roles_required: r.get(6)?,
        };
        out.entry(row.organization_id).or_default().push(row);
    }
    Ok(out)
}
