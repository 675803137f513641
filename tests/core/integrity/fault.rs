//! The fault suite. `kill -9` during every kind of write (each import format, the demo, the
//! generator, a backup restore, taking and restoring a snapshot, an import through
//! `sphere serve`) at several moments, then: `PRAGMA integrity_check` is ok, the records are
//! all or nothing (the counts of before or of after, nothing in between), and Sphere opens
//! the file sound. And page-level damage (one 4 KiB page zeroed or scrambled at offsets
//! across the file, the file truncated or emptied) is detected: the file opens read-only
//! with the message, or is refused, and never written to.
//!
//! The normal test run takes [`DEFAULT_MOMENTS`] moments per kind; `scripts/fault.sh` sets
//! `SPHERE_FAULT_MOMENTS` higher and prints the figures.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Instant;

use serde_json::json;
use sphere_api::*;

use super::*;
use crate::multiprocess::{Server, linkedin, post};

/// Kill moments per kind of write in the normal test run.
const DEFAULT_MOMENTS: usize = 3;

fn moments() -> usize {
    std::env::var("SPHERE_FAULT_MOMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(DEFAULT_MOMENTS)
}

/// A kind of write: the database it starts from (`base`), and how to start it.
struct Kind {
    name: &'static str,
    /// Makes the starting database in `dir` (closed); returns the files the command needs.
    base: fn(&Path) -> Fallible<PathBuf>,
    /// Starts the write on `db` (whose folder holds what `base` made).
    start: fn(&Path) -> Fallible<Running>,
}

/// A write under way: a `sphere` process, or a server and the request it is serving.
enum Running {
    Cli(Child),
    Serve(Server, std::thread::JoinHandle<()>),
}

impl Running {
    /// `kill -9`, then wait for it to be gone.
    fn kill(self) -> TestResult {
        match self {
            Running::Cli(mut child) => {
                child.kill()?;
                child.wait()?;
            }
            Running::Serve(server, request) => {
                drop(server);
                let _ = request.join();
            }
        }
        Ok(())
    }

    /// Waits for the write to finish by itself.
    fn finish(self) -> TestResult {
        match self {
            Running::Cli(child) => {
                let out = child.wait_with_output()?;
                assert!(
                    out.status.success(),
                    "the uninterrupted write failed: {}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            Running::Serve(server, request) => {
                let _ = request.join();
                drop(server);
            }
        }
        Ok(())
    }
}

fn spawn(db: &Path, args: &[&str]) -> Fallible<Running> {
    Ok(Running::Cli(
        sphere(db)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?,
    ))
}

fn db_in(dir: &Path) -> PathBuf {
    dir.join("sphere.db")
}

/// An empty, initialised database.
fn empty(dir: &Path) -> Fallible<PathBuf> {
    let db = db_in(dir);
    ok(&db, &["info"])?;
    Ok(db)
}

/// A database with only the user at the centre.
fn centred(dir: &Path) -> Fallible<PathBuf> {
    let db = db_in(dir);
    ok(
        &db,
        &[
            "person", "add", "Dana", "--last", "Reyes", "--ring", "centre",
        ],
    )?;
    Ok(db)
}

/// An interaction log of `n` rows between `people` people.
fn log_csv(n: usize, people: usize) -> String {
    let mut out = String::from("from,to,at,kind,from_name,to_name\n");
    for i in 0..n {
        let (a, b) = (i % people, (i * 7 + 1) % people);
        let b = if a == b { (b + 1) % people } else { b };
        out.push_str(&format!(
            "p{a}@log.example,p{b}@log.example,{},meeting,Person {a},Person {b}\n",
            1_600_000_000 + i * 3600
        ));
    }
    out
}

fn vcards(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card{i} Person\r\nN:Person;Card{i};;;\r\nEMAIL:card{i}@cards.example\r\nORG:Organisation {}\r\nEND:VCARD\r\n",
                i % 9
            )
        })
        .collect()
}

