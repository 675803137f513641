//! Push and pull: per-field last-write-wins by hybrid logical clock, idempotent by change id,
//! with conflicts for the changes that lost to another member's different value.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use tokio_postgres::Transaction;

use sphere_domain::team::{
    Change, Clock, Conflict, Entity, Hlc, MAX_PULL, MAX_PUSH, Matched, PullRequest, PullResponse,
    PulledRow, PushRequest, PushResponse, Stamped, validate_change,
};

use crate::error::Fail;
use crate::members::{Who, knows_fields_allowed};

/// The server's clock, shared by every request (never held across an `.await`).
pub struct ServerClock(Mutex<Clock>);

impl Default for ServerClock {
    fn default() -> Self {
        Self(Mutex::new(Clock::new("server", None)))
    }
}

impl ServerClock {
    fn lock(&self) -> std::sync::MutexGuard<'_, Clock> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn observe(&self, remote: &Hlc, now_ms: i64) -> Result<(), Fail> {
        self.lock().observe(remote, now_ms).map_err(Fail::from)
    }

    pub fn tick(&self, now_ms: i64) -> String {
        self.lock().tick(now_ms).to_string()
    }
}

/// A domain as matched: lower case, without `www.` and a final dot.
pub fn normalize_domain(d: &str) -> Option<String> {
    let d = d.trim().trim_end_matches('.').to_lowercase();
    let d = d.strip_prefix("www.").unwrap_or(&d).to_string();
    (!d.is_empty()).then_some(d)
}

/// What one push gathers as it applies changes.
#[derive(Default)]
struct Acc {
    conflicts: Vec<Conflict>,
    matched: Vec<Matched>,
    matched_seen: HashSet<(Entity, String)>,
}

impl Acc {
    fn matched(&mut self, entity: Entity, key: &str, team_key: &str) {
        if self.matched_seen.insert((entity, key.to_string())) {
            self.matched.push(Matched {
                entity,
                key: key.to_string(),
                team_key: team_key.to_string(),
            });
        }
    }
}

/// Merges a change's fields into a stored record, field by field: the greater stamp wins;
/// an equal stamp is the same write. Returns whether anything changed.
fn merge(
    stored: &mut Map<String, Value>,
    change: &Change,
    fields: &BTreeMap<String, Value>,
    hlc: &Hlc,
    member: &str,
    acc: &mut Acc,
) -> bool {
    let mut changed = false;
    let stamp = hlc.to_string();
    for (f, v) in fields {
        let old = stored.get(f).and_then(|o| {
            let h: Hlc = o.get("hlc")?.as_str()?.parse().ok()?;
            Some((o.get("value").cloned().unwrap_or(Value::Null), h))
        });
        match old {
            Some((_, ref oh)) if oh == hlc => {}
            Some((ref ov, ref oh)) if oh > hlc => {
                if ov != v && oh.node != member {
                    acc.conflicts.push(Conflict {
                        change_id: change.id.clone(),
                        entity: change.entity,
                        key: change.key.clone(),
                        field: f.clone(),
                        yours: v.clone(),
                        theirs: ov.clone(),
                        theirs_hlc: oh.to_string(),
                        by: oh.node.clone(),
                    });
                }
            }
            _ => {
                stored.insert(f.clone(), json!({"value": v, "hlc": stamp}));
                changed = true;
            }
        }
    }
    changed
}

fn object(v: Option<Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// The current value of a stored field.
pub fn value<'a>(fields: &'a Map<String, Value>, f: &str) -> Option<&'a Value> {
    fields
        .get(f)
        .and_then(|o| o.get("value"))
        .filter(|v| !v.is_null())
}

/// The team's key for a device's key (a match or a merge), following merges.
pub(crate) async fn resolve(
    tx: &Transaction<'_>,
    team: &str,
    entity: Entity,
    key: &str,
) -> Result<Option<String>, Fail> {
    let mut cur = key.to_string();
    let mut moved = false;
    for _ in 0..16 {
        let row = tx
            .query_opt(
                "SELECT team_key FROM alias WHERE team_id = $1 AND entity = $2 AND key = $3",
                &[&team, &entity.as_str(), &cur],
            )
            .await?;
        match row {
            Some(r) => {
                cur = r.get(0);
                moved = true;
            }
            None => break,
        }
    }
    Ok(moved.then_some(cur))
}

