//! Several processes on one database file: a long-running `sphere serve` answers from its
//! in-memory graph, and must see what the `sphere` CLI (separate processes), another `Sphere`
//! in this process, or a plain SQLite connection wrote, at the next command, without a
//! restart. No sleeps: every write is committed before the next request is sent, and each
//! command catches up before it answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// `sphere --json ARGS` on `db`, which must succeed; its JSON answer.
fn cli(db: &Path, args: &[&str]) -> Fallible<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_sphere"))
        .env("SPHERE_DB", db)
        .arg("--json")
        .args(args)
        .output()?;
    let stdout = String::from_utf8(out.stdout)?;
    assert!(
        out.status.success(),
        "`sphere {}` failed: {stdout}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_str(&stdout)?)
}

fn id_of(v: &Value) -> Fallible<i64> {
    v["id"]
        .as_i64()
        .ok_or_else(|| format!("no id in {v}").into())
}

/// A real `sphere serve` on a free loopback port; killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub(crate) addr: String,
    pub(crate) token: String,
}

impl Server {
    pub(crate) fn start(db: &Path) -> Fallible<Self> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sphere"))
            .env("SPHERE_DB", db)
            .args(["serve", "--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        // The first line is the link with the token; wait for it, for a bounded time.
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("the server printed no link within 60 s: {e}").into());
            }
        };
        let parsed = line
            .trim()
            .strip_prefix("http://")
            .and_then(|rest| rest.split_once("/?token="))
            .map(|(addr, token)| (addr.to_string(), token.to_string()));
        let Some((addr, token)) = parsed else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("not a link: {line:?}").into());
        };
        Ok(Self { child, addr, token })
    }

    /// `POST /api/<command>` with the token: the status and the JSON answer.
    pub(crate) fn call(&self, command: &str, body: &Value) -> Fallible<(u16, Value)> {
        post(&self.addr, &self.token, command, body)
    }

    /// A command that must succeed.
    fn ok(&self, command: &str, body: &Value) -> Fallible<Value> {
        let (status, answer) = self.call(command, body)?;
        assert_eq!(status, 200, "`{command}` {body}: {answer}");
        Ok(answer)
    }

    /// The paths to `person`, each as the ids of its people.
    fn paths_to(&self, person: i64) -> Fallible<Vec<Vec<i64>>> {
        let answer = self.ok("path_find", &json!({"to_person": person, "k": 5}))?;
        let paths = answer["paths"].as_array().ok_or("no paths")?;
        Ok(paths
            .iter()
            .map(|p| {
                p["people"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r["id"].as_i64())
                    .collect()
            })
            .collect())
    }

    /// How many people and ties the sphere view draws.
    fn view(&self) -> Fallible<(usize, usize)> {
        let v = self.ok("sphere_view", &json!({}))?;
        let n = |k: &str| v[k].as_array().map_or(0, Vec::len);
        Ok((n("people"), n("ties")))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `POST /api/<command>` to the server at `addr` with `token`: the status and the JSON answer.
pub(crate) fn post(addr: &str, token: &str, command: &str, body: &Value) -> Fallible<(u16, Value)> {
    let body = body.to_string();
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        stream,
        "POST /api/{command} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8(raw)?;
    let (head, payload) = text.split_once("\r\n\r\n").ok_or("no end of headers")?;
    let status: u16 = head.split(' ').nth(1).ok_or("no status")?.parse()?;
    let chunked = head
        .lines()
        .any(|l| l.eq_ignore_ascii_case("transfer-encoding: chunked"));
    let payload = if chunked {
        dechunk(payload)?
    } else {
        payload.to_string()
    };
    Ok((status, serde_json::from_str(&payload)?))
}

fn dechunk(mut s: &str) -> Fallible<String> {
    let mut out = String::new();
    loop {
        let (size, rest) = s.split_once("\r\n").ok_or("bad chunk")?;
        let size = usize::from_str_radix(size.trim(), 16)?;
        if size == 0 {
            return Ok(out);
        }
        out.push_str(rest.get(..size).ok_or("short chunk")?);
        s = rest.get(size + 2..).ok_or("short chunk")?;
    }
}

/// A LinkedIn connections export of `n` people, numbered from `from`.
pub(crate) fn linkedin(from: usize, n: usize) -> String {
    let mut out =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in from..from + n {
        out.push_str(&format!(
            "Contact{i},Imported,https://www.linkedin.com/in/contact-{i},,Company {},Engineer,03 Jan 2024\n",
            i % 7
        ));
    }
    out
}

#[test]
fn a_running_server_sees_what_the_command_line_writes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("shared.db");
    let me = id_of(&cli(
        &db,
        &[
            "person", "add", "Ada", "--last", "Lovelace", "--ring", "centre",
        ],
    )?)?;
    let server = Server::start(&db)?;
    assert_eq!(server.view()?, (1, 0));

    // People and ties added by other processes: two ways to Linus.
    let grace = id_of(&cli(&db, &["person", "add", "Grace", "--last", "Hopper"])?)?;
    let linus = id_of(&cli(
        &db,
        &["person", "add", "Linus", "--last", "Torvalds"],
    )?)?;
    let margaret = id_of(&cli(
        &db,
        &["person", "add", "Margaret", "--last", "Hamilton"],
    )?)?;
    cli(&db, &["tie", "add", "Ada", "Grace", "--kind", "friend"])?;
    cli(
        &db,
        &["tie", "add", "Grace", "Linus", "--kind", "colleague"],
    )?;
    cli(&db, &["tie", "add", "Ada", "Margaret", "--kind", "friend"])?;
    let last = cli(
        &db,
        &["tie", "add", "Margaret", "Linus", "--kind", "acquaintance"],
    )?;
    let mut paths = server.paths_to(linus)?;
    paths.sort();
    let mut expected = vec![vec![me, grace, linus], vec![me, margaret, linus]];
    expected.sort();
    assert_eq!(paths, expected, "both new paths, at once");
    assert_eq!(server.view()?, (4, 4));

    // A connector deleted by another process: no path through them, and no 404 for their
    // relationships.
    cli(&db, &["person", "rm", "Grace", "--yes"])?;
    assert_eq!(server.paths_to(linus)?, vec![vec![me, margaret, linus]]);
    assert_eq!(server.view()?, (3, 2));
    cli(&db, &["tie", "rm", &id_of(&last)?.to_string(), "--yes"])?;
    assert_eq!(server.paths_to(linus)?, Vec::<Vec<i64>>::new());
    assert_eq!(server.view()?, (3, 1));

    // Imports, large and small (bulk writes: they log "everything", and the server rebuilds).
    for (file, from, n) in [("big.csv", 0, 1_200), ("small.csv", 1_200, 5)] {
        let path = dir.path().join(file);
        std::fs::write(&path, linkedin(from, n))?;
        let done = cli(&db, &["import", &path.to_string_lossy(), "--commit"])?;
        assert_eq!(done["people_created"], n, "{done}");
    }
    assert_eq!(server.view()?, (3 + 1_205, 1 + 1_205));
    let newest = cli(&db, &["person", "show", "Contact1204 Imported"])?;
    let newest = id_of(&newest["person"])?;
    assert_eq!(server.paths_to(newest)?, vec![vec![me, newest]]);

    // A plain SQLite connection, as a `sqlite3` shell would write: the triggers log it too.
    let raw = rusqlite::Connection::open(&db)?;
    raw.execute(
        "INSERT INTO relationship (person_a, person_b, kind, created_at, updated_at)
         VALUES (?1, ?2, 'friend', '2024-01-01T00:00:00.000000Z', '2024-01-01T00:00:00.000000Z')",
        [me.min(linus), me.max(linus)],
    )?;
    drop(raw);
    assert_eq!(server.paths_to(linus)?, vec![vec![me, linus]]);

    // The server's own writes still land, and the command line sees them.
    let ok = server.ok("person_create", &json!({"first_name": "Served"}))?;
    let shown = cli(&db, &["person", "show", &id_of(&ok)?.to_string()])?;
    assert_eq!(shown["person"]["first_name"], "Served");
    assert_eq!(server.view()?, (3 + 1_205 + 1, 1 + 1_205 + 1));
    Ok(())
}

