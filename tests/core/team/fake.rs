//! A stand-in team server for the client's tests: the protocol of `sphere_domain::team` in
//! memory (join, me, push with per-field last write wins and match keys, pull by `seq`,
//! share, leave), on loopback, so the device side is tested without PostgreSQL. It keeps
//! every change it received as JSON, which the privacy tests read. The real server is tested
//! in `e2e.rs` (needs PostgreSQL).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::Utc;
use serde_json::{Value, json};
use sphere_api::domain::team::{
    Change, Conflict, Entity, Hlc, Joined, Matched, MemberInfo, PullRequest, PullResponse,
    PulledRow, PushRequest, PushResponse, ShareLevel, Stamped, TeamInfo, validate_change,
};

/// A stored record: its `seq` and, per field, (value, stamp, who wrote it).
type Row = (i64, BTreeMap<String, (Value, String, String)>);

#[derive(Default)]
pub struct Team {
    /// token → member id
    tokens: HashMap<String, String>,
    members: Vec<MemberInfo>,
    /// (entity, key, member) → field → (value, hlc, by)
    rows: BTreeMap<(Entity, String, String), Row>,
    seq: i64,
    applied: std::collections::HashSet<String>,
    /// Every change received, as JSON.
    pub received: Vec<String>,
    /// Refuse every request (the server is "down").
    pub down: bool,
    /// Answer at most this many rows per pull (the real limit is far larger).
    pub page: Option<usize>,
    /// Go down after answering this many more pulls.
    pub pulls_left: Option<u32>,
}

pub type Shared = Arc<Mutex<Team>>;

pub struct Fake {
    pub url: String,
    pub team: Shared,
}

const SALT: &str = "fake-salt";

fn err(status: StatusCode, kind: &str, message: &str) -> (StatusCode, Json<Value>) {
    (status, Json(json!({"kind": kind, "message": message})))
}

type Answer = Result<Json<Value>, (StatusCode, Json<Value>)>;

fn lock(t: &Shared) -> std::sync::MutexGuard<'_, Team> {
    t.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn member_of(t: &Team, headers: &HeaderMap) -> Result<String, (StatusCode, Json<Value>)> {
    if t.down {
        return Err(err(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "down"));
    }
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    t.tokens
        .get(token)
        .cloned()
        .ok_or_else(|| err(StatusCode::UNAUTHORIZED, "unauthorized", "unknown token"))
}

/// The stand-in's clock stands still at zero, so the devices' fixed clocks decide.
fn clock() -> String {
    Hlc {
        wall_ms: 0,
        counter: 0,
        node: "server".into(),
    }
    .to_string()
}

fn info(t: &Team, me: &str) -> TeamInfo {
    TeamInfo {
        id: "0".repeat(32),
        name: "Fake team".into(),
        salt: SALT.into(),
        me: t
            .members
            .iter()
            .find(|m| m.id == me)
            .cloned()
            .unwrap_or_else(|| t.members[0].clone()),
        members: t.members.clone(),
    }
}

async fn join(State(t): State<Shared>, Json(body): Json<Value>) -> Answer {
    let mut t = lock(&t);
    if t.down {
        return Err(err(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "down"));
    }
    let invite = body["invite"].as_str().unwrap_or_default();
    if invite == "expired" {
        // As the real server refuses an invitation: 401, with its reason.
        return Err(err(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this invitation expired: ask the admin for a new one",
        ));
    }
    if invite != "good" {
        return Err(err(
            StatusCode::BAD_REQUEST,
            "invalid_input",
            "this invitation code is unknown or used",
        ));
    }
    let n = t.members.len() + 1;
    let id = format!("m{n}");
    let token = format!("token-{n}");
    t.members.push(MemberInfo {
        id: id.clone(),
        name: body["device"].as_str().unwrap_or("device").to_string(),
        admin: n == 1,
        share_level: ShareLevel::Band,
        person: None,
        joined_at: Utc::now(),
        last_sync_at: None,
    });
    t.tokens.insert(token.clone(), id.clone());
    let joined = Joined {
        team: info(&t, &id),
        token,
    };
    Ok(Json(serde_json::to_value(joined).unwrap_or_default()))
}

async fn me(State(t): State<Shared>, headers: HeaderMap) -> Answer {
    let t = lock(&t);
    let me = member_of(&t, &headers)?;
    Ok(Json(
        serde_json::to_value(info(&t, &me)).unwrap_or_default(),
    ))
}

async fn ok(State(t): State<Shared>, headers: HeaderMap) -> Answer {
    let t = lock(&t);
    member_of(&t, &headers)?;
    Ok(Json(json!({})))
}

fn owner(entity: Entity, me: &str) -> String {
    match entity {
        Entity::Knows | Entity::Ask => me.to_string(),
        _ => String::new(),
    }
}

