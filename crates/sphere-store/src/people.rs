use crate::Db;
use rusqlite::{Row, params};

use super::{
    fmt_time, found, from_json, get_opt_time, get_time, like_pattern, now, parse_enum, to_json,
};
use crate::error::{CoreError, StoreResult};
use sphere_domain::validate::CleanPerson;
use sphere_domain::{
    Id, Person, PersonPage, PersonQuery, PersonRef, PersonSort, PersonSummary, Ring,
};

pub(super) const PERSON_COLUMNS: &str = "p.id, p.first_name, p.last_name, p.emails, p.phones, p.title, \
     p.organization_id, p.ring, p.tags, p.notes, p.created_at, p.updated_at, p.ring_pinned, \
     p.is_team";

pub(super) fn person_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    let first_name: String = row.get(1)?;
    let last_name: String = row.get(2)?;
    Ok(Person {
        id: row.get(0)?,
        display_name: Person::display_name_of(&first_name, &last_name),
        first_name,
        last_name,
        emails: from_json(3, &row.get::<_, String>(3)?)?,
        phones: from_json(4, &row.get::<_, String>(4)?)?,
        title: row.get(5)?,
        organization_id: row.get(6)?,
        ring: parse_enum(7, &row.get::<_, String>(7)?, Ring::parse)?,
        tags: from_json(8, &row.get::<_, String>(8)?)?,
        notes: row.get(9)?,
        created_at: get_time(row, 10)?,
        updated_at: get_time(row, 11)?,
        ring_pinned: row.get(12)?,
        is_team: row.get(13)?,
    })
}

/// Whether a person with this id is stored.
pub(crate) fn person_exists(conn: Db<'_>, id: Id) -> StoreResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

pub fn get_person(conn: Db<'_>, id: Id) -> StoreResult<Person> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person p WHERE p.id = ?1");
    found(conn.query_row(&sql, [id], person_row), || {
        format!("no person with id {id}")
    })
}

/// Every person, by id.
pub fn all_people(conn: Db<'_>) -> StoreResult<Vec<Person>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLUMNS} FROM person p ORDER BY p.id"
    ))?;
    let rows = stmt.query_map([], person_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The user at the centre of the sphere, if one is recorded.
pub fn centre_person(conn: Db<'_>) -> StoreResult<Option<Person>> {
    let sql = format!("SELECT {PERSON_COLUMNS} FROM person p WHERE p.ring = 'centre'");
    Ok(rusqlite::OptionalExtension::optional(conn.query_row(
        &sql,
        [],
        person_row,
    ))?)
}

pub fn person_ref(conn: Db<'_>, id: Id) -> StoreResult<PersonRef> {
    found(
        conn.query_row(
            "SELECT p.id, p.first_name, p.last_name, p.title, o.name, p.ring
               FROM person p LEFT JOIN organization o ON o.id = p.organization_id
              WHERE p.id = ?1",
            [id],
            person_ref_row,
        ),
        || format!("no person with id {id}"),
    )
}

/// A person found by name: `(id, first name, last name)`.
pub type NamedPerson = (Id, String, String);

/// The people whose first and last name are one of `names`, compared as SQLite's `NOCASE`
/// does (ASCII letters without regard to case): one seek of the `person_name` index (last
/// name, first name) per pair, so it costs the same on 100 people as on 100,000. Each person
/// once, by id.
pub fn people_named(conn: Db<'_>, names: &[(&str, &str)]) -> StoreResult<Vec<NamedPerson>> {
    let mut stmt = conn.prepare_cached(NAMED_SQL)?;
    let mut out: Vec<NamedPerson> = Vec::new();
    for (first, last) in names {
        let rows = stmt.query_map([last, first], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        for row in rows {
            out.push(row?);
        }
    }
    out.sort_by_key(|p| p.0);
    out.dedup_by_key(|p| p.0);
    Ok(out)
}

const NAMED_SQL: &str = "SELECT id, first_name, last_name FROM person
     WHERE last_name = ?1 COLLATE NOCASE AND first_name = ?2 COLLATE NOCASE";

/// The team: everyone marked as a team member, except the person at the centre, by name.
pub fn team_members(conn: Db<'_>) -> StoreResult<Vec<PersonRef>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.first_name, p.last_name, p.title, o.name, p.ring
           FROM person p LEFT JOIN organization o ON o.id = p.organization_id
          WHERE p.is_team = 1 AND p.ring <> 'centre'
          ORDER BY p.first_name COLLATE NOCASE, p.last_name COLLATE NOCASE, p.id",
    )?;
    let rows = stmt
        .query_map([], person_ref_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Reads a `PersonRef` from columns `id, first_name, last_name, title, org name, ring`
/// starting at `at`.
pub(crate) fn person_ref_at(row: &Row<'_>, at: usize) -> rusqlite::Result<PersonRef> {
    let first: String = row.get(at + 1)?;
    let last: String = row.get(at + 2)?;
    Ok(PersonRef {
        id: row.get(at)?,
        display_name: Person::display_name_of(&first, &last),
        title: row.get(at + 3)?,
        organization_name: row.get(at + 4)?,
        ring: parse_enum(at + 5, &row.get::<_, String>(at + 5)?, Ring::parse)?,
    })
}

fn person_ref_row(row: &Row<'_>) -> rusqlite::Result<PersonRef> {
    person_ref_at(row, 0)
}

fn check_refs(conn: Db<'_>, person: &CleanPerson, id: Option<Id>) -> StoreResult<()> {
    if let Some(org) = person.organization_id() {
        let exists: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM organization WHERE id = ?1)",
            [org],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(CoreError::NotFound(format!("no organization with id {org}")).into());
        }
    }
    if person.ring() == Some(Ring::Centre) {
        let other: Option<(Id, String, String)> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT id, first_name, last_name FROM person WHERE ring = 'centre' AND id IS NOT ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        ))?;
        if let Some((other_id, first, last)) = other {
            return Err(CoreError::Conflict(format!(
                "{} (id {other_id}) is already the person at the centre; only one person can be",
                Person::display_name_of(&first, &last)
            ))
            .into());
        }
    }
    Ok(())
}