/// Two `Sphere`s on one file, as the desktop app and `sphere serve` would be.
fn two(dir: &tempfile::TempDir) -> Result<(Sphere, Sphere), ApiError> {
    let path = dir.path().join("two.db");
    Ok((Sphere::open(&path)?, Sphere::open(&path)?))
}

fn person(s: &Sphere, first: &str) -> Result<Person, ApiError> {
    s.person_create(PersonInput {
        first_name: first.into(),
        ..Default::default()
    })
}

fn tie(s: &Sphere, a: &Person, b: &Person) -> Result<Relationship, ApiError> {
    s.tie_create(RelationshipInput {
        person_a: a.id,
        person_b: b.id,
        kind: TieKind::Friend,
        since: None,
        how_met: None,
        strength_override: None,
        override_reason: None,
    })
}

fn path_ids(s: &Sphere, to: i64) -> Result<Vec<Vec<i64>>, ApiError> {
    Ok(s.path_find(PathQuery {
        to_person: Some(to),
        ..Default::default()
    })?
    .paths
    .iter()
    .map(|p| p.people.iter().map(|r| r.id).collect())
    .collect())
}

#[test]
fn another_sphere_on_the_same_file_keeps_the_graph_rings_and_asks_in_step() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (server, desktop) = two(&dir)?;
    let me = server.person_create(PersonInput {
        first_name: "Ada".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let (b, c) = (person(&desktop, "Bea")?, person(&desktop, "Cy")?);
    tie(&desktop, &me, &b)?;
    tie(&desktop, &b, &c)?;
    assert_eq!(path_ids(&server, c.id)?, vec![vec![me.id, b.id, c.id]]);
    // The rings the other process derived are the ones this one derives.
    let view = server.sphere_view(Empty {})?;
    let ring = |id| view.people.iter().find(|p| p.id == id).map(|p| p.ring);
    assert_eq!(
        (ring(b.id), ring(c.id)),
        (Some(Ring::Outer), Some(Ring::Beyond))
    );

    // An introduction request logged elsewhere counts against the connector here.
    let before = server.path_find(PathQuery {
        to_person: Some(c.id),
        ..Default::default()
    })?;
    desktop.interaction_log(InteractionInput {
        occurred_at: chrono::Utc::now() - chrono::Duration::days(1),
        kind: InteractionKind::IntroRequest,
        participants: vec![me.id, b.id],
        initiator_id: Some(me.id),
        note: None,
        outcome: None,
    })?;
    let after = server.path_find(PathQuery {
        to_person: Some(c.id),
        ..Default::default()
    })?;
    // (The request is also a logged interaction, so the tie's own strength may grow a little:
    // what must show here is the penalty for the ask made elsewhere.)
    assert_eq!(
        after.paths[0].hops[0].recent_asks, 1,
        "the ask is seen here"
    );
    assert!(
        after.paths[0].strength < after.paths[0].tie_strength,
        "the ask lowers the path: {} below its ties' {} (before the ask: {})",
        after.paths[0].strength,
        after.paths[0].tie_strength,
        before.paths[0].strength
    );

    // An organization deleted elsewhere takes its people with it here: a new organization
    // (which gets the deleted one's id: SQLite reuses the largest rowid) has nobody.
    let org = desktop.org_create(OrganizationInput {
        name: "Acme".into(),
        ..Default::default()
    })?;
    desktop.person_update(PersonUpdate {
        id: c.id,
        person: PersonInput {
            first_name: "Cy".into(),
            organization_id: Some(org.id),
            ..Default::default()
        },
    })?;
    let to_org = |s: &Sphere, id: i64| -> Result<usize, ApiError> {
        Ok(s.path_find(PathQuery {
            to_organization: Some(id),
            ..Default::default()
        })?
        .paths
        .len())
    };
    assert_eq!(to_org(&server, org.id)?, 1);
    desktop.org_delete(IdRequest { id: org.id })?;
    let again = desktop.org_create(OrganizationInput {
        name: "Globex".into(),
        ..Default::default()
    })?;
    assert_eq!(
        again.id, org.id,
        "the id is reused, so a stale graph would answer 1"
    );
    assert_eq!(to_org(&server, again.id)?, 0);

    // A new half-life elsewhere revalues every strength here.
    desktop.settings_update(SettingsInput {
        half_life_days: Some(30.0),
        ..Default::default()
    })?;
    assert_eq!(server.settings_get(Empty {})?.half_life_days, 30.0);
    // (Each values strengths at its own "now": a few milliseconds apart.)
    let (here, there) = (server.tie_strengths()?, desktop.tie_strengths()?);
    assert_eq!(here.len(), there.len());
    for (h, t) in here.iter().zip(&there) {
        assert_eq!((h.0, h.1, h.2), (t.0, t.1, t.2));
        assert!((h.3 - t.3).abs() < 1e-6, "{h:?} here, {t:?} there");
    }
    Ok(())
}