async fn add_alias(
    tx: &Transaction<'_>,
    team: &str,
    entity: Entity,
    key: &str,
    team_key: &str,
) -> Result<(), Fail> {
    tx.execute(
        "INSERT INTO alias (team_id, entity, key, team_key) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (team_id, entity, key) DO UPDATE SET team_key = EXCLUDED.team_key",
        &[&team, &entity.as_str(), &key, &team_key],
    )
    .await?;
    Ok(())
}

/// The team's key for a device's key, noting a `Matched` when they differ.
async fn team_key(
    tx: &Transaction<'_>,
    team: &str,
    entity: Entity,
    key: &str,
    acc: &mut Acc,
) -> Result<String, Fail> {
    Ok(match resolve(tx, team, entity, key).await? {
        Some(k) => {
            acc.matched(entity, key, &k);
            k
        }
        None => key.to_string(),
    })
}

/// The team's key of a person or organization a change names, which must be on record.
async fn existing(
    tx: &Transaction<'_>,
    team: &str,
    entity: Entity,
    key: &str,
    acc: &mut Acc,
    what: &str,
) -> Result<String, Fail> {
    let key = team_key(tx, team, entity, key, acc).await?;
    let table = entity.as_str();
    let exists = tx
        .query_opt(
            &format!("SELECT 1 FROM {table} WHERE team_id = $1 AND key = $2"),
            &[&team, &key],
        )
        .await?;
    if exists.is_none() {
        return Err(Fail::invalid(
            "key",
            format!(
                "{what} names {table} {key}, which the team has no record of: push the {table} first"
            ),
        ));
    }
    Ok(key)
}

async fn apply_person(
    tx: &Transaction<'_>,
    who: &Who,
    c: &Change,
    hlc: &Hlc,
    acc: &mut Acc,
) -> Result<(), Fail> {
    let team = &who.team;
    let mut key = team_key(tx, team, Entity::Person, &c.key, acc).await?;
    let mut row = tx
        .query_opt(
            "SELECT fields FROM person WHERE team_id = $1 AND key = $2",
            &[team, &key],
        )
        .await?;
    let match_keys: Vec<String> = c
        .fields
        .get("match_keys")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if row.is_none() && !match_keys.is_empty() {
        let found = tx
            .query_opt(
                "SELECT m.person_key FROM person_match m JOIN person p \
                   ON p.team_id = m.team_id AND p.key = m.person_key AND p.merged_into IS NULL \
                 WHERE m.team_id = $1 AND m.match_key = ANY($2) ORDER BY p.id LIMIT 1",
                &[team, &match_keys],
            )
            .await?;
        if let Some(f) = found {
            let team_key: String = f.get(0);
            add_alias(tx, team, Entity::Person, &c.key, &team_key).await?;
            acc.matched(Entity::Person, &c.key, &team_key);
            key = team_key;
            row = tx
                .query_opt(
                    "SELECT fields FROM person WHERE team_id = $1 AND key = $2",
                    &[team, &key],
                )
                .await?;
        }
    }
    if row.is_none() && !c.fields.contains_key("name") {
        return Err(Fail::invalid(
            "name",
            format!("person {key} is new to the team: its first change must carry a name"),
        ));
    }
    let mut fields = object(row.as_ref().map(|r| r.get(0)));
    // `me` is the member's, not the person's: kept on the member, never among the fields.
    let mut shared = c.fields.clone();
    let me = shared.remove("me").and_then(|v| v.as_bool());
    // Match keys are for matching only: kept in `person_match`, never among the fields a
    // pull hands every member (with the team's salt, a hashed address could be confirmed
    // by guessing).
    shared.remove("match_keys");
    if merge(&mut fields, c, &shared, hlc, &who.member, acc) || row.is_none() {
        tx.execute(
            "INSERT INTO person (team_id, key, fields, seq) VALUES ($1, $2, $3, nextval('team_seq')) \
             ON CONFLICT (team_id, key) DO UPDATE SET fields = EXCLUDED.fields, seq = EXCLUDED.seq",
            &[team, &key, &Value::Object(fields)],
        )
        .await?;
    }
    if let Some(me) = me {
        own_person(tx, who, &key, me).await?;
    }
    if !match_keys.is_empty() {
        tx.execute(
            "INSERT INTO person_match (team_id, match_key, person_key) \
             SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING",
            &[team, &match_keys, &key],
        )
        .await?;
    }
    Ok(())
}

