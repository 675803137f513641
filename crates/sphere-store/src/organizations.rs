use crate::Db;
use rusqlite::{Row, params};

use super::{fmt_time, found, get_time, like_pattern, now};
use crate::error::{CoreError, StoreResult};
use sphere_domain::validate::CleanOrganization;
use sphere_domain::{Id, Organization, OrganizationSummary};

pub(super) const ORG_COLUMNS: &str =
    "o.id, o.name, o.domain, o.industry, o.size, o.location, o.created_at, o.updated_at";

pub(super) fn org_row(row: &Row<'_>) -> rusqlite::Result<Organization> {
    Ok(Organization {
        id: row.get(0)?,
        name: row.get(1)?,
        domain: row.get(2)?,
        industry: row.get(3)?,
        size: row.get(4)?,
        location: row.get(5)?,
        created_at: get_time(row, 6)?,
        updated_at: get_time(row, 7)?,
    })
}

pub fn get_organization(conn: Db<'_>, id: Id) -> StoreResult<Organization> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organization o WHERE o.id = ?1");
    found(conn.query_row(&sql, [id], org_row), || {
        format!("no organization with id {id}")
    })
}

/// Finds an organization by its full name, ignoring case.
pub fn find_organization_by_name(conn: Db<'_>, name: &str) -> StoreResult<Organization> {
    let sql = format!("SELECT {ORG_COLUMNS} FROM organization o WHERE o.name = ?1 COLLATE NOCASE");
    found(conn.query_row(&sql, [name.trim()], org_row), || {
        format!("no organization named `{}`", name.trim())
    })
}

fn check_unique(conn: Db<'_>, org: &CleanOrganization, id: Option<Id>) -> StoreResult<()> {
    let clash: Option<Id> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM organization WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
        params![org.name(), id],
        |r| r.get(0),
    ))?;
    match clash {
        Some(other) => Err(CoreError::Conflict(format!(
            "an organization named `{}` already exists (id {other})",
            org.name()
        ))
        .into()),
        None => Ok(()),
    }
}

pub fn insert_organization(conn: Db<'_>, org: &CleanOrganization) -> StoreResult<Organization> {
    check_unique(conn, org, None)?;
    conn.execute(
        "INSERT INTO organization (name, domain, industry, size, location, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            org.name(),
            org.domain(),
            org.industry(),
            org.size(),
            org.location(),
            fmt_time(&now())
        ],
    )?;
    get_organization(conn, conn.last_insert_rowid())
}

pub fn update_organization(
    conn: Db<'_>,
    id: Id,
    org: &CleanOrganization,
) -> StoreResult<Organization> {
    get_organization(conn, id)?;
    check_unique(conn, org, Some(id))?;
    conn.execute(
        "UPDATE organization SET name = ?2, domain = ?3, industry = ?4, size = ?5, location = ?6,
                updated_at = ?7 WHERE id = ?1",
        params![
            id,
            org.name(),
            org.domain(),
            org.industry(),
            org.size(),
            org.location(),
            fmt_time(&now())
        ],
    )?;
    get_organization(conn, id)
}

/// Deletes an organization; its people stay, without an organization.
pub fn delete_organization(conn: Db<'_>, id: Id) -> StoreResult<Organization> {
    let org = get_organization(conn, id)?;
    conn.execute("DELETE FROM organization WHERE id = ?1", [id])?;
    Ok(org)
}

/// An organization and its head count, from `ORG_COLUMNS` and a count.
fn summary_row(row: &Row<'_>) -> rusqlite::Result<OrganizationSummary> {
    Ok(OrganizationSummary {
        organization: org_row(row)?,
        people_count: row.get(8)?,
    })
}

/// One organization with its head count.
pub fn organization_summary(conn: Db<'_>, id: Id) -> StoreResult<OrganizationSummary> {
    let sql = format!(
        "SELECT {ORG_COLUMNS}, (SELECT count(*) FROM person p WHERE p.organization_id = o.id)
           FROM organization o WHERE o.id = ?1"
    );
    found(conn.query_row(&sql, [id], summary_row), || {
        format!("no organization with id {id}")
    })
}

pub fn list_organizations(
    conn: Db<'_>,
    search: Option<&str>,
) -> StoreResult<Vec<OrganizationSummary>> {
    let pattern = search
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(like_pattern);
    let sql = format!(
        "SELECT {ORG_COLUMNS}, (SELECT count(*) FROM person p WHERE p.organization_id = o.id)
           FROM organization o
          WHERE ?1 IS NULL OR o.name LIKE ?1 ESCAPE '\\' OR o.domain LIKE ?1 ESCAPE '\\'
                OR o.industry LIKE ?1 ESCAPE '\\'
          ORDER BY o.name COLLATE NOCASE"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([pattern], summary_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