/// A calendar of `n` past meetings between the user and `people` others.
fn calendar(n: usize, people: usize) -> String {
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sphere fault suite//EN\r\n");
    for i in 0..n {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let p = i % people;
        out.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:event-{i}@cal.example\r\nDTSTAMP:20240101T000000Z\r\n\
             DTSTART:2024{month:02}{day:02}T{:02}0000Z\r\nDTEND:2024{month:02}{day:02}T{:02}3000Z\r\n\
             SUMMARY:Review {i}\r\nORGANIZER;CN=Me:mailto:me@cal.example\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED;CN=Me:mailto:me@cal.example\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED;CN=Guest {p}:mailto:guest{p}@cal.example\r\nEND:VEVENT\r\n",
            8 + i % 9,
            8 + i % 9
        ));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn kinds() -> Vec<Kind> {
    vec![
        Kind {
            name: "demo",
            base: empty,
            start: |db| spawn(db, &["demo", "--seed", "3"]),
        },
        Kind {
            name: "synth",
            base: empty,
            start: |db| spawn(db, &["synth", "--people", "4000", "--ties", "30000"]),
        },
        Kind {
            name: "import linkedin",
            base: |dir| {
                std::fs::write(dir.join("in.csv"), linkedin(0, 3000))?;
                centred(dir)
            },
            start: |db| {
                let file = db.with_file_name("in.csv");
                spawn(db, &["import", &file.to_string_lossy(), "--commit"])
            },
        },
        Kind {
            name: "import vcard",
            base: |dir| {
                std::fs::write(dir.join("in.vcf"), vcards(2000))?;
                centred(dir)
            },
            start: |db| {
                let file = db.with_file_name("in.vcf");
                spawn(db, &["import", &file.to_string_lossy(), "--commit"])
            },
        },
        Kind {
            name: "import log",
            base: |dir| {
                std::fs::write(dir.join("log.csv"), log_csv(6000, 600))?;
                centred(dir)
            },
            start: |db| {
                let file = db.with_file_name("log.csv");
                spawn(db, &["import", "log", &file.to_string_lossy()])
            },
        },
        Kind {
            name: "import calendar",
            base: |dir| {
                std::fs::write(dir.join("in.ics"), calendar(1500, 300))?;
                let db = db_in(dir);
                ok(
                    &db,
                    &[
                        "person",
                        "add",
                        "Me",
                        "--email",
                        "me@cal.example",
                        "--ring",
                        "centre",
                    ],
                )?;
                Ok(db)
            },
            start: |db| {
                let file = db.with_file_name("in.ics");
                spawn(db, &["import", "calendar", &file.to_string_lossy()])
            },
        },
        Kind {
            name: "backup restore",
            base: |dir| {
                let source = demo_db(&dir.join("source"))?;
                let out = sphere(&source).arg("backup").output()?;
                assert!(out.status.success());
                std::fs::write(dir.join("backup.json"), out.stdout)?;
                std::fs::remove_dir_all(dir.join("source"))?;
                empty(dir)
            },
            start: |db| {
                let file = db.with_file_name("backup.json");
                spawn(db, &["restore", &file.to_string_lossy()])
            },
        },
        Kind {
            name: "snapshot create",
            base: demo_db,
            start: |db| spawn(db, &["snapshots", "create"]),
        },
        Kind {
            name: "snapshot restore",
            base: |dir| {
                let db = demo_db(dir)?;
                let id = ok(&db, &["snapshots", "create"])?["id"]
                    .as_str()
                    .ok_or("id")?
                    .to_string();
                std::fs::write(dir.join("snapshot-id"), id)?;
                std::fs::write(dir.join("in.csv"), linkedin(0, 500))?;
                let file = dir.join("in.csv");
                ok(&db, &["import", &file.to_string_lossy(), "--commit"])?;
                Ok(db)
            },
            start: |db| {
                let id = std::fs::read_to_string(db.with_file_name("snapshot-id"))?;
                spawn(db, &["snapshots", "restore", id.trim(), "--yes"])
            },
        },
        Kind {
            name: "serve import",
            base: |dir| {
                std::fs::write(dir.join("log.csv"), log_csv(6000, 600))?;
                centred(dir)
            },
            start: |db| {
                let server = Server::start(db)?;
                let csv = std::fs::read_to_string(db.with_file_name("log.csv"))?;
                let (addr, token) = (server.addr.clone(), server.token.clone());
                let request = std::thread::spawn(move || {
                    // No answer comes when the server is killed mid-import.
                    let _ = post(&addr, &token, "import_log", &json!({ "csv": csv }));
                });
                Ok(Running::Serve(server, request))
            },
        },
    ]
}

