//! The outbound projection: the ONE place that decides what leaves this device for the team.
//!
//! It reads the shared tier only — people (name, title, organization, LinkedIn URL, match
//! keys: hashes, never an address), organizations (name, domain), the user's own "knows" per
//! person (band and month of the last two-way touch at share level `band` and above; how
//! they met at `how_met` only, with never clauses taken out), target accounts (note with
//! never clauses taken out), confirmed roles and referral requests' states — and compares it
//! with the shadow (what was last sent or received per field). Never facts, notes,
//! interactions, the ledger, cadences, mail and calendar details are not read here at all.
//!
//! **Every person in the file is shareable by default** (the user, team members and people
//! marked as team from old `--as` imports included), **except the people never shared**:
//! they get no key, appear in no change, and nothing else names them (their knows, roles and
//! the requests about them are withdrawn; their names are taken out of how-met texts and
//! notes).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use sphere_domain::account::StrengthBand;
use sphere_domain::error::CoreResult;
use sphere_domain::referral::{AskMode, RequestState};
use sphere_domain::team::{Change, Clock, Entity, ShareLevel, fields_of, validate_change};
use sphere_domain::{Id, Person};
use sphere_graph::SphereGraph;
use sphere_store::team::{self as store_team, KeyKind, KeyRow, Link};
use sphere_store::{Db, accounts};

/// A record as the team would see it now: its fields by name.
pub(crate) type Fields = BTreeMap<String, Value>;

/// The shareable projection of the whole file, by (entity, team key).
#[derive(Debug, Default)]
pub(crate) struct Projection {
    pub records: HashMap<(Entity, String), Fields>,
    /// Records shared before that are held back now but not removed from the team (a person
    /// now never shared stays on the team's record; only what *this member* said is
    /// withdrawn).
    pub held: HashSet<(Entity, String)>,
    /// Keys given to records that had none (written with the changes).
    pub new_keys: Vec<KeyRow>,
    /// Local records by (kind, key), to write pulled values back.
    pub local: HashMap<(KeyKind, String), Vec<Id>>,
}

/// A fresh random key (32 hex digits), for a record or a change.
pub(crate) fn random_key() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// `e:` + sha256(salt + the address, trimmed and lower-cased), in hex.
pub(crate) fn email_key(salt: &str, email: &str) -> String {
    format!("e:{}", hex(salt, &email.trim().to_lowercase()))
}

/// `u:` + sha256(salt + the normalized profile URL), in hex.
pub(crate) fn url_key(salt: &str, url: &str) -> String {
    format!("u:{}", hex(salt, url.trim()))
}

fn hex(salt: &str, text: &str) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(text.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn text_or_null(s: &str) -> Value {
    let s = s.trim();
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_string())
    }
}

/// Takes never clauses out of free text, and the names of the people never shared.
fn scrub(text: &str, hidden_names: &[String]) -> CoreResult<Value> {
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    let mut out = sphere_sensitivity::redact_never(text)?;
    for name in hidden_names {
        out = replace_ci(&out, name, "someone");
    }
    Ok(text_or_null(&out))
}

/// Replaces every case-insensitive occurrence of `needle` in `hay`.
fn replace_ci(hay: &str, needle: &str, with: &str) -> String {
    let lower_hay = hay.to_lowercase();
    let lower_needle = needle.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII: only replace when it did not.
    if needle.is_empty() || lower_hay.len() != hay.len() || lower_needle.len() != needle.len() {
        return if hay.contains(needle) && !needle.is_empty() {
            hay.replace(needle, with)
        } else {
            hay.to_string()
        };
    }
    let mut out = String::with_capacity(hay.len());
    let mut rest = 0;
    for (i, _) in lower_hay.match_indices(&lower_needle) {
        // Lower-casing may keep the total length yet move bytes between characters
        // ("İ" shrinks, "K" grows): only cut where both texts have character boundaries.
        if i < rest || !hay.is_char_boundary(i) || !hay.is_char_boundary(i + needle.len()) {
            continue;
        }
        out.push_str(&hay[rest..i]);
        out.push_str(with);
        rest = i + needle.len();
    }
    out.push_str(&hay[rest..]);
    out
}

