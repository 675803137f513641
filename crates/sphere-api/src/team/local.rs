//! Writing a team's value into the user's own records (a pulled field that won, or a
//! conflict resolved as "theirs"): a person's name, title and organization; an
//! organization's name and domain; a target account's tier, owner and note; a confirmed
//! role. Everything goes through the same validation as the commands.

use chrono::{DateTime, Utc};
use serde_json::Value;

use sphere_domain::account::{AccountRole, TargetInput};
use sphere_domain::error::CoreResult;
use sphere_domain::team::Entity;
use sphere_domain::{Id, OrganizationInput, PersonInput, validate};
use sphere_store::team::KeyKind;
use sphere_store::{self as store, Db, accounts};

use super::outbound::Projection;

/// Which local records a write touched, to bring the graph in step.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    pub people: Vec<Id>,
    pub organizations: Vec<Id>,
}

/// The fields a pull may write into local records, by entity.
pub(crate) fn writable(entity: Entity, field: &str) -> bool {
    matches!(
        (entity, field),
        (Entity::Person, "name" | "title" | "organization")
            | (Entity::Organization, "name" | "domain")
            | (Entity::Target, "tier" | "owner" | "note")
            | (Entity::Role, "holds")
    )
}

fn locals(p: &Projection, kind: KeyKind, key: &str) -> Vec<Id> {
    p.local
        .get(&(kind, key.to_string()))
        .cloned()
        .unwrap_or_default()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// One field of one shared record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldOf<'a> {
    pub entity: Entity,
    pub key: &'a str,
    pub field: &'a str,
}

/// Writes `value` into the local records `key` stands for. Returns `false` when there is
/// nothing local to write it to (a reference to a record this device does not have).
pub(crate) fn write(
    tx: Db<'_>,
    p: &Projection,
    at: FieldOf<'_>,
    value: &Value,
    now: DateTime<Utc>,
    touched: &mut Touched,
) -> CoreResult<bool> {
    let FieldOf { entity, key, field } = at;
    match entity {
        Entity::Person => {
            let ids = locals(p, KeyKind::Person, key);
            let organization = match field {
                "organization" => match value.as_str() {
                    None => None,
                    Some(k) => match locals(p, KeyKind::Organization, k).first() {
                        Some(&o) => Some(o),
                        None => return Ok(false),
                    },
                },
                _ => None,
            };
            for &id in &ids {
                let x = store::get_person(tx, id)?;
                let mut input = PersonInput {
                    first_name: x.first_name.clone(),
                    last_name: Some(x.last_name.clone()),
                    emails: Some(x.emails.clone()),
                    phones: Some(x.phones.clone()),
                    title: Some(x.title.clone()),
                    organization_id: x.organization_id,
                    ring: x.ring_pinned.then_some(x.ring),
                    is_team: Some(x.is_team),
                    tags: Some(x.tags.clone()),
                    notes: Some(x.notes.clone()),
                };
                match field {
                    "name" => {
                        let name = text(value);
                        let (first, last) =
                            name.trim().split_once(' ').unwrap_or((name.trim(), ""));
                        input.first_name = first.to_string();
                        input.last_name = Some(last.trim().to_string());
                    }
                    "title" => input.title = Some(text(value)),
                    "organization" => input.organization_id = organization,
                    _ => return Ok(false),
                }
                store::update_person(tx, id, &validate::person(&input)?)?;
                touched.people.push(id);
            }
            Ok(!ids.is_empty())
        }
        Entity::Organization => {
            let ids = locals(p, KeyKind::Organization, key);
            for &id in &ids {
                let o = store::get_organization(tx, id)?;
                let mut input = OrganizationInput {
                    name: o.name.clone(),
                    domain: Some(o.domain.clone()),
                    industry: Some(o.industry.clone()),
                    size: Some(o.size.clone()),
                    location: Some(o.location.clone()),
                };
                match field {
                    "name" => input.name = text(value),
                    "domain" => input.domain = Some(text(value)),
                    _ => return Ok(false),
                }
                store::update_organization(tx, id, &validate::organization(&input)?)?;
                touched.organizations.push(id);
            }
            Ok(!ids.is_empty())
        }
        Entity::Target => {
            let ids = locals(p, KeyKind::Organization, key);
            let mut wrote = false;
            for &org in &ids {
                let Some(t) = accounts::target_of(tx, org)? else {
                    continue;
                };
                let mut input = TargetInput {
                    organization_id: org,
                    owner_id: t.owner_id,
                    tier: Some(t.tier),
                    note: Some(t.note.clone()),
                };
                match field {
                    "tier" => {
                        input.tier = value
                            .as_u64()
                            .and_then(|t| u8::try_from(t).ok())
                            .or(Some(2))
                    }
                    "note" => input.note = Some(text(value)),
                    "owner" => {
                        input.owner_id = match value.as_str() {
                            None => None,
                            Some(k) => match locals(p, KeyKind::Person, k).first() {
                                Some(&o) => Some(o),
                                None => return Ok(false),
                            },
                        }
                    }
                    _ => return Ok(false),
                }
                accounts::set_target(tx, &validate::target(&input)?, now)?;
                wrote = true;
            }
            Ok(wrote)
        }
        Entity::Role => {
            let Some((person_key, role)) = key.split_once('/') else {
                return Ok(false);
            };
            let Some(role) = AccountRole::parse(role) else {
                return Ok(false);
            };
            let ids = locals(p, KeyKind::Person, person_key);
            let holds = value.as_bool().unwrap_or(false);
            let mut wrote = false;
            for &id in &ids {
                let x = store::get_person(tx, id)?;
                if x.organization_id.is_none() {
                    continue;
                }
                let mut roles = accounts::roles_of(tx, id)?;
                roles.retain(|r| *r != role);
                if holds {
                    roles.push(role);
                }
                accounts::set_roles(tx, id, &roles, now)?;
                wrote = true;
            }
            Ok(wrote)
        }
        Entity::Knows | Entity::Ask => Ok(false),
    }
}