/// Copies the starting database (and what the command reads) into a fresh folder.
fn copy_dir(from: &Path, to: &Path) -> TestResult {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The people and organizations of the demo's network alone (seed 3, as `kinds` loads it),
/// before the steps that go through the commands.
fn demo_network_counts() -> Result<[i64; 2], Box<dyn std::error::Error>> {
    let mut store = sphere_store::Store::open_in_memory()?;
    let c = sphere_api::demo::load(&mut store, 3, chrono::Utc::now())?.counts;
    Ok([i64::from(c.people), i64::from(c.organizations)])
}

/// After a kill: whole, all or nothing, and Sphere opens it sound.
///
/// The demo is the exception: its network (people, organizations, relationships,
/// interactions) is written in one transaction, then referral requests, needs and offers and
/// Today's examples are added through the commands, one at a time, as a user would add them,
/// and a target account nobody reaches (an organization and its people, in one transaction
/// of their own); so its people and organizations are those before, those of the network
/// alone, or those after.
fn check_after_kill(
    kind: &str,
    db: &Path,
    before: [i64; 4],
    after: [i64; 4],
) -> Result<(), String> {
    let check = integrity_check(db).map_err(|e| format!("integrity_check failed to run: {e}"))?;
    if check != "ok" {
        return Err(format!("integrity_check: {check}"));
    }
    let now = counts(db).map_err(|e| format!("cannot count: {e}"))?;
    let whole = if kind == "demo" {
        let network = demo_network_counts().map_err(|e| format!("cannot load the demo: {e}"))?;
        now[..2] == before[..2] || now[..2] == network || now[..2] == after[..2]
    } else {
        now == before || now == after
    };
    if !whole {
        return Err(format!(
            "half-written: counts {now:?}, neither before {before:?} nor after {after:?}"
        ));
    }
    let sphere = Sphere::open(db).map_err(|e| format!("Sphere refused it: {}", e.message))?;
    let health = sphere
        .vault_health(Empty {})
        .map_err(|e| e.message.clone())?;
    if health.state != HealthState::Sound {
        return Err(format!("opened as damaged: {:?}", health.message));
    }
    Ok(())
}

/// Every snapshot listed beside `db` is a whole database.
fn snapshots_whole(db: &Path) -> Result<(), String> {
    let folder = with_suffix(db, ".snapshots");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "db") {
            let check = integrity_check(&path).map_err(|e| e.to_string())?;
            if check != "ok" {
                return Err(format!(
                    "snapshot {} listed but not whole: {check}",
                    path.display()
                ));
            }
        }
    }
    Ok(())
}

/// The figures of a run: trials, kinds, failures (with what went wrong).
#[derive(Default)]
struct Figures {
    trials: usize,
    /// Corruption trials SQLite's own check found damaged (each must be detected).
    damaged: usize,
    kinds: usize,
    failures: Vec<String>,
}

fn kill_trials(root: &Path, moments: usize) -> Fallible<Figures> {
    let mut figures = Figures::default();
    for kind in kinds() {
        figures.kinds += 1;
        let base_dir = root.join(format!("{}-base", kind.name.replace(' ', "-")));
        std::fs::create_dir_all(&base_dir)?;
        let base = (kind.base)(&base_dir)?;
        let before = counts(&base)?;
        // The uninterrupted write: its result and how long it takes.
        let reference = root.join(format!("{}-reference", kind.name.replace(' ', "-")));
        copy_dir(&base_dir, &reference)?;
        let db = reference.join(base.file_name().ok_or("no name")?);
        let started = Instant::now();
        (kind.start)(&db)?.finish()?;
        let took = started.elapsed();
        let after = counts(&db)?;
        // Taking a snapshot writes beside the file, not to it.
        if kind.name != "snapshot create" {
            assert_ne!(
                before, after,
                "{}: the write must change the counts",
                kind.name
            );
        }
        for m in 0..moments {
            // Spread over the write, from its very start to near its end.
            let at = took.mul_f64((m as f64 + 0.5) / moments as f64);
            let trial = root.join(format!("{}-{m}", kind.name.replace(' ', "-")));
            copy_dir(&base_dir, &trial)?;
            let db = trial.join(base.file_name().ok_or("no name")?);
            let running = (kind.start)(&db)?;
            std::thread::sleep(at);
            running.kill()?;
            figures.trials += 1;
            let result =
                check_after_kill(kind.name, &db, before, after).and_then(|()| snapshots_whole(&db));
            if let Err(e) = result {
                figures
                    .failures
                    .push(format!("{} killed at {at:?}: {e}", kind.name));
            }
            let _ = std::fs::remove_dir_all(&trial);
        }
    }
    Ok(figures)
}

/// One way to damage a file: its name, and what it does to the file.
type Corruption = (String, Box<dyn Fn(&Path) -> TestResult>);