pub fn insert_person(conn: Db<'_>, person: &CleanPerson) -> StoreResult<Person> {
    check_refs(conn, person, None)?;
    let t = fmt_time(&now());
    conn.execute(
        "INSERT INTO person (first_name, last_name, emails, phones, title, organization_id,
                             ring, tags, notes, created_at, updated_at, ring_pinned, is_team)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, 'beyond'), ?8, ?9, ?10, ?10, ?7 IS NOT NULL,
                 ?11)",
        params![
            person.first_name(),
            person.last_name(),
            to_json(person.emails()),
            to_json(person.phones()),
            person.title(),
            person.organization_id(),
            person.ring().map(Ring::as_str),
            to_json(person.tags()),
            person.notes(),
            t,
            person.is_team(),
        ],
    )?;
    get_person(conn, conn.last_insert_rowid())
}

pub fn update_person(conn: Db<'_>, id: Id, person: &CleanPerson) -> StoreResult<Person> {
    get_person(conn, id)?;
    check_refs(conn, person, Some(id))?;
    conn.execute(
        "UPDATE person SET first_name = ?2, last_name = ?3, emails = ?4, phones = ?5, title = ?6,
                organization_id = ?7, tags = ?9, notes = ?10, updated_at = ?11, is_team = ?12,
                -- Unpinning keeps the derived value (or leaves the centre for `beyond` until
                -- the graph derives the ring again).
                ring = coalesce(?8, CASE WHEN ring_pinned = 1 THEN 'beyond' ELSE ring END),
                ring_pinned = ?8 IS NOT NULL
          WHERE id = ?1",
        params![
            id,
            person.first_name(),
            person.last_name(),
            to_json(person.emails()),
            to_json(person.phones()),
            person.title(),
            person.organization_id(),
            person.ring().map(Ring::as_str),
            to_json(person.tags()),
            person.notes(),
            fmt_time(&now()),
            person.is_team(),
        ],
    )?;
    get_person(conn, id)
}

/// Deletes a person with their relationships and interaction participations. Interactions
/// left with no participant are deleted too.
pub fn delete_person(conn: Db<'_>, id: Id) -> StoreResult<Person> {
    let person = get_person(conn, id)?;
    conn.execute("DELETE FROM person WHERE id = ?1", [id])?;
    conn.execute(
        "DELETE FROM interaction WHERE NOT EXISTS
           (SELECT 1 FROM interaction_participant ip WHERE ip.interaction_id = interaction.id)",
        [],
    )?;
    Ok(person)
}

pub const DEFAULT_PAGE: u32 = 200;
pub const MAX_PAGE: u32 = 1000;