/// Records (`me: true`) or clears (`me: false`) `key` as the pushing member's own person:
/// one per member (a later one moves it), and nobody else's.
async fn own_person(tx: &Transaction<'_>, who: &Who, key: &str, me: bool) -> Result<(), Fail> {
    let team = &who.team;
    if !me {
        tx.execute(
            "UPDATE member SET person_key = NULL WHERE team_id = $1 AND id = $2 AND person_key = $3",
            &[team, &who.member, &key],
        )
        .await?;
        return Ok(());
    }
    if let Some(other) = tx
        .query_opt(
            "SELECT name FROM member WHERE team_id = $1 AND person_key = $2 AND id <> $3 AND left_at IS NULL",
            &[team, &key, &who.member],
        )
        .await?
    {
        return Err(Fail::conflict(format!(
            "person {key} is already {}'s own person on the team: \
             a member's own person (me) is theirs alone",
            other.get::<_, String>(0)
        )));
    }
    tx.execute(
        "UPDATE member SET person_key = $3 WHERE team_id = $1 AND id = $2",
        &[team, &who.member, &key],
    )
    .await?;
    // Requests naming this person as connector become this member's to see: written again so
    // they come after the member's cursor and the next pull brings them.
    reissue_asks(tx, team, key).await
}

/// Stamps the requests whose connector is `person` with a new `seq`, so a member who can now
/// see them (their own person moved to `person`) pulls them.
pub(crate) async fn reissue_asks(
    tx: &Transaction<'_>,
    team: &str,
    person: &str,
) -> Result<(), Fail> {
    tx.execute(
        "UPDATE ask SET seq = nextval('team_seq') WHERE team_id = $1 AND connector = $2",
        &[&team, &person],
    )
    .await?;
    Ok(())
}

async fn apply_organization(
    tx: &Transaction<'_>,
    who: &Who,
    c: &Change,
    hlc: &Hlc,
    acc: &mut Acc,
) -> Result<(), Fail> {
    let team = &who.team;
    let mut key = team_key(tx, team, Entity::Organization, &c.key, acc).await?;
    let select = "SELECT fields FROM organization WHERE team_id = $1 AND key = $2";
    let mut row = tx.query_opt(select, &[team, &key]).await?;
    let domain = c
        .fields
        .get("domain")
        .and_then(Value::as_str)
        .and_then(normalize_domain);
    if row.is_none()
        && let Some(d) = &domain
    {
        let found = tx
            .query_opt(
                "SELECT key FROM organization WHERE team_id = $1 AND domain = $2 AND merged_into IS NULL ORDER BY id LIMIT 1",
                &[team, d],
            )
            .await?;
        if let Some(f) = found {
            let team_key: String = f.get(0);
            add_alias(tx, team, Entity::Organization, &c.key, &team_key).await?;
            acc.matched(Entity::Organization, &c.key, &team_key);
            key = team_key;
            row = tx.query_opt(select, &[team, &key]).await?;
        }
    }
    if row.is_none() && !c.fields.contains_key("name") {
        return Err(Fail::invalid(
            "name",
            format!("organization {key} is new to the team: its first change must carry a name"),
        ));
    }
    let mut fields = object(row.as_ref().map(|r| r.get(0)));
    if merge(&mut fields, c, &c.fields, hlc, &who.member, acc) || row.is_none() {
        let domain = value(&fields, "domain")
            .and_then(Value::as_str)
            .and_then(normalize_domain);
        tx.execute(
            "INSERT INTO organization (team_id, key, fields, domain, seq) VALUES ($1, $2, $3, $4, nextval('team_seq')) \
             ON CONFLICT (team_id, key) DO UPDATE SET fields = EXCLUDED.fields, domain = EXCLUDED.domain, seq = EXCLUDED.seq",
            &[team, &key, &Value::Object(fields), &domain],
        )
        .await?;
    }
    Ok(())
}