/// The ways a file gets damaged: one page zeroed or scrambled, truncated, emptied.
fn corruptions(pages: u64, moments: usize) -> Vec<Corruption> {
    let mut out: Vec<Corruption> = Vec::new();
    let steps = (moments * 4).max(8) as u64;
    let mut offsets: Vec<u64> = (0..steps).map(|i| i * (pages - 1) / (steps - 1)).collect();
    offsets.dedup();
    for page in offsets {
        out.push((
            format!("page {page} zeroed"),
            Box::new(move |db| damage_page(db, page, Some(0))),
        ));
        out.push((
            format!("page {page} scrambled"),
            Box::new(move |db| damage_page(db, page, None)),
        ));
    }
    for (name, len) in [
        ("truncated to half", pages * 4096 / 2),
        ("truncated inside page 1", 4096 + 100),
        ("emptied", 0),
    ] {
        out.push((
            name.to_string(),
            Box::new(move |db| {
                let f = std::fs::OpenOptions::new().write(true).open(db)?;
                f.set_len(len)?;
                Ok(())
            }),
        ));
    }
    out
}

/// What a write to a damaged file may answer: refused, with one of the messages that say
/// what is wrong and what to do.
fn refusal_is_clear(db: &Path, err: &serde_json::Value) -> Result<(), String> {
    let message = err["message"].as_str().unwrap_or_default();
    let kind = err["kind"].as_str().unwrap_or_default();
    let opened = format!("The database {} is damaged (", db.display());
    let tail = "). Sphere opened it read-only so nothing more is lost, and refuses changes. Restore a snapshot (Settings → Snapshots, or `sphere snapshots list` and `sphere snapshots restore ID`), or save what can still be read with `sphere backup`; `sphere doctor` lists what is wrong.";
    let reading = "The database file is damaged (SQLite found a malformed page). Restore a snapshot (Settings → Snapshots, or `sphere snapshots list` and `sphere snapshots restore ID`) or a backup; `sphere doctor` lists what is wrong.";
    let refused = format!("cannot use database at {}: the file ", db.display());
    let clear = match kind {
        "damaged" => {
            (message.starts_with(&opened) && message.ends_with(tail)) || message == reading
        }
        "storage" => {
            message.starts_with(&refused)
                && (message.contains("is empty (0 bytes)")
                    || message.contains("is not a Sphere database"))
        }
        _ => false,
    };
    if clear {
        Ok(())
    } else {
        Err(format!("unclear refusal: {err}"))
    }
}

fn corruption_trials(root: &Path, moments: usize) -> Fallible<Figures> {
    let base_dir = root.join("corruption-base");
    let base = demo_db(&base_dir)?;
    let pages = std::fs::metadata(&base)?.len() / 4096;
    let mut figures = Figures {
        kinds: 1,
        ..Figures::default()
    };
    for (name, damage) in corruptions(pages, moments) {
        let trial = root.join("corruption");
        let _ = std::fs::remove_dir_all(&trial);
        copy_dir(&base_dir, &trial)?;
        let db = db_in(&trial);
        damage(&db)?;
        figures.trials += 1;
        // The oracle: SQLite's own full check with a plain connection.
        let damaged = integrity_check(&db).map_or(true, |c| c != "ok");
        figures.damaged += usize::from(damaged);
        let bytes = std::fs::read(&db)?;
        let (success, answer) = json(&db, &["person", "add", "Zed"])?;
        let verdict = if !damaged {
            Ok(())
        } else if success {
            Err("a damaged file was written to".to_string())
        } else if std::fs::read(&db)? != bytes {
            Err("a refused write changed the file".to_string())
        } else {
            refusal_is_clear(&db, &answer)
        };
        if let Err(e) = verdict {
            figures.failures.push(format!("{name}: {e}"));
        }
    }
    Ok(figures)
}

#[test]
fn kill_9_during_every_kind_of_write_leaves_the_file_whole_and_all_or_nothing() -> TestResult {
    let root = tempfile::tempdir()?;
    let moments = moments();
    let kills = kill_trials(root.path(), moments)?;
    let damage = corruption_trials(root.path(), moments)?;
    let failures: Vec<&String> = kills.failures.iter().chain(&damage.failures).collect();
    println!(
        "fault suite: {} kill -9 trials over {} kinds of write ({moments} moments each), {} page-level corruptions ({} damaging, each detected unless listed below); {} failures",
        kills.trials,
        kills.kinds,
        damage.trials,
        damage.damaged,
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
    Ok(())
}