/// Gives records without a (current) key one, remembering it in `p.new_keys`.
struct Keys {
    map: HashMap<(KeyKind, Id), KeyRow>,
}

impl Keys {
    fn read(db: Db<'_>) -> CoreResult<Self> {
        Ok(Self {
            map: store_team::keys(db)?
                .into_iter()
                .map(|k| ((k.kind, k.local_id), k))
                .collect(),
        })
    }

    /// The key of a record, when it has one that belongs to it (not to a deleted record
    /// whose row id SQLite gave again).
    fn of(&self, kind: KeyKind, id: Id, created: DateTime<Utc>) -> Option<&str> {
        self.map
            .get(&(kind, id))
            .filter(|k| k.local_created == created)
            .map(|k| k.key.as_str())
    }

    fn give(
        &mut self,
        p: &mut Projection,
        kind: KeyKind,
        id: Id,
        created: DateTime<Utc>,
    ) -> String {
        if let Some(k) = self.of(kind, id, created) {
            return k.to_string();
        }
        let row = KeyRow {
            kind,
            local_id: id,
            key: random_key(),
            local_created: created,
        };
        p.new_keys.push(row.clone());
        let key = row.key.clone();
        self.map.insert((kind, id), row);
        key
    }
}

/// The shareable projection of the file as it stands (see the module's doc).
pub(crate) fn project(
    db: Db<'_>,
    graph: &SphereGraph,
    link: &Link,
    now: DateTime<Utc>,
) -> CoreResult<Projection> {
    let mut p = Projection::default();
    let mut keys = Keys::read(db)?;
    let never: HashSet<Id> = store_team::never_shared(db)?.into_iter().collect();
    let people = store_team::share_people(db)?;
    let hidden_names: Vec<String> = people
        .iter()
        .filter(|x| never.contains(&x.id))
        .map(|x| Person::display_name_of(&x.first_name, &x.last_name))
        .filter(|n| n.chars().count() >= 3)
        .collect();

    // Organizations: all of them.
    let mut org_key: HashMap<Id, String> = HashMap::new();
    for o in store_team::share_orgs(db)? {
        let key = keys.give(&mut p, KeyKind::Organization, o.id, o.created_at);
        p.local
            .entry((KeyKind::Organization, key.clone()))
            .or_default()
            .push(o.id);
        p.records.insert(
            (Entity::Organization, key.clone()),
            Fields::from([
                ("name".into(), json!(o.name)),
                ("domain".into(), text_or_null(&o.domain)),
                ("deleted".into(), json!(false)),
            ]),
        );
        org_key.insert(o.id, key);
    }

    // People: everyone but the people never shared.
    let mut person_key: HashMap<Id, String> = HashMap::new();
    let mut me = None;
    let mut team_people: HashSet<Id> = HashSet::new();
    for x in &people {
        if never.contains(&x.id) {
            if let Some(k) = keys.of(KeyKind::Person, x.id, x.created_at) {
                p.held.insert((Entity::Person, k.to_string()));
            }
            continue;
        }
        if x.is_me {
            me = Some(x.id);
        }
        if x.is_team || x.is_me {
            team_people.insert(x.id);
        }
        let key = keys.give(&mut p, KeyKind::Person, x.id, x.created_at);
        p.local
            .entry((KeyKind::Person, key.clone()))
            .or_default()
            .push(x.id);
        let mut match_keys: Vec<String> = x
            .emails
            .iter()
            .filter(|e| !e.trim().is_empty())
            .map(|e| email_key(&link.salt, e))
            .chain(x.profile_url.iter().map(|u| url_key(&link.salt, u)))
            .collect();
        match_keys.sort();
        match_keys.dedup();
        match_keys.truncate(sphere_domain::team::MAX_MATCH_KEYS);
        p.records.insert(
            (Entity::Person, key.clone()),
            Fields::from([
                (
                    "name".into(),
                    json!(Person::display_name_of(&x.first_name, &x.last_name)),
                ),
                ("title".into(), text_or_null(&x.title)),
                (
                    "organization".into(),
                    x.organization_id
                        .and_then(|o| org_key.get(&o))
                        .map_or(Value::Null, |k| json!(k)),
                ),
                (
                    "profile_url".into(),
                    x.profile_url.as_deref().map_or(Value::Null, text_or_null),
                ),
                ("match_keys".into(), json!(match_keys)),
                // The user's own person is their node on the team graph.
                ("me".into(), json!(x.is_me)),
                ("deleted".into(), json!(false)),
            ]),
        );
        person_key.insert(x.id, key);
    }
    let member_people: HashSet<&str> = link
        .members
        .iter()
        .filter_map(|m| m.person.as_deref())
        .collect();
    let is_member = |id: Id| {
        team_people.contains(&id)
            || person_key
                .get(&id)
                .is_some_and(|k| member_people.contains(k.as_str()))
    };

    // What the user knows: their own ties, at the share level.
    if let Some(me) = me {
        let level = link.share_level;
        let touched = if level == ShareLevel::Existence {
            HashMap::new()
        } else {
            accounts::last_two_way(db, &[me], now)?
        };
        for t in store_team::my_ties(db, me)? {
            let Some(key) = person_key.get(&t.other) else {
                continue;
            };
            let mut f = Fields::from([
                ("deleted".into(), json!(false)),
                ("band".into(), Value::Null),
                ("last_two_way".into(), Value::Null),
                ("how_met".into(), Value::Null),
            ]);
            if level != ShareLevel::Existence {
                if let Some(s) = graph.tie_strength(t.relationship_id) {
                    f.insert(
                        "band".into(),
                        json!(StrengthBand::of(s.parts.value).as_str()),
                    );
                }
                if let Some(at) = touched.get(&(me, t.other)) {
                    f.insert("last_two_way".into(), json!(at.format("%Y-%m").to_string()));
                }
            }
            if level == ShareLevel::HowMet {
                f.insert("how_met".into(), scrub(&t.how_met, &hidden_names)?);
            }
            p.records.insert((Entity::Knows, key.clone()), f);
        }
    }

    // Target accounts, keyed by their organization.
    for t in accounts::targets(db)? {
        let Some(key) = org_key.get(&t.organization_id) else {
            continue;
        };
        p.records.insert(
            (Entity::Target, key.clone()),
            Fields::from([
                ("tier".into(), json!(t.tier)),
                (
                    "owner".into(),
                    t.owner_id
                        .and_then(|o| person_key.get(&o))
                        .map_or(Value::Null, |k| json!(k)),
                ),
                ("note".into(), scrub(&t.note, &hidden_names)?),
                ("deleted".into(), json!(false)),
            ]),
        );
    }

    // Confirmed roles.
    for (person, roles) in accounts::roles(db)? {
        let Some(key) = person_key.get(&person) else {
            continue;
        };
        for r in roles {
            p.records.insert(
                (Entity::Role, format!("{key}/{}", r.as_str())),
                Fields::from([("holds".into(), json!(true))]),
            );
        }
    }

    // Referral requests (not drafts, not introductions the user makes between two
    // contacts): their target, the connector when on the team, the state.
    let asked = store_team::asked_at(db)?;
    let connectors: HashMap<(Id, u32), Option<Id>> = sphere_store::asks::connectors(db, None)?
        .into_iter()
        .map(|(req, c)| ((req, c.rank), c.person_id))
        .collect();
    let org_of: HashMap<Id, Option<Id>> =
        people.iter().map(|x| (x.id, x.organization_id)).collect();
    for a in sphere_store::asks::list_asks(db)? {
        if a.mode == AskMode::Connect || a.state == RequestState::Draft {
            continue;
        }
        let target = match (a.target_person_id, a.target_organization_id) {
            (Some(tp), _) => person_key.get(&tp),
            (None, Some(o)) => org_key.get(&o),
            (None, None) => None,
        };
        let Some(target) = target.cloned() else {
            continue;
        };
        let organization = a
            .target_organization_id
            .or_else(|| {
                a.target_person_id
                    .and_then(|tp| org_of.get(&tp).copied().flatten())
            })
            .and_then(|o| org_key.get(&o));
        let connector = connectors
            .get(&(a.id, a.current_rank))
            .copied()
            .flatten()
            .filter(|&c| is_member(c))
            .and_then(|c| person_key.get(&c));
        let key = keys.give(&mut p, KeyKind::Ask, a.id, a.created_at);
        p.local
            .entry((KeyKind::Ask, key.clone()))
            .or_default()
            .push(a.id);
        p.records.insert(
            (Entity::Ask, key),
            Fields::from([
                ("target".into(), json!(target)),
                (
                    "connector".into(),
                    connector.map_or(Value::Null, |k| json!(k)),
                ),
                (
                    "organization".into(),
                    organization.map_or(Value::Null, |k| json!(k)),
                ),
                ("state".into(), json!(a.state.as_str())),
                (
                    "asked_at".into(),
                    asked.get(&a.id).map_or(Value::Null, |t| {
                        json!(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                    }),
                ),
                ("deleted".into(), json!(false)),
            ]),
        );
    }
    Ok(p)
}

/// What a record that is gone from the projection sends: `deleted` (or a role no longer
/// held) with every other field it may carry emptied, so nothing it said before stays on the
/// team. The fields a record cannot be without (a name, an ask's target) keep the team's value.
fn gone(entity: Entity) -> Fields {
    fields_of(entity)
        .iter()
        .filter_map(|f| match *f {
            "deleted" => Some((f.to_string(), json!(true))),
            "holds" => Some((f.to_string(), json!(false))),
            "match_keys" => Some((f.to_string(), json!([]))),
            "name" | "target" | "state" | "me" => None,
            _ => Some((f.to_string(), Value::Null)),
        })
        .collect()
}

/// What a field never sent stands for: nothing, except a person's `me`, which is false for
/// everyone but the user (so only the user's own person ever sends it, and a person that
/// stops being the user sends `false`).
fn unsent(entity: Entity, field: &str) -> &'static Value {
    static FALSE: Value = Value::Bool(false);
    if entity == Entity::Person && field == "me" {
        &FALSE
    } else {
        &Value::Null
    }
}

