//! The team server against a real PostgreSQL (scripts/servers.sh starts one; `SPHERE_TEST_PG`
//! is the application role's URL, `SPHERE_TEST_PG_ADMIN` the superuser's). Each test makes its
//! own teams, so they run side by side on one database. The server runs in-process on
//! 127.0.0.1:0 with a fixed clock; the tests speak HTTP to it like a device would.

mod coverage;
mod kill;
mod own;
mod rls;
mod sync;
mod tls;

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use sphere_domain::team::{Change, Joined, PullRequest, PullResponse, PushRequest, PushResponse};
use sphere_team::{App, ServeOptions};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub const NEEDS_PG: &str = "needs PostgreSQL (scripts/servers.sh)";

/// 2026-12-01T09:00:00Z, the tests' "now".
pub const T0_MS: i64 = 1_796_115_600_000;

pub fn pg_url() -> String {
    std::env::var("SPHERE_TEST_PG").expect(
        "SPHERE_TEST_PG is not set: start PostgreSQL with scripts/servers.sh and source DIR/env",
    )
}

pub fn pg_admin_url() -> String {
    std::env::var("SPHERE_TEST_PG_ADMIN")
        .expect("SPHERE_TEST_PG_ADMIN is not set: start PostgreSQL with scripts/servers.sh and source DIR/env")
}

/// A server on a free loopback port, with its own runtime and a clock the test moves.
pub struct Server {
    pub base: String,
    pub now_ms: Arc<AtomicI64>,
    pub app: Arc<App>,
    pub rt: tokio::runtime::Runtime,
    agent: ureq::Agent,
}

impl Server {
    pub fn start() -> Result<Self, Box<dyn std::error::Error>> {
        let rt = tokio::runtime::Runtime::new()?;
        let now_ms = Arc::new(AtomicI64::new(T0_MS));
        let clock = now_ms.clone();
        let app = rt.block_on(App::open_with_clock(
            &pg_url(),
            Box::new(move || {
                chrono::DateTime::from_timestamp_millis(clock.load(Ordering::SeqCst))
                    .unwrap_or_default()
            }),
        ))?;
        let (tx, rx) = std::sync::mpsc::channel();
        let served = app.clone();
        rt.spawn(async move {
            let opts = ServeOptions {
                listen: "127.0.0.1:0"
                    .parse()
                    .unwrap_or(std::net::SocketAddr::from(([127, 0, 0, 1], 0))),
                tls: None,
            };
            let r = sphere_team::serve(served, opts, |addr| {
                let _ = tx.send(addr);
            })
            .await;
            if let Err(e) = r {
                eprintln!("server: {e}");
            }
        });
        let addr = rx.recv_timeout(std::time::Duration::from_secs(30))?;
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Self {
            base: format!("http://{addr}"),
            now_ms,
            app,
            rt,
            agent,
        })
    }

    pub fn advance_ms(&self, ms: i64) {
        self.now_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// A new team and its admin's invitation code.
    pub fn team(
        &self,
        name: &str,
        admin: &str,
    ) -> Result<(String, String), Box<dyn std::error::Error>> {
        let (id, invite) = self.rt.block_on(self.app.init_team(name, admin))?;
        Ok((id, invite.code))
    }

    /// Any request: the status and the JSON answer.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&impl Serialize>,
    ) -> Result<(u16, Value), Box<dyn std::error::Error>> {
        let url = format!("{}{path}", self.base);
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut resp = if method == "GET" {
            let mut r = self.agent.get(&url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            r.call()?
        } else {
            let mut r = self.agent.post(&url);
            if let Some(a) = &auth {
                r = r.header("Authorization", a);
            }
            match body {
                Some(b) => r.send_json(b)?,
                None => r.send_empty()?,
            }
        };
        let status = resp.status().as_u16();
        let v: Value = resp.body_mut().read_json().unwrap_or(Value::Null);
        Ok((status, v))
    }

    /// A request that must succeed, its answer typed.
    pub fn ok<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&impl Serialize>,
    ) -> Result<T, Box<dyn std::error::Error>> {
        let (status, v) = self.call(method, path, token, body)?;
        if status != 200 {
            return Err(format!("{method} {path} answered {status}: {v}").into());
        }
        Ok(serde_json::from_value(v)?)
    }

    pub fn join(&self, invite: &str, device: &str) -> Result<Joined, Box<dyn std::error::Error>> {
        self.ok(
            "POST",
            "/v1/join",
            None,
            Some(&json!({"invite": invite, "device": device})),
        )
    }

    /// A member of a team: joins with a fresh invitation from `admin`.
    pub fn invite_join(
        &self,
        admin: &Joined,
        name: &str,
    ) -> Result<Joined, Box<dyn std::error::Error>> {
        let inv: sphere_domain::team::Invite = self.ok(
            "POST",
            "/v1/invite",
            Some(&admin.token),
            Some(&json!({"name": name})),
        )?;
        self.join(&inv.code, &format!("{name}'s laptop"))
    }

    pub fn push(
        &self,
        m: &Joined,
        changes: Vec<Change>,
    ) -> Result<PushResponse, Box<dyn std::error::Error>> {
        self.ok(
            "POST",
            "/v1/push",
            Some(&m.token),
            Some(&PushRequest { changes }),
        )
    }

    /// Every row after `since`, page by page.
    pub fn pull_all(
        &self,
        m: &Joined,
        since: i64,
    ) -> Result<(Vec<sphere_domain::team::PulledRow>, i64), Box<dyn std::error::Error>> {
        let mut rows = Vec::new();
        let mut since = since;
        loop {
            let page: PullResponse = self.ok(
                "POST",
                "/v1/pull",
                Some(&m.token),
                Some(&PullRequest { since, limit: 500 }),
            )?;
            rows.extend(page.rows);
            since = page.next;
            if !page.more {
                return Ok((rows, since));
            }
        }
    }
}

/// A random key of the protocol.
pub fn key() -> String {
    sphere_team::members::new_key()
}

/// A change by member `m` at `wall_ms`.
pub fn change(m: &Joined, entity: &str, key: &str, wall_ms: i64, fields: Value) -> Change {
    Change {
        id: self::key(),
        entity: sphere_domain::team::Entity::parse(entity)
            .unwrap_or(sphere_domain::team::Entity::Person),
        key: key.to_string(),
        fields: serde_json::from_value(fields).unwrap_or_default(),
        hlc: format!("{wall_ms:018}.{:06}.{}", 0, m.team.me.id),
    }
}