async fn apply_knows(
    tx: &Transaction<'_>,
    who: &Who,
    c: &Change,
    hlc: &Hlc,
    acc: &mut Acc,
) -> Result<(), Fail> {
    let team = &who.team;
    let key = existing(tx, team, Entity::Person, &c.key, acc, "this knows").await?;
    // The server holds the member to their share level whatever the device sent.
    let allowed = knows_fields_allowed(who.share_level);
    let fields: BTreeMap<String, Value> = c
        .fields
        .iter()
        .map(|(f, v)| {
            let v = if allowed.contains(&f.as_str()) {
                v.clone()
            } else {
                Value::Null
            };
            (f.clone(), v)
        })
        .collect();
    let row = tx
        .query_opt(
            "SELECT fields FROM knows WHERE team_id = $1 AND member_id = $2 AND person_key = $3",
            &[team, &who.member, &key],
        )
        .await?;
    let mut stored = object(row.as_ref().map(|r| r.get(0)));
    if merge(&mut stored, c, &fields, hlc, &who.member, acc) || row.is_none() {
        tx.execute(
            "INSERT INTO knows (team_id, member_id, person_key, fields, seq) VALUES ($1, $2, $3, $4, nextval('team_seq')) \
             ON CONFLICT (team_id, member_id, person_key) DO UPDATE SET fields = EXCLUDED.fields, seq = EXCLUDED.seq",
            &[team, &who.member, &key, &Value::Object(stored)],
        )
        .await?;
    }
    Ok(())
}

/// Targets and roles: a record keyed by an organization or `person/role`.
async fn apply_keyed(
    tx: &Transaction<'_>,
    who: &Who,
    c: &Change,
    hlc: &Hlc,
    acc: &mut Acc,
) -> Result<(), Fail> {
    let team = &who.team;
    let (table, key) = match c.entity {
        Entity::Target => (
            "target",
            existing(tx, team, Entity::Organization, &c.key, acc, "this target").await?,
        ),
        _ => {
            let (p, r) = c
                .key
                .split_once('/')
                .ok_or_else(|| Fail::invalid("key", "a role's key is person/role"))?;
            let p = existing(tx, team, Entity::Person, p, acc, "this role").await?;
            ("role", format!("{p}/{r}"))
        }
    };
    let row = tx
        .query_opt(
            &format!("SELECT fields FROM {table} WHERE team_id = $1 AND key = $2"),
            &[team, &key],
        )
        .await?;
    let mut stored = object(row.as_ref().map(|r| r.get(0)));
    if merge(&mut stored, c, &c.fields, hlc, &who.member, acc) || row.is_none() {
        tx.execute(
            &format!(
                "INSERT INTO {table} (team_id, key, fields, seq) VALUES ($1, $2, $3, nextval('team_seq')) \
                 ON CONFLICT (team_id, key) DO UPDATE SET fields = EXCLUDED.fields, seq = EXCLUDED.seq"
            ),
            &[team, &key, &Value::Object(stored)],
        )
        .await?;
    }
    Ok(())
}

async fn apply_ask(
    tx: &Transaction<'_>,
    who: &Who,
    c: &Change,
    hlc: &Hlc,
    acc: &mut Acc,
) -> Result<(), Fail> {
    let team = &who.team;
    let mut fields = c.fields.clone();
    for (f, entity) in [
        ("target", Entity::Person),
        ("connector", Entity::Person),
        ("organization", Entity::Organization),
    ] {
        if let Some(k) = fields.get(f).and_then(Value::as_str).map(str::to_string) {
            let tk = team_key(tx, team, entity, &k, acc).await?;
            fields.insert(f.to_string(), Value::String(tk));
        }
    }
    let row = tx
        .query_opt(
            "SELECT fields FROM ask WHERE team_id = $1 AND key = $2",
            &[team, &c.key],
        )
        .await?;
    let mut stored = object(row.as_ref().map(|r| r.get(0)));
    if row.is_none() && !fields.contains_key("target") {
        return Err(Fail::invalid(
            "target",
            format!(
                "request {} is new to the team: its first change must name its target",
                c.key
            ),
        ));
    }
    if merge(&mut stored, c, &fields, hlc, &who.member, acc) || row.is_none() {
        let connector = value(&stored, "connector")
            .and_then(Value::as_str)
            .map(str::to_string);
        let result = if row.is_none() {
            tx.execute(
                "INSERT INTO ask (team_id, key, requester, connector, fields, seq) VALUES ($1, $2, $3, $4, $5, nextval('team_seq'))",
                &[team, &c.key, &who.member, &connector, &Value::Object(stored)],
            )
            .await
        } else {
            tx.execute(
                "UPDATE ask SET fields = $3, connector = $4, seq = nextval('team_seq') WHERE team_id = $1 AND key = $2",
                &[team, &c.key, &Value::Object(stored), &connector],
            )
            .await
        };
        if let Err(e) = result {
            let code = e.as_db_error().map(|d| d.code().code().to_string());
            return Err(match code.as_deref() {
                Some("23505") => Fail::conflict(format!(
                    "request {} is another member's: only who asked and the connector may change it",
                    c.key
                )),
                Some("42501") => Fail::invalid(
                    "connector",
                    format!(
                        "request {}: you would no longer be its requester or connector",
                        c.key
                    ),
                ),
                _ => e.into(),
            });
        }
    }
    Ok(())
}

