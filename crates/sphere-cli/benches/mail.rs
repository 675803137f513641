//! How fast mail imports (run by `scripts/bench.sh`): a generated mbox of 100,000 messages
//! (deterministic; realistic headers and short bodies; about 30% of it the user's own
//! exchanges, the rest mailing lists, notifications, invitations, broadcasts, automatic
//! replies, cold senders and other people's mail) imported into a fresh database file through
//! the command set (`mail_import`: read, judge, one transaction, graph rebuild), the read
//! alone (best of 3), and the same file imported again (every message a duplicate).
//! `--out DIR` keeps the file and writes `mail.json` for the Python peer
//! (`scripts/peers/mail_bench.py`); `--messages N` changes the size.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use sphere_api::domain::*;
use sphere_api::*;

const FIRST: &[&str] = &[
    "Ana", "Priya", "Jordan", "Mei", "Chris", "Zoë", "Rahul", "Grace", "Tomás", "Kwame", "Sofia",
    "Liam", "Jürgen", "Renée", "Oliver", "Amelia", "Aroha", "Björn", "Émilie", "Siobhán",
];
const LAST: &[&str] = &[
    "Silva", "Nayak", "Lee", "Tanaka", "Müller", "Mehta", "O'Connor", "Mensah", "Rossi", "Byrne",
    "Dubois", "Hughes", "Clarke", "Ngata", "Durand", "Okafor", "Kowalski", "Haddad", "Chen",
];
const WORDS: &[&str] = &[
    "the", "proposal", "meeting", "next", "week", "quarter", "numbers", "draft", "contract",
    "pilot", "renewal", "call", "notes", "follow", "up", "on", "plan", "budget", "team", "launch",
];
const ME: &str = "Dana Reyes <dana@reyes.example>";
/// How many people the user corresponds with.
const CONTACTS: u64 = 2_500;

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() as usize) % list.len()]
    }
    fn words(&mut self, n: u64) -> String {
        (0..n)
            .map(|_| self.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn contact(i: u64) -> String {
    let f = FIRST[(i as usize) % FIRST.len()];
    let l = LAST[(i as usize / FIRST.len()) % LAST.len()];
    format!(
        "{f} {l} <{}.{}{i}@{}.example>",
        f.to_lowercase(),
        l.to_lowercase().replace('\'', ""),
        ["acme", "globex", "initech", "umbrella", "hooli"][(i % 5) as usize]
    )
}

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Writes the mbox: `n` messages over the three years before 2026.
fn generate(path: &Path, n: u64) -> std::io::Result<()> {
    let mut r = Lcg(2026);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    for i in 0..n {
        let day = r.below(3 * 365);
        let date = chrono::NaiveDate::from_ymd_opt(2023, 1, 1)
            .unwrap_or_default()
            .checked_add_days(chrono::Days::new(day))
            .unwrap_or_default();
        use chrono::Datelike;
        let (h, m, s) = (7 + r.below(12), r.below(60), r.below(60));
        let wd = DAYS[date.weekday().num_days_from_monday() as usize];
        let mon = MONTHS[date.month0() as usize];
        let rfc = format!(
            "{wd}, {} {mon} {} {h:02}:{m:02}:{s:02} +0000",
            date.day(),
            date.year()
        );
        writeln!(
            out,
            "From {}@xxx {wd} {mon} {:02} {h:02}:{m:02}:{s:02} +0000 {}",
            1_700_000_000_000_000_000u64 + i,
            date.day(),
            date.year()
        )?;
        let kind = r.below(100);
        let c = contact(r.below(CONTACTS));
        let (from, to, cc, extra): (String, String, String, String) = match kind {
            // The user writes to one or two people.
            0..=14 => {
                let cc = if r.below(4) == 0 {
                    contact(r.below(CONTACTS))
                } else {
                    String::new()
                };
                (ME.into(), c, cc, "X-Gmail-Labels: Sent\n".into())
            }
            // Someone writes to the user.
            15..=29 => (
                c,
                ME.into(),
                String::new(),
                "X-Gmail-Labels: Inbox,Category Personal\n".into(),
            ),
            30..=59 => {
                let list = r.below(40);
                (
                    format!("Weekly {list} <news@list{list}.example>"),
                    ME.into(),
                    String::new(),
                    format!(
                        "List-Id: <weekly.list{list}.example>\nList-Unsubscribe: <mailto:leave@list{list}.example>\nPrecedence: list\n"
                    ),
                )
            }
            60..=69 => (
                format!("Service {} <no-reply@service{}.example>", kind, r.below(30)),
                ME.into(),
                String::new(),
                String::new(),
            ),
            70..=74 => (
                format!("Shop <offers@shop{}.example>", r.below(20)),
                ME.into(),
                String::new(),
                "Precedence: bulk\n".into(),
            ),
            75..=79 => (
                c,
                ME.into(),
                String::new(),
                "Sender: Google Calendar <calendar-notification@google.com>\n".into(),
            ),
            80..=84 => (
                format!("Cold Caller {i} <cold{i}@prospect.example>"),
                ME.into(),
                String::new(),
                String::new(),
            ),
            85..=89 => {
                let many: Vec<String> = (0..15 + r.below(10))
                    .map(|_| contact(r.below(CONTACTS)))
                    .collect();
                (ME.into(), many.join(", "), String::new(), String::new())
            }
            90..=94 => (
                c,
                ME.into(),
                String::new(),
                "Auto-Submitted: auto-replied\n".into(),
            ),
            _ => (c, contact(r.below(CONTACTS)), String::new(), String::new()),
        };
        write!(
            out,
            "Return-Path: <bounce@mx.example>\n\
             Received: from mx{0}.example (mx{0}.example [192.0.2.{0}]) by mx.reyes.example with ESMTPS id {i}; {rfc}\n\
             Received: from localhost by mx{0}.example; {rfc}\n\
             DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example; s=s1; h=from:to:subject:date;\n \
             bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==\n\
             {extra}Message-ID: <{i}.{1}@mail.example>\nDate: {rfc}\nFrom: {from}\nTo: {to}\n",
            i % 250,
            r.next()
        )?;
        if !cc.is_empty() {
            writeln!(out, "Cc: {cc}")?;
        }
        if i > 0 && r.below(3) == 0 {
            let parent = r.below(i);
            writeln!(
                out,
                "In-Reply-To: <{parent}.x@mail.example>\nReferences: <{parent}.x@mail.example>"
            )?;
        }
        let n = 4 + r.below(4);
        let subject = r.words(n);
        writeln!(
            out,
            "Subject: {subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"UTF-8\"\n\
             Content-Transfer-Encoding: 7bit\nX-Mailer: Bench Mail 1.0\n"
        )?;
        for _ in 0..4 + r.below(10) {
            let n = 8 + r.below(6);
            let line = r.words(n);
            writeln!(out, "{line}")?;
        }
        if r.below(20) == 0 {
            writeln!(out, ">From the archive: a quoted line")?;
        }
        writeln!(out)?;
    }
    out.flush()
}

fn fresh(dir: &Path, name: &str) -> Result<Sphere, ApiError> {
    let path = dir.join(name);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let s = Sphere::open(&path)?;
    s.person_create(PersonInput {
        first_name: "Dana".into(),
        last_name: Some("Reyes".into()),
        emails: Some(vec!["dana@reyes.example".into()]),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    Ok(s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out: Option<PathBuf> = None;
    let mut n: u64 = 100_000;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--out" => out = args.next().map(PathBuf::from),
            "--messages" => n = args.next().and_then(|v| v.parse().ok()).unwrap_or(n),
            _ => {}
        }
    }
    let tmp = tempfile::tempdir()?;
    let dir = out.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let name = format!("mail-{n}.mbox");
    let file = dir.join(&name);
    if !file.is_file() {
        let partial = dir.join(format!("{name}.tmp"));
        generate(&partial, n)?;
        std::fs::rename(&partial, &file)?;
    }
    let bytes = std::fs::metadata(&file)?.len();

    // The read alone (headers of every message, bodies skipped), best of 3.
    let mut read_s = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let read = sphere_import::mail::read_path(&file, &mut |_| {}, &AtomicBool::new(false))?;
        read_s = read_s.min(t.elapsed().as_secs_f64());
        assert_eq!(read.headers.len() as u64 + u64::from(read.unreadable), n);
    }
    // The import through the command set, into a fresh file.
    let s = fresh(&dir, "mail-bench.db")?;
    let req = MailImportRequest {
        path: file.display().to_string(),
        job: None,
    };
    let t = Instant::now();
    let r = s.mail_import(req.clone())?;
    let import_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let again = s.mail_import(req)?;
    let again_s = t.elapsed().as_secs_f64();
    assert_eq!(again.summary.interactions_created, 0);
    let sum = &r.summary;
    println!("Mail import (release build, database file on disk; target: 100,000 messages < 20 s)");
    println!(
        "mbox, {n} messages, {:.0} MB   import {import_s:.1} s ({:.0} messages/s)   read alone {read_s:.2} s   same file again {again_s:.1} s",
        bytes as f64 / 1e6,
        n as f64 / import_s
    );
    println!(
        "  kept {} ({:.0}%) as {} email interactions; {} people and {} relationships created; ignored {} ({})",
        sum.kept,
        100.0 * f64::from(sum.kept) / n as f64,
        sum.interactions_created,
        sum.people_created,
        sum.relationships_created,
        sum.ignored_total(),
        sum.ignored
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(dir) = out {
        let json = serde_json::json!({
            "file": name,
            "messages": n,
            "read_s": read_s,
            "import_s": import_s,
        });
        std::fs::write(dir.join("mail.json"), serde_json::to_string_pretty(&json)?)?;
    }
    Ok(())
}
