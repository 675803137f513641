//! The team server at scale (scripts/bench.sh team): 100 members × 10,000 contacts each
//! (1,000,000 people, 2,000,000 "knows" rows: each member knows their own 10,000 and 10,000
//! of a teammate's), 1,000 organizations, 100 target accounts. Seeded with COPY as the
//! superuser (COPY FROM is refused under row-level security), then measured through HTTP
//! against the in-process server connected as the application role:
//!   * the first full pull of one member (every row, in pages of 10,000);
//!   * an incremental push of 1,000 changes and the pull that brings them to a teammate;
//!   * coverage of the 100 target accounts on the server, cold (graph loaded) and warm;
//!   * team paths into one organization.
//!
//! Needs `SPHERE_TEST_PG` and `SPHERE_TEST_PG_ADMIN` (scripts/servers.sh).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use futures_util::SinkExt;
use serde_json::{Value, json};
use sphere_domain::team::{Change, Entity, Joined, PullResponse, PushResponse};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const ORGS: usize = 1_000;
const TARGETS: usize = 100;

/// A size, from the environment for a quick run (BENCH_TEAM_MEMBERS, BENCH_TEAM_CONTACTS).
fn size(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn key(kind: u8, i: usize) -> String {
    format!("{kind:02x}{i:030x}")
}

fn var(n: &str) -> Result<String> {
    std::env::var(n)
        .map_err(|_| format!("{n} is not set: run this through scripts/bench.sh team").into())
}

struct Http {
    agent: ureq::Agent,
    base: String,
}

impl Http {
    fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Result<Value> {
        let mut r = self.agent.post(&format!("{}{path}", self.base));
        if let Some(t) = token {
            r = r.header("Authorization", &format!("Bearer {t}"));
        }
        let mut resp = r
            .header("Content-Type", "application/json")
            .send(serde_json::to_vec(body)?)?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()?;
        let v: Value = serde_json::from_str(&text)?;
        if status != 200 {
            return Err(format!("POST {path} answered {status}: {v}").into());
        }
        Ok(v)
    }
}

async fn copy(client: &tokio_postgres::Client, sql: &str, rows: String) -> Result<()> {
    let sink = client.copy_in(sql).await?;
    futures_util::pin_mut!(sink);
    sink.send(bytes::Bytes::from(rows)).await?;
    sink.finish().await?;
    Ok(())
}

fn stamp(node: &str) -> String {
    format!("{:018}.{:06}.{node}", 1_790_000_000_000i64, 0)
}

fn field(v: Value, h: &str) -> Value {
    json!({"value": v, "hlc": h})
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() -> Result<()> {
    #[allow(non_snake_case)]
    let (MEMBERS, CONTACTS) = (
        size("BENCH_TEAM_MEMBERS", 100),
        size("BENCH_TEAM_CONTACTS", 10_000),
    );
    let app_url = var("SPHERE_TEST_PG")?;
    let admin_url = var("SPHERE_TEST_PG_ADMIN")?;
    let rt = tokio::runtime::Runtime::new()?;
    let app = rt.block_on(sphere_team::App::open(&app_url))?;
    let (tx, rx) = std::sync::mpsc::channel();
    let served = app.clone();
    rt.spawn(async move {
        let opts = sphere_team::ServeOptions {
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: None,
        };
        let _ = sphere_team::serve(served, opts, move |a| {
            let _ = tx.send(a);
        })
        .await;
    });
    let addr = rx.recv_timeout(Duration::from_secs(30))?;
    let http = Http {
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(600)))
            .build()
            .into(),
        base: format!("http://{addr}"),
    };

    // The team and its members.
    let t = Instant::now();
    let (team, invite) = rt.block_on(app.init_team("Bench", "Member 0"))?;
    let first: Joined = serde_json::from_value(http.post(
        "/v1/join",
        None,
        &json!({"invite": invite.code, "device": "bench"}),
    )?)?;
    let mut members = vec![first];
    for m in 1..MEMBERS {
        let inv = http.post(
            "/v1/invite",
            Some(&members[0].token),
            &json!({"name": format!("Member {m}")}),
        )?;
        let code = inv["code"].as_str().ok_or("no code")?.to_string();
        members.push(serde_json::from_value(http.post(
            "/v1/join",
            None,
            &json!({"invite": code, "device": "bench"}),
        )?)?);
    }
    // Everyone shares bands.
    println!("team: {MEMBERS} members joined in {}", secs(t.elapsed()));

    // Seed with COPY (text format; the JSON has no tabs, newlines or backslashes).
    let t = Instant::now();
    rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls).await?;
        tokio::spawn(conn);
        let h = stamp("seed");
        let mut seq: i64 = 1_000_000_000;
        let mut rows = String::new();
        for o in 0..ORGS {
            seq += 1;
            let f = json!({"name": field(json!(format!("Org {o}")), &h), "domain": field(json!(format!("org{o}.example")), &h)});
            writeln!(rows, "{team}\t{}\t{f}\torg{o}.example\t{seq}", key(1, o))?;
        }
        copy(&c, "COPY organization (team_id, key, fields, domain, seq) FROM STDIN", rows).await?;
        let bands = ["strong", "medium", "weak"];
        for (m, member) in members.iter().enumerate() {
            let mut people = String::new();
            for i in 0..CONTACTS {
                let p = m * CONTACTS + i;
                seq += 1;
                let f = json!({
                    "name": field(json!(format!("Person {p}")), &h),
                    "title": field(json!(if p % 7 == 0 { "VP Sales" } else { "Engineer" }), &h),
                    "organization": field(json!(key(1, p % ORGS)), &h),
                });
                writeln!(people, "{team}\t{}\t{f}\t{seq}", key(2, p))?;
            }
            copy(&c, "COPY person (team_id, key, fields, seq) FROM STDIN", people).await?;
            let mut knows = String::new();
            let id = &member.team.me.id;
            let hm = stamp(id);
            for i in 0..CONTACTS {
                for p in [m * CONTACTS + i, ((m + 1) % MEMBERS) * CONTACTS + (i * 7919) % CONTACTS] {
                    seq += 1;
                    let f = if p % 10 == 0 {
                        json!({})
                    } else {
                        json!({
                            "band": field(json!(bands[p % 3]), &hm),
                            "last_two_way": field(json!(format!("2026-{:02}", 1 + p % 11)), &hm),
                        })
                    };
                    writeln!(knows, "{team}\t{id}\t{}\t{f}\t{seq}", key(2, p))?;
                }
            }
            copy(&c, "COPY knows (team_id, member_id, person_key, fields, seq) FROM STDIN ", knows).await?;
        }
        let mut targets = String::new();
        for o in 0..TARGETS {
            seq += 1;
            let f = json!({"tier": field(json!(1 + o % 3), &h)});
            writeln!(targets, "{team}\t{}\t{f}\t{seq}", key(1, o * (ORGS / TARGETS)))?;
        }
        copy(&c, "COPY target (team_id, key, fields, seq) FROM STDIN", targets).await?;
        c.execute("SELECT setval('team_seq', $1)", &[&seq]).await?;
        c.batch_execute("ANALYZE").await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    println!(
        "seed: {} people, {} knows, {ORGS} organizations, {TARGETS} targets with COPY in {}",
        MEMBERS * CONTACTS,
        2 * MEMBERS * CONTACTS,
        secs(t.elapsed())
    );

    // First full pull of one member.
    let reader = &members[1];
    let t = Instant::now();
    let (mut since, mut rows, mut pages) = (0i64, 0usize, 0usize);
    loop {
        let page: PullResponse = serde_json::from_value(http.post(
            "/v1/pull",
            Some(&reader.token),
            &json!({"since": since, "limit": 10_000}),
        )?)?;
        rows += page.rows.len();
        pages += 1;
        since = page.next;
        if !page.more {
            break;
        }
    }
    let full = t.elapsed();
    println!(
        "first full pull: {rows} rows in {pages} pages in {} ({:.0} rows/s)",
        secs(full),
        rows as f64 / full.as_secs_f64()
    );

    // Incremental: 1,000 changes pushed by one member, pulled by another.
    let writer = &members[0];
    let now = chrono::Utc::now().timestamp_millis();
    let changes: Vec<Change> = (0..1_000)
        .map(|i| {
            let (entity, fields) = if i % 2 == 0 {
                (Entity::Person, json!({"title": format!("Director {i}")}))
            } else {
                (
                    Entity::Knows,
                    json!({"band": "strong", "last_two_way": "2026-11"}),
                )
            };
            Change {
                id: format!("{:032x}", 0xbe00_0000u64 + i as u64),
                entity,
                key: key(2, (i * 13) % (MEMBERS * CONTACTS)),
                fields: serde_json::from_value(fields).unwrap_or_default(),
                hlc: format!("{now:018}.{i:06}.{}", writer.team.me.id),
            }
        })
        .collect();
    let t = Instant::now();
    let pushed: PushResponse = serde_json::from_value(http.post(
        "/v1/push",
        Some(&writer.token),
        &json!({"changes": changes}),
    )?)?;
    let push_time = t.elapsed();
    let t = Instant::now();
    let page: PullResponse = serde_json::from_value(http.post(
        "/v1/pull",
        Some(&reader.token),
        &json!({"since": since, "limit": 10_000}),
    )?)?;
    let pull_time = t.elapsed();
    println!(
        "incremental: push of {} changes in {}, pull of {} rows in {} (total {})",
        pushed.applied.len(),
        secs(push_time),
        page.rows.len(),
        secs(pull_time),
        secs(push_time + pull_time)
    );

    // Coverage of the 100 target accounts: cold (the graph is loaded) then warm.
    let t = Instant::now();
    let cold = http.post("/v1/coverage", Some(&reader.token), &json!({}))?;
    let cold_time = t.elapsed();
    let t = Instant::now();
    let warm = http.post("/v1/coverage", Some(&reader.token), &json!({}))?;
    let warm_time = t.elapsed();
    let accounts = warm["accounts"].as_array().map_or(0, Vec::len);
    assert_eq!(
        cold["accounts"], warm["accounts"],
        "the cache answers as a fresh load does"
    );
    println!(
        "coverage: {accounts} target accounts × {MEMBERS} members, cold (graph load) {}, warm {}",
        secs(cold_time),
        secs(warm_time)
    );

    // Team paths into one organization.
    let t = Instant::now();
    let paths = http.post(
        "/v1/paths",
        Some(&reader.token),
        &json!({"organization": key(1, 10), "limit": 10}),
    )?;
    println!(
        "paths: {} paths into one organization ({} people there) in {}",
        paths["paths"].as_array().map_or(0, Vec::len),
        paths["people"],
        secs(t.elapsed())
    );
    Ok(())
}