/// The order records go out in, so that what a record names is sent before it.
fn rank(entity: Entity) -> u8 {
    match entity {
        Entity::Organization => 0,
        Entity::Person => 1,
        Entity::Knows => 2,
        Entity::Target => 3,
        Entity::Role => 4,
        Entity::Ask => 5,
    }
}

/// What went out, and what was held back because it would not pass the protocol's checks.
#[derive(Debug, Default)]
pub(crate) struct Outbound {
    pub changes: Vec<Change>,
    pub new_keys: Vec<KeyRow>,
    /// Records left out, in words ("person 3f…: name is longer than 500 characters").
    pub refused: Vec<String>,
}

/// The changes since the shadow: one per record with the fields that changed, stamped by
/// `clock` (ids random). Fields in conflict wait for the user. Nothing is written here.
pub(crate) fn changes(
    db: Db<'_>,
    graph: &SphereGraph,
    link: &Link,
    clock: &mut Clock,
    now: DateTime<Utc>,
) -> CoreResult<Outbound> {
    let projection = project(db, graph, link, now)?;
    let shadow = store_team::shadow(db)?;
    let conflicted = store_team::conflicted(db)?;
    let mut todo: Vec<(Entity, String, Fields)> = Vec::new();
    for ((entity, key), fields) in &projection.records {
        let before = shadow.get(&(*entity, key.clone()));
        let mut changed = Fields::new();
        for (field, value) in fields {
            if conflicted.contains(&(*entity, key.clone(), field.clone())) {
                continue;
            }
            let old = before.and_then(|b| b.get(field)).map(|(v, _)| v);
            if old.unwrap_or(unsent(*entity, field)) != value {
                changed.insert(field.clone(), value.clone());
            }
        }
        if !changed.is_empty() {
            todo.push((*entity, key.clone(), changed));
        }
    }
    for ((entity, key), fields) in &shadow {
        if projection.records.contains_key(&(*entity, key.clone()))
            || projection.held.contains(&(*entity, key.clone()))
        {
            continue;
        }
        // A person deleted here stays on the team for the others: this member withdraws
        // only what they said about them (their knows, the roles and requests this device
        // pushed), which are gone from the projection too.
        if *entity == Entity::Person {
            continue;
        }
        let removal = gone(*entity);
        let already = removal
            .iter()
            .all(|(f, v)| fields.get(f).is_some_and(|(old, _)| old == v));
        if !already {
            todo.push((*entity, key.clone(), removal));
        }
    }
    todo.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then_with(|| a.1.cmp(&b.1)));
    let now_ms = now.timestamp_millis();
    let mut out = Outbound {
        new_keys: projection.new_keys,
        ..Default::default()
    };
    for (entity, key, fields) in todo {
        let change = Change {
            id: random_key(),
            entity,
            key,
            fields,
            hlc: clock.tick(now_ms).to_string(),
        };
        match validate_change(&change) {
            Ok(_) => out.changes.push(change),
            Err(e) => out
                .refused
                .push(format!("{} {}: {}", change.entity, change.key, e)),
        }
    }
    Ok(out)
}

