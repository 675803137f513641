//! The real team server for the tests: `sphere_team` in-process on loopback over a real
//! PostgreSQL (`scripts/servers.sh`; `SPHERE_TEST_PG` is the application role's URL,
//! `SPHERE_TEST_PG_ADMIN` the superuser's). Every test makes its own team, so the tests run
//! in parallel on one database.

use std::net::SocketAddr;
use std::sync::Arc;

use serde_json::Value;
use sphere_api::*;
use sphere_team::{App, ServeOptions};

use super::*;

pub fn env(name: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::var(name).map_err(|_| {
        format!("{name} is not set: start PostgreSQL with scripts/servers.sh and source DIR/env")
            .into()
    })
}

/// The team server on a free loopback port, its clock fixed at [`t0`].
pub struct Server {
    pub url: String,
    pub addr: SocketAddr,
    app: Arc<App>,
    rt: tokio::runtime::Runtime,
}

impl Server {
    pub fn start() -> Result<Server, Box<dyn std::error::Error>> {
        Server::start_at(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The server on `listen` (to bring a stopped server back where devices look for it).
    pub fn start_at(listen: SocketAddr) -> Result<Server, Box<dyn std::error::Error>> {
        let rt = tokio::runtime::Runtime::new()?;
        let app = rt.block_on(App::open_with_clock(&env("SPHERE_TEST_PG")?, Box::new(t0)))?;
        let (tx, rx) = std::sync::mpsc::channel();
        let served = app.clone();
        rt.spawn(async move {
            let opts = ServeOptions { listen, tls: None };
            let _ = sphere_team::serve(served, opts, move |addr| {
                let _ = tx.send(addr);
            })
            .await;
        });
        let addr = rx.recv_timeout(std::time::Duration::from_secs(30))?;
        Ok(Server {
            url: format!("http://{addr}"),
            addr,
            app,
            rt,
        })
    }

    /// A new team (named uniquely) and its admin's invitation code.
    pub fn team(&self, admin: &str) -> Result<String, Box<dyn std::error::Error>> {
        Ok(self.new_team(admin)?.1)
    }

    /// A new team: its id and its admin's invitation code.
    pub fn new_team(&self, admin: &str) -> Result<(String, String), Box<dyn std::error::Error>> {
        let name = format!("Team {}", rand::random::<u32>());
        let (id, invite) = self.rt.block_on(self.app.init_team(&name, admin))?;
        Ok((id, invite.code))
    }

    /// Every row of every table of the team server's database, as JSON text, read as the
    /// superuser (row-level security does not hold it back).
    pub fn everything(&self) -> Result<Vec<(String, String)>, Box<dyn std::error::Error>> {
        let url = env("SPHERE_TEST_PG_ADMIN")?;
        self.rt.block_on(async move {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await?;
            tokio::spawn(conn);
            let tables = client
                .query(
                    "SELECT table_name::text FROM information_schema.tables
                      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
                    &[],
                )
                .await?;
            let mut out = Vec::new();
            for t in tables {
                let name: String = t.get(0);
                let sql = format!(
                    "SELECT row_to_json(t)::text FROM public.\"{}\" t",
                    name.replace('"', "\"\"")
                );
                for r in client.query(sql.as_str(), &[]).await? {
                    out.push((name.clone(), r.get::<_, String>(0)));
                }
            }
            Ok::<_, Box<dyn std::error::Error>>(out)
        })
    }
}

pub fn join_with(d: &Device, server: &str, code: &str) -> Result<TeamStatus, ApiError> {
    d.team_join(TeamJoinRequest {
        server: server.into(),
        invite: code.into(),
        device: Some("laptop".into()),
    })
}

impl Server {
    /// The value the team holds for `field` of the row of `table` whose key (a knows row: the
    /// person's key) is `key`, read as the superuser; `None` when there is no such row or
    /// field. Keys are random, so the row is this test's.
    pub fn value(
        &self,
        table: &str,
        key: &str,
        field: &str,
    ) -> Result<Option<Value>, Box<dyn std::error::Error>> {
        let column = if table == "knows" {
            "person_key"
        } else {
            "key"
        };
        let sql = format!("SELECT fields::text FROM public.\"{table}\" WHERE {column} = $1");
        let url = env("SPHERE_TEST_PG_ADMIN")?;
        let key = key.to_string();
        let field = field.to_string();
        self.rt.block_on(async move {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await?;
            tokio::spawn(conn);
            let row = client.query_opt(sql.as_str(), &[&key]).await?;
            let Some(row) = row else {
                return Ok(None);
            };
            let fields: Value = serde_json::from_str(&row.get::<_, String>(0))?;
            Ok::<_, Box<dyn std::error::Error>>(
                fields.get(&field).and_then(|f| f.get("value")).cloned(),
            )
        })
    }

    /// How many people on the team's record (this test's team) carry `name`.
    pub fn people_named(
        &self,
        team: &str,
        name: &str,
    ) -> Result<usize, Box<dyn std::error::Error>> {
        let url = env("SPHERE_TEST_PG_ADMIN")?;
        let name = Value::String(name.to_string()).to_string();
        let team = team.to_string();
        self.rt.block_on(async move {
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls).await?;
            tokio::spawn(conn);
            let n: i64 = client
                .query_one(
                    "SELECT count(*) FROM person WHERE team_id = $1 \
                     AND fields->'name'->'value' = $2::text::jsonb \
                     AND NOT coalesce((fields->'deleted'->>'value')::boolean, false)",
                    &[&team, &name],
                )
                .await?
                .get(0);
            Ok::<_, Box<dyn std::error::Error>>(n as usize)
        })
    }
}