/// Applies a push in the transaction: either every change or none.
pub async fn push(
    tx: &Transaction<'_>,
    who: &Who,
    req: &PushRequest,
    clock: &ServerClock,
    now: DateTime<Utc>,
) -> Result<PushResponse, Fail> {
    if req.changes.len() > MAX_PUSH {
        return Err(Fail::invalid(
            "changes",
            format!(
                "a push carries at most {MAX_PUSH} changes ({} sent): send them in parts",
                req.changes.len()
            ),
        ));
    }
    let now_ms = now.timestamp_millis();
    let mut checked = Vec::with_capacity(req.changes.len());
    for (i, c) in req.changes.iter().enumerate() {
        let what = format!("change {} ({}, {} {})", i + 1, c.id, c.entity, c.key);
        let hlc = validate_change(c).map_err(|e| Fail::from(e).context(&what))?;
        if hlc.node != who.member {
            return Err(Fail::invalid(
                "hlc",
                format!(
                    "{what}: its stamp names {:?}, not this member ({}): a member stamps only its own writes",
                    hlc.node, who.member
                ),
            ));
        }
        clock.observe(&hlc, now_ms).map_err(|e| e.context(&what))?;
        checked.push((c, hlc));
    }
    // One writer per team at a time: seqs are committed in the order they were taken, so a
    // pull never passes a row that commits later with a smaller seq.
    tx.execute("SELECT 1 FROM team WHERE id = $1 FOR UPDATE", &[&who.team])
        .await?;
    let ids: Vec<&str> = req.changes.iter().map(|c| c.id.as_str()).collect();
    let mut done: HashSet<String> = tx
        .query(
            "SELECT change_id FROM applied_change WHERE team_id = $1 AND change_id = ANY($2)",
            &[&who.team, &ids],
        )
        .await?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    let retried: Vec<String> = done.iter().cloned().collect();
    let mut acc = Acc::default();
    let mut applied = Vec::with_capacity(req.changes.len());
    for (i, (c, hlc)) in checked.iter().enumerate() {
        applied.push(c.id.clone());
        if done.contains(&c.id) {
            if let Some(k) = resolve(tx, &who.team, c.entity, &c.key).await?
                && matches!(c.entity, Entity::Person | Entity::Organization)
            {
                acc.matched(c.entity, &c.key, &k);
            }
            continue;
        }
        let what = format!("change {} ({}, {} {})", i + 1, c.id, c.entity, c.key);
        let r = match c.entity {
            Entity::Person => apply_person(tx, who, c, hlc, &mut acc).await,
            Entity::Organization => apply_organization(tx, who, c, hlc, &mut acc).await,
            Entity::Knows => apply_knows(tx, who, c, hlc, &mut acc).await,
            Entity::Target | Entity::Role => apply_keyed(tx, who, c, hlc, &mut acc).await,
            Entity::Ask => apply_ask(tx, who, c, hlc, &mut acc).await,
        };
        r.map_err(|e| e.context(&what))?;
        tx.execute(
            "INSERT INTO applied_change (team_id, member_id, change_id, at) VALUES ($1, $2, $3, $4)",
            &[&who.team, &who.member, &c.id, &now],
        )
        .await?;
        done.insert(c.id.clone());
    }
    for k in &acc.conflicts {
        tx.execute(
            "INSERT INTO conflict (team_id, member_id, change_id, entity, key, field, yours, theirs, theirs_hlc, by_member) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
            &[&who.team, &who.member, &k.change_id, &k.entity.as_str(), &k.key, &k.field, &k.yours, &k.theirs, &k.theirs_hlc, &k.by],
        )
        .await?;
    }
    let mut conflicts = acc.conflicts;
    if !retried.is_empty() {
        for r in tx
            .query(
                "SELECT change_id, entity, key, field, yours, theirs, theirs_hlc, by_member FROM conflict \
                 WHERE team_id = $1 AND change_id = ANY($2) ORDER BY change_id, field",
                &[&who.team, &retried],
            )
            .await?
        {
            conflicts.push(Conflict {
                change_id: r.get(0),
                entity: Entity::parse(r.get::<_, &str>(1))
                    .ok_or_else(|| Fail::internal("a stored conflict names no entity"))?,
                key: r.get(2),
                field: r.get(3),
                yours: r.get(4),
                theirs: r.get(5),
                theirs_hlc: r.get(6),
                by: r.get(7),
            });
        }
    }
    let stamp = clock.tick(now_ms);
    touch(tx, who, now, None, &stamp).await?;
    Ok(PushResponse {
        applied,
        conflicts,
        matched: acc.matched,
        clock: stamp,
    })
}