/// Queues the changes since the shadow: keys, outbox and shadow written together (in the
/// caller's transaction), so a change is computed once and sent until acknowledged.
pub(crate) fn queue(
    tx: Db<'_>,
    graph: &SphereGraph,
    link: &Link,
    now: DateTime<Utc>,
) -> CoreResult<Outbound> {
    let mut clock = Clock::new(
        &link.member_id,
        link.clock.as_deref().and_then(|c| c.parse().ok()),
    );
    let mut out = changes(tx, graph, link, &mut clock, now)?;
    for k in &out.new_keys {
        store_team::set_key(tx, k)?;
    }
    for c in &mut out.changes {
        // A change the server refused goes again with its record's next change.
        for (field, value) in store_team::take_refused(tx, c.entity, &c.key)? {
            c.fields.entry(field).or_insert(value);
        }
    }
    for c in &out.changes {
        store_team::enqueue(tx, c, now)?;
        for (field, value) in &c.fields {
            store_team::set_shadow(tx, c.entity, &c.key, field, value, &c.hlc)?;
        }
    }
    store_team::set_clock(tx, &clock.last().to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_keys_hash_the_salted_normalized_address() {
        let a = email_key("salt", " Ana@Example.COM ");
        let b = email_key("salt", "ana@example.com");
        assert_eq!(a, b, "addresses are trimmed and lower-cased first");
        assert!(a.starts_with("e:") && a.len() == 2 + 64);
        assert_ne!(a, email_key("other", "ana@example.com"), "the salt matters");
        assert!(
            !a.contains("example"),
            "a match key is a hash, never the address"
        );
        assert!(url_key("s", "https://www.linkedin.com/in/ana").starts_with("u:"));
    }

    #[test]
    fn hidden_names_are_replaced_in_any_case() {
        assert_eq!(
            replace_ci("Met via BOB STONE and bob stone", "Bob Stone", "someone"),
            "Met via someone and someone"
        );
        assert_eq!(replace_ci("nothing here", "Bob", "x"), "nothing here");
        // Lower-casing keeps the total length here but moves bytes between characters
        // ("İ" shrinks, the Kelvin sign grows): no cut inside a character, no panic.
        let odd = "İİ\u{212A}im met Kim";
        assert_eq!(
            replace_ci(odd, "Kim", "someone"),
            "İİ\u{212A}im met someone"
        );
    }

    #[test]
    fn a_withdrawn_record_empties_what_it_said() {
        let knows = gone(Entity::Knows);
        assert_eq!(knows.get("deleted"), Some(&json!(true)));
        for f in ["band", "last_two_way", "how_met"] {
            assert_eq!(
                knows.get(f),
                Some(&Value::Null),
                "{f} is emptied on the team"
            );
        }
        let target = gone(Entity::Target);
        assert_eq!(target.get("note"), Some(&Value::Null));
        assert_eq!(gone(Entity::Role).get("holds"), Some(&json!(false)));
        for e in Entity::ALL {
            let change = Change {
                id: "0123456789abcdef0123456789abcdef".into(),
                entity: *e,
                key: if *e == Entity::Role {
                    "0123456789abcdef0123456789abcdef/champion".into()
                } else {
                    "0123456789abcdef0123456789abcdef".into()
                },
                fields: gone(*e),
                hlc: "000001765000000000.000000.m".into(),
            };
            assert!(validate_change(&change).is_ok(), "{e}: {change:?}");
        }
    }
}
