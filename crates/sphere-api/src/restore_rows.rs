//! A backup's rows pass the same checks as the commands that create them: every organization,
//! person, relationship, interaction and fact goes through `sphere_domain::validate` exactly as
//! `person_create`, `tie_create`… do, so nothing a restore writes is something the user could
//! then not edit (a 1 MB name, a NUL, an invalid email, a bidi override, a year-9999 date).
//! The refusal names the table, the row, its id and the field.

use chrono::{DateTime, Utc};
use sphere_domain::error::{ApiError, CoreError, CoreResult};
use sphere_domain::validate;
use sphere_domain::{
    Backup, FactInput, Id, InteractionInput, OrganizationInput, PersonInput, RelationshipInput,
};

/// Turns a validation error of one row into a restore refusal naming where it is (`id`: the
/// row's id; a person key's person).
fn at<T>(table: &str, i: usize, id: Id, checked: CoreResult<T>) -> Result<(), ApiError> {
    let whose = if table == "person_keys" {
        "of person"
    } else {
        "id"
    };
    match checked {
        Ok(_) => Ok(()),
        Err(CoreError::Invalid { field, message }) => Err(ApiError::invalid(
            format!("{table}[{i}].{field}"),
            format!("not a usable backup: {table}[{i}] ({whose} {id}): {message}"),
        )),
        Err(other) => Err(other.into()),
    }
}

/// The stored times of a row (created, updated): inside the years a user may type.
fn times(table: &str, i: usize, id: Id, stamps: &[(&str, DateTime<Utc>)]) -> Result<(), ApiError> {
    for (field, t) in stamps {
        at(table, i, id, validate::time_in_range(field, *t))?;
    }
    Ok(())
}

/// A row's created and updated times.
fn stamped(
    table: &str,
    i: usize,
    id: Id,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
) -> Result<(), ApiError> {
    times(
        table,
        i,
        id,
        &[("created_at", created), ("updated_at", updated)],
    )
}

fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// Checks every organization, person, relationship, interaction and fact of `b` with the
/// API's own validation (cross-row checks — ids, references, duplicates — are the caller's).
pub(crate) fn check(b: &Backup) -> Result<(), ApiError> {
    for (i, o) in b.organizations.iter().enumerate() {
        let input = OrganizationInput {
            name: o.name.clone(),
            domain: some(&o.domain),
            industry: some(&o.industry),
            size: some(&o.size),
            location: some(&o.location),
        };
        at("organizations", i, o.id, validate::organization(&input))?;
        stamped("organizations", i, o.id, o.created_at, o.updated_at)?;
    }
    for (i, p) in b.people.iter().enumerate() {
        let input = PersonInput {
            first_name: p.first_name.clone(),
            last_name: some(&p.last_name),
            emails: Some(p.emails.clone()),
            phones: Some(p.phones.clone()),
            title: some(&p.title),
            organization_id: p.organization_id,
            ring: Some(p.ring),
            is_team: Some(p.is_team),
            tags: Some(p.tags.clone()),
            notes: some(&p.notes),
        };
        at("people", i, p.id, validate::person(&input))?;
        stamped("people", i, p.id, p.created_at, p.updated_at)?;
    }
    // A relationship's `since` may not be in the future of when the backup was taken (nor of
    // today, for a backup taken by a clock ahead of this one).
    let today = Utc::now().max(b.exported_at).date_naive();
    for (i, t) in b.relationships.iter().enumerate() {
        let r = &t.relationship;
        let input = RelationshipInput {
            person_a: r.person_a,
            person_b: r.person_b,
            kind: r.kind,
            since: r.since,
            how_met: some(&r.how_met),
            strength_override: r.strength_override,
            override_reason: r.override_reason.clone(),
        };
        let table = "relationships";
        at(table, i, r.id, validate::relationship_at(&input, today))?;
        stamped(table, i, r.id, r.created_at, r.updated_at)?;
        if let Some((doubted_at, note)) = &t.doubt {
            times(table, i, r.id, &[("doubt", *doubted_at)])?;
            at(table, i, r.id, validate::text("doubt", note, false))?;
        }
    }
    for (i, x) in b.interactions.iter().enumerate() {
        let input = InteractionInput {
            occurred_at: x.occurred_at,
            kind: x.kind,
            participants: x.participants.clone(),
            initiator_id: x.initiator_id,
            note: some(&x.note),
            outcome: x.outcome,
        };
        at("interactions", i, x.id, validate::interaction(&input))?;
        times("interactions", i, x.id, &[("created_at", x.created_at)])?;
    }
    for (i, f) in b.facts.iter().enumerate() {
        let input = FactInput {
            person_id: f.person_id,
            category: f.category.clone(),
            value: f.value.clone(),
            source: some(&f.source),
            learned_on: f.learned_on,
            told_by: f.told_by,
        };
        at("facts", i, f.id, validate::fact(&input))?;
        stamped("facts", i, f.id, f.created_at, f.updated_at)?;
    }
    for (i, k) in b.person_keys.iter().enumerate() {
        let table = "person_keys";
        at(
            table,
            i,
            k.person_id,
            validate::text("source", &k.source, true),
        )?;
        at(table, i, k.person_id, validate::text("key", &k.key, true))?;
    }
    Ok(())
}