async fn push(State(t): State<Shared>, headers: HeaderMap, Json(req): Json<PushRequest>) -> Answer {
    let mut t = lock(&t);
    let me = member_of(&t, &headers)?;
    let mut resp = PushResponse {
        applied: vec![],
        conflicts: vec![],
        matched: vec![],
        clock: clock(),
    };
    for c in req.changes {
        t.received
            .push(serde_json::to_string(&c).unwrap_or_default());
        if let Err(e) = validate_change(&c) {
            return Err(err(
                StatusCode::BAD_REQUEST,
                "invalid_input",
                &e.to_string(),
            ));
        }
        if t.applied.contains(&c.id) {
            resp.applied.push(c.id.clone());
            continue;
        }
        let mut key = c.key.clone();
        if c.entity == Entity::Person
            && !t
                .rows
                .contains_key(&(Entity::Person, key.clone(), String::new()))
            && let Some(keys) = c.fields.get("match_keys").and_then(Value::as_array)
        {
            let found = t.rows.iter().find(|((e, _, _), (_, f))| {
                *e == Entity::Person
                    && f.get("match_keys")
                        .and_then(|(v, _, _)| v.as_array())
                        .is_some_and(|theirs| theirs.iter().any(|k| keys.contains(k)))
            });
            if let Some(((_, team_key, _), _)) = found {
                resp.matched.push(Matched {
                    entity: Entity::Person,
                    key: key.clone(),
                    team_key: team_key.clone(),
                });
                key = team_key.clone();
            }
        }
        t.seq += 1;
        let seq = t.seq;
        let row = t
            .rows
            .entry((c.entity, key.clone(), owner(c.entity, &me)))
            .or_insert_with(|| (seq, BTreeMap::new()));
        row.0 = seq;
        for (field, value) in &c.fields {
            match row.1.get(field) {
                Some((theirs, hlc, by)) if *hlc > c.hlc => resp.conflicts.push(Conflict {
                    change_id: c.id.clone(),
                    entity: c.entity,
                    key: key.clone(),
                    field: field.clone(),
                    yours: value.clone(),
                    theirs: theirs.clone(),
                    theirs_hlc: hlc.clone(),
                    by: by.clone(),
                }),
                _ => {
                    row.1
                        .insert(field.clone(), (value.clone(), c.hlc.clone(), me.clone()));
                }
            }
        }
        t.applied.insert(c.id.clone());
        resp.applied.push(c.id);
    }
    Ok(Json(serde_json::to_value(resp).unwrap_or_default()))
}

async fn pull(State(t): State<Shared>, headers: HeaderMap, Json(req): Json<PullRequest>) -> Answer {
    let mut t = lock(&t);
    member_of(&t, &headers)?;
    if let Some(left) = t.pulls_left {
        if left == 0 {
            t.down = true;
            return Err(err(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "down"));
        }
        t.pulls_left = Some(left - 1);
    }
    let limit = t.page.unwrap_or(usize::MAX).min(req.limit as usize);
    let mut rows: Vec<PulledRow> = t
        .rows
        .iter()
        .filter(|(_, (seq, _))| *seq > req.since)
        .map(|((entity, key, member), (seq, fields))| PulledRow {
            seq: *seq,
            entity: *entity,
            key: key.clone(),
            member: (!member.is_empty()).then(|| member.clone()),
            fields: fields
                .iter()
                .map(|(f, (v, h, _))| {
                    (
                        f.clone(),
                        Stamped {
                            value: v.clone(),
                            hlc: h.clone(),
                        },
                    )
                })
                .collect(),
        })
        .collect();
    rows.sort_by_key(|r| r.seq);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = rows.last().map_or(req.since, |r| r.seq);
    Ok(Json(
        serde_json::to_value(PullResponse {
            rows,
            next,
            more,
            clock: clock(),
        })
        .unwrap_or_default(),
    ))
}

impl Fake {
    /// Starts the stand-in on a free loopback port, on its own thread (for the test's life).
    pub fn start() -> Result<Fake, Box<dyn std::error::Error>> {
        let team: Shared = Arc::default();
        let app = Router::new()
            .route("/v1/join", post(join))
            .route("/v1/me", get(me))
            .route("/v1/push", post(push))
            .route("/v1/pull", post(pull))
            .route("/v1/share", post(ok))
            .route("/v1/leave", post(ok))
            .with_state(team.clone());
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let url = format!("http://{}", listener.local_addr()?);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::spawn(move || {
            rt.block_on(async move {
                if let Ok(l) = tokio::net::TcpListener::from_std(listener) {
                    let _ = axum::serve(l, app).await;
                }
            });
        });
        Ok(Fake { url, team })
    }

    pub fn received(&self) -> Vec<String> {
        lock(&self.team).received.clone()
    }

    pub fn set_down(&self, down: bool) {
        lock(&self.team).down = down;
    }

    /// Pulls answer `page` rows at a time, and the server goes down after `pulls` pulls.
    pub fn set_paging(&self, page: usize, pulls: Option<u32>) {
        let mut t = lock(&self.team);
        t.page = Some(page);
        t.pulls_left = pulls;
    }

    /// The team's current value of a field of the shared record (entity, key).
    pub fn value(&self, entity: Entity, key: &str, field: &str) -> Option<Value> {
        lock(&self.team)
            .rows
            .get(&(entity, key.to_string(), String::new()))
            .and_then(|(_, f)| f.get(field))
            .map(|(v, _, _)| v.clone())
    }

    /// The keys of the team's people named `name`.
    pub fn people_named(&self, name: &str) -> Vec<String> {
        lock(&self.team)
            .rows
            .iter()
            .filter(|((e, _, _), (_, f))| {
                *e == Entity::Person
                    && f.get("name")
                        .is_some_and(|(v, _, _)| v.as_str() == Some(name))
            })
            .map(|((_, k, _), _)| k.clone())
            .collect()
    }
}

/// A change as the stand-in received it.
pub fn parse(json: &str) -> Option<Change> {
    serde_json::from_str(json).ok()
}