/// Records a member's and device's last sync (and the device's cursor after a pull).
async fn touch(
    tx: &Transaction<'_>,
    who: &Who,
    now: DateTime<Utc>,
    cursor: Option<i64>,
    clock: &str,
) -> Result<(), Fail> {
    tx.execute(
        "UPDATE member SET last_sync_at = $3 WHERE team_id = $1 AND id = $2",
        &[&who.team, &who.member, &now],
    )
    .await?;
    tx.execute(
        "UPDATE device SET last_sync_at = $4, clock = $5, cursor = COALESCE($6, cursor) \
         WHERE team_id = $1 AND member_id = $2 AND token_hash = $3",
        &[
            &who.team,
            &who.member,
            &who.token_hash,
            &now,
            &clock,
            &cursor,
        ],
    )
    .await?;
    Ok(())
}

const PULL_SQL: &str = "SELECT seq, entity, key, member, fields FROM ( \
    (SELECT seq, 'person' AS entity, key, NULL::text AS member, fields FROM person WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
    UNION ALL (SELECT seq, 'organization', key, NULL, fields FROM organization WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
    UNION ALL (SELECT seq, 'knows', person_key, member_id, fields FROM knows WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
    UNION ALL (SELECT seq, 'target', key, NULL, fields FROM target WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
    UNION ALL (SELECT seq, 'role', key, NULL, fields FROM role WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
    UNION ALL (SELECT seq, 'ask', key, requester, fields FROM ask WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) \
  ) r ORDER BY seq LIMIT $3";

/// The shared rows written after `since`, oldest first, at most `limit`.
pub async fn pull(
    tx: &Transaction<'_>,
    who: &Who,
    req: &PullRequest,
    clock: &ServerClock,
    now: DateTime<Utc>,
) -> Result<PullResponse, Fail> {
    if req.limit == 0 || req.limit > MAX_PULL {
        return Err(Fail::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_PULL}"),
        ));
    }
    if req.since < 0 {
        return Err(Fail::invalid(
            "since",
            "since is a cursor from an earlier pull (0 for everything)",
        ));
    }
    let ask = i64::from(req.limit) + 1;
    let rows = tx.query(PULL_SQL, &[&who.team, &req.since, &ask]).await?;
    let more = rows.len() > req.limit as usize;
    let mut out = Vec::with_capacity(rows.len().min(req.limit as usize));
    for r in rows.into_iter().take(req.limit as usize) {
        let entity = Entity::parse(r.get::<_, &str>(1))
            .ok_or_else(|| Fail::internal("a stored row names no entity"))?;
        let fields: Value = r.get(4);
        let fields: BTreeMap<String, Stamped> = serde_json::from_value(fields)?;
        out.push(PulledRow {
            seq: r.get(0),
            entity,
            key: r.get(2),
            member: r.get(3),
            fields,
        });
    }
    let next = out.last().map_or(req.since, |r| r.seq);
    let stamp = clock.tick(now.timestamp_millis());
    touch(tx, who, now, Some(next), &stamp).await?;
    Ok(PullResponse {
        rows: out,
        next,
        more,
        clock: stamp,
    })
}