pub fn list_people(conn: Db<'_>, query: &PersonQuery) -> StoreResult<PersonPage> {
    let search = query
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(s) = search {
        sphere_domain::validate::text("search", s, false)?;
    }
    let pattern = search.map(like_pattern);
    let ring = query.ring.map(Ring::as_str);
    let filter = "FROM person p LEFT JOIN organization o ON o.id = p.organization_id
        WHERE (?1 IS NULL OR p.first_name || ' ' || p.last_name LIKE ?1 ESCAPE '\\'
                          OR p.title LIKE ?1 ESCAPE '\\' OR p.emails LIKE ?1 ESCAPE '\\'
                          OR p.tags LIKE ?1 ESCAPE '\\' OR o.name LIKE ?1 ESCAPE '\\')
          AND (?2 IS NULL OR p.ring = ?2)
          AND (?3 IS NULL OR p.organization_id = ?3)
          AND (?4 IS NULL OR ?4 = (EXISTS (SELECT 1 FROM relationship r WHERE r.person_a = p.id)
                                   OR EXISTS (SELECT 1 FROM relationship r WHERE r.person_b = p.id)))";
    let total: u32 = conn.query_row(
        &format!("SELECT count(*) {filter}"),
        params![pattern, ring, query.organization_id, query.connected],
        |r| r.get(0),
    )?;
    let order = match query.sort.unwrap_or(PersonSort::Name) {
        PersonSort::Name => "p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE",
        PersonSort::LastContact => {
            "last_contact IS NULL, last_contact DESC, p.last_name COLLATE NOCASE"
        }
        PersonSort::Organization => {
            "o.name IS NULL, o.name COLLATE NOCASE, p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE"
        }
        PersonSort::Ring => {
            "CASE p.ring WHEN 'centre' THEN 0 WHEN 'inner' THEN 1 WHEN 'outer' THEN 2 ELSE 3 END,
             p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE"
        }
        PersonSort::Updated => "p.updated_at DESC",
    };
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    // "Last contact" is the user's: the newest interaction, not planned, that both this
    // person and the user at the centre took part in. `mine` reads the user's interactions
    // once (through the participant index, then each one's participants by primary key), so
    // sorting 100,000 people by it costs the user's interactions, not everyone's. Without a
    // centre nobody is "the user", and it is the person's newest interaction.
    let centre: Option<Id> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM person WHERE ring = 'centre'",
        [],
        |r| r.get(0),
    ))?;
    let sql = format!(
        "WITH mine AS (
              SELECT ip.person_id AS person_id, max(i.occurred_at) AS last
                FROM interaction_participant me
                JOIN interaction i ON i.id = me.interaction_id
                JOIN interaction_participant ip ON ip.interaction_id = me.interaction_id
               WHERE me.person_id = ?7
                 AND i.occurred_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
               GROUP BY ip.person_id)
         SELECT p.id, p.first_name, p.last_name, p.title, p.organization_id, o.name, p.ring,
                p.tags, p.emails, p.updated_at,
                (SELECT count(*) FROM relationship r WHERE r.person_a = p.id OR r.person_b = p.id),
                CASE WHEN ?7 IS NULL THEN
                  (SELECT max(i.occurred_at) FROM interaction_participant ip
                     JOIN interaction i ON i.id = ip.interaction_id WHERE ip.person_id = p.id
                      AND i.occurred_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                ELSE (SELECT last FROM mine WHERE mine.person_id = p.id) END AS last_contact
         {filter} ORDER BY {order}, p.id LIMIT ?5 OFFSET ?6"
    );
    let mut stmt = conn.prepare(&sql)?;
    let items = stmt
        .query_map(
            params![
                pattern,
                ring,
                query.organization_id,
                query.connected,
                limit,
                query.offset.unwrap_or(0),
                centre
            ],
            |row| {
                let first_name: String = row.get(1)?;
                let last_name: String = row.get(2)?;
                let emails = from_json(8, &row.get::<_, String>(8)?)?;
                Ok(PersonSummary {
                    id: row.get(0)?,
                    display_name: Person::display_name_of(&first_name, &last_name),
                    first_name,
                    last_name,
                    title: row.get(3)?,
                    organization_id: row.get(4)?,
                    organization_name: row.get(5)?,
                    ring: parse_enum(6, &row.get::<_, String>(6)?, Ring::parse)?,
                    tags: from_json(7, &row.get::<_, String>(7)?)?,
                    primary_email: emails.into_iter().next(),
                    updated_at: get_time(row, 9)?,
                    tie_count: row.get(10)?,
                    connected: row.get::<_, u32>(10)? > 0,
                    last_contact: get_opt_time(row, 11)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(PersonPage { items, total })
}

/// Everyone, as the sphere view draws them, by id.
pub fn sphere_people(conn: Db<'_>) -> StoreResult<Vec<sphere_domain::SpherePerson>> {
    let mut stmt = conn.prepare(
        "SELECT p.id, p.first_name, p.last_name, p.title, p.organization_id, o.name, p.ring,
                p.is_team, p.tags,
                EXISTS (SELECT 1 FROM relationship r WHERE r.person_a = p.id)
                  OR EXISTS (SELECT 1 FROM relationship r WHERE r.person_b = p.id)
           FROM person p LEFT JOIN organization o ON o.id = p.organization_id
          ORDER BY p.id",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok(sphere_domain::SpherePerson {
                id: row.get(0)?,
                name: Person::display_name_of(&row.get::<_, String>(1)?, &row.get::<_, String>(2)?),
                title: row.get(3)?,
                organization_id: row.get(4)?,
                organization_name: row.get(5)?,
                ring: parse_enum(6, &row.get::<_, String>(6)?, Ring::parse)?,
                is_team: row.get(7)?,
                tags: from_json(8, &row.get::<_, String>(8)?)?,
                connected: row.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::NAMED_SQL;
    use crate::Store;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn a_lookup_by_name_seeks_the_name_index() -> TestResult {
        let store = Store::open_in_memory()?;
        let mut stmt = store
            .db()
            .prepare(&format!("EXPLAIN QUERY PLAN {NAMED_SQL}"))?;
        let plan: Vec<String> = stmt
            .query_map(["Buyer", "Bo"], |r| r.get(3))?
            .collect::<rusqlite::Result<_>>()?;
        assert!(
            plan.iter().any(|d| d.starts_with("SEARCH person USING")
                && d.contains("INDEX person_name (last_name=? AND first_name=?)")),
            "names in a draft are looked up by index, not by scanning 100,000 people: {plan:?}"
        );
        Ok(())
    }
}
