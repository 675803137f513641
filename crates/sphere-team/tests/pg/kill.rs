//! The real `sphere team serve` killed with SIGKILL in the middle of a large push: after a
//! restart, pushing again gives exactly what one clean push gives.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use super::*;

/// `target/debug/sphere`, next to this test binary's `deps/` (built by `cargo build -p
/// sphere-cli`, or by `cargo test --workspace`).
fn sphere_bin() -> Result<std::path::PathBuf, Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?;
    let dir = exe
        .parent()
        .and_then(|d| d.parent())
        .ok_or("no target dir")?;
    let bin = dir.join("sphere");
    if !bin.is_file() {
        return Err(format!(
            "{} is missing: build it with `cargo build -p sphere-cli`",
            bin.display()
        )
        .into());
    }
    Ok(bin)
}

struct Served {
    child: Child,
    base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve() -> Result<Served, Box<dyn std::error::Error>> {
    let mut child = Command::new(sphere_bin()?)
        .args([
            "team",
            "serve",
            "--database-url",
            &pg_url(),
            "--listen",
            "127.0.0.1:0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let out = child.stdout.take().ok_or("no stdout")?;
    let mut line = String::new();
    BufReader::new(out).read_line(&mut line)?;
    let base = line.trim().to_string();
    if !base.starts_with("http://") {
        let _ = child.kill();
        return Err(format!("the server printed {line:?} instead of its address").into());
    }
    Ok(Served { child, base })
}

fn post(
    agent: &ureq::Agent,
    url: &str,
    token: &str,
    body: &Value,
) -> Result<(u16, Value), ureq::Error> {
    let mut r = agent
        .post(url)
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(body)?;
    let status = r.status().as_u16();
    Ok((status, r.body_mut().read_json().unwrap_or(Value::Null)))
}

/// The names of every person row a member pulls, by key.
fn people(
    agent: &ureq::Agent,
    base: &str,
    token: &str,
) -> Result<Vec<(String, Value)>, Box<dyn std::error::Error>> {
    let mut since = 0;
    let mut out = Vec::new();
    loop {
        let (status, v) = post(
            agent,
            &format!("{base}/v1/pull"),
            token,
            &json!({"since": since, "limit": 10_000}),
        )?;
        assert_eq!(status, 200, "{v}");
        let page: sphere_domain::team::PullResponse = serde_json::from_value(v)?;
        for r in page.rows {
            if r.entity.as_str() == "person" {
                out.push((
                    r.key,
                    r.fields
                        .get("name")
                        .map(|s| s.value.clone())
                        .unwrap_or(Value::Null),
                ));
            }
        }
        since = page.next;
        if !page.more {
            break;
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_server_killed_mid_push_leaves_nothing_half_written() -> TestResult {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let rt = tokio::runtime::Runtime::new()?;
    let app = rt.block_on(App::open(&pg_url()))?;
    let (_, invite) = rt.block_on(app.init_team("Killed", "Ana"))?;
    let first = serve()?;
    let (status, joined) = post(
        &agent,
        &format!("{}/v1/join", first.base),
        "",
        &json!({"invite": invite.code, "device": "a"}),
    )?;
    assert_eq!(status, 200, "{joined}");
    let ana: Joined = serde_json::from_value(joined)?;
    let now = chrono::Utc::now().timestamp_millis();
    let changes: Vec<Change> = (0..5_000)
        .map(|i| {
            change(
                &ana,
                "person",
                &key(),
                now,
                json!({"name": format!("Person {i}"), "match_keys": [format!("mk-{}", key())]}),
            )
        })
        .collect();
    let body = serde_json::to_value(PushRequest {
        changes: changes.clone(),
    })?;

    // Send the push, and kill the server once its transaction is open in PostgreSQL.
    let url = format!("{}/v1/push", first.base);
    let token = ana.token.clone();
    let sender = {
        let agent = agent.clone();
        let body = body.clone();
        std::thread::spawn(move || post(&agent, &url, &token, &body).map(|(s, _)| s).ok())
    };
    let admin = rt.block_on(async {
        let (c, conn) = tokio_postgres::connect(&pg_admin_url(), tokio_postgres::NoTls).await?;
        tokio::spawn(conn);
        Ok::<_, tokio_postgres::Error>(c)
    })?;
    let started = Instant::now();
    let mut mid = false;
    while started.elapsed() < Duration::from_secs(60) {
        let written: i64 = rt.block_on(admin.query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = 'sphere_app' AND xact_start IS NOT NULL \
             AND query LIKE '%applied_change%'",
            &[],
        ))?.get(0);
        if written > 0 {
            mid = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(mid, "the push never reached the database");
    std::thread::sleep(Duration::from_millis(200));
    drop(first); // SIGKILL
    let answered = sender.join().map_err(|_| "the sender panicked")?;
    assert_ne!(
        answered,
        Some(200),
        "the push was killed before it answered"
    );

    let second = serve()?;
    let after_kill = people(&agent, &second.base, &ana.token)?;
    assert!(
        after_kill.is_empty(),
        "a killed push leaves no partial transaction: {} rows",
        after_kill.len()
    );
    // The device retries (twice: a second retry is harmless too).
    for attempt in 1..=2 {
        let url = format!("{}/v1/push", second.base);
        let (status, v) = post(&agent, &url, &ana.token, &body)?;
        assert_eq!(status, 200, "retry {attempt}: {v}");
    }
    let got = people(&agent, &second.base, &ana.token)?;
    let mut want: Vec<(String, Value)> = changes
        .iter()
        .map(|c| (c.key.clone(), c.fields["name"].clone()))
        .collect();
    want.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got.len(), 5_000, "every person once, none twice");
    assert_eq!(
        got, want,
        "the team holds exactly what one clean push gives"
    );
    Ok(())
}
