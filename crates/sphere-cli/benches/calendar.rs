//! How fast a calendar imports (run by `scripts/bench.sh`): a generated `.ics` of 10,000
//! events (deterministic: three in four single, one in four weekly with COUNT or UNTIL, some
//! with an EXDATE or a moved occurrence; IANA, Windows and UTC times; one to five attendees
//! from a pool of 2,000 with every kind of answer) imported into a fresh database file
//! through the command set (`calendar_import`: read the file, parse, expand, rules, one
//! transaction, graph rebuild), three runs, median and worst; the same file again (writes
//! nothing); and the read alone (parse + expansion in the window). `--out DIR` keeps the
//! file and writes `calendar.json` for the Python peer (`calendar_bench.py`: icalendar +
//! recurring-ical-events on the same file and window).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Days, Utc};
use sphere_api::domain::*;
use sphere_api::*;

const EVENTS: usize = 10_000;
const PEOPLE: u64 = 2_000;
const NOW: &str = "2026-06-01T12:00:00Z";
const FIRST: &[&str] = &[
    "Ana", "Priya", "Jordan", "Mei", "Chris", "Zoë", "Rahul", "Grace", "Tomás", "Kwame",
];
const LAST: &[&str] = &[
    "Silva", "Nayak", "Lee", "Tanaka", "Müller", "Mehta", "Mensah", "Rossi", "Okafor", "Chen",
];

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
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .map(|d| d.to_utc())
        .unwrap_or_default()
}

const BERLIN: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nX-LIC-LOCATION:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\nEND:VTIMEZONE\r\n";

fn calendar() -> String {
    let mut r = Lcg(23);
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nPRODID:-//Sphere bench//EN\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\n",
    );
    out.push_str(BERLIN);
    let base = now() - Days::days(2 * 365);
    for i in 0..EVENTS {
        // Spread over two years back and six months ahead, on the half hour.
        let start = base + Days::minutes(30 * (r.next() % (2 * 24 * 913) as u64) as i64);
        let (zone, local) = match r.next() % 4 {
            0 => (";TZID=Europe/Berlin:", start + Days::hours(1)),
            1 => (";TZID=America/New_York:", start - Days::hours(5)),
            2 => (";TZID=Pacific Standard Time:", start - Days::hours(8)),
            _ => (":", start),
        };
        let z = if zone == ":" { "Z" } else { "" };
        let fmt = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%S").to_string();
        let _ = write!(
            out,
            "BEGIN:VEVENT\r\nUID:bench-{i}@example.org\r\nDTSTAMP:20260101T000000Z\r\n\
             DTSTART{zone}{}{z}\r\nDTEND{zone}{}{z}\r\nSUMMARY:Meeting {i}\r\n",
            fmt(local),
            fmt(local + Days::minutes(45))
        );
        let recurring = r.next().is_multiple_of(4);
        let mut interval = 1;
        if recurring {
            if r.next().is_multiple_of(2) {
                let _ = write!(out, "RRULE:FREQ=WEEKLY;COUNT={}\r\n", 4 + r.next() % 9);
            } else {
                interval = 2;
                let _ = write!(
                    out,
                    "RRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL={}Z\r\n",
                    fmt(start + Days::days(7 * (4 + r.next() % 20) as i64))
                );
            }
            if r.next().is_multiple_of(3) {
                let _ = write!(
                    out,
                    "EXDATE{zone}{}{z}\r\n",
                    fmt(local + Days::days(14 * interval))
                );
            }
        }
        let me_organizes = r.next().is_multiple_of(2);
        let organizer = if me_organizes {
            "me@example.com".to_string()
        } else {
            format!("p{}@example.org", r.next() % PEOPLE)
        };
        let _ = write!(out, "ORGANIZER;CN=Someone:mailto:{organizer}\r\n");
        if !me_organizes {
            out.push_str("ATTENDEE;PARTSTAT=ACCEPTED;CN=Me:mailto:me@example.com\r\n");
        }
        let mut attendees: Vec<String> = Vec::new();
        for _ in 0..1 + r.next() % 5 {
            let p = r.next() % PEOPLE;
            let answer = match r.next() % 10 {
                0 => "DECLINED",
                1 => "TENTATIVE",
                2 => "NEEDS-ACTION",
                _ => "ACCEPTED",
            };
            attendees.push(format!(
                "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={answer};CN={} {}:mailto:p{p}@example.org\r\n",
                FIRST[(p % 10) as usize],
                LAST[((p / 10) % 10) as usize]
            ));
        }
        for a in &attendees {
            out.push_str(a);
        }
        out.push_str("END:VEVENT\r\n");
        if recurring && r.next().is_multiple_of(10) {
            // The second occurrence moved by two hours.
            let rid = local + Days::days(7 * interval);
            let _ = write!(
                out,
                "BEGIN:VEVENT\r\nUID:bench-{i}@example.org\r\nRECURRENCE-ID{zone}{}{z}\r\n\
                 DTSTART{zone}{}{z}\r\nDTEND{zone}{}{z}\r\nORGANIZER:mailto:{organizer}\r\n",
                fmt(rid),
                fmt(rid + Days::hours(2)),
                fmt(rid + Days::hours(3))
            );
            if !me_organizes {
                out.push_str("ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\n");
            }
            for a in &attendees {
                out.push_str(a);
            }
            out.push_str("END:VEVENT\r\n");
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// This process's CPU time so far (user + system, from `/proc/self/stat`), in ms: on a busy
/// machine the wall time includes waiting for a core, the CPU time does not. 0 where there is
/// no `/proc`.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<f64> = after
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // Fields 14 and 15 (utime, stime); after the name, with the state letter dropped, 10 and 11.
    match (f.get(10), f.get(11)) {
        (Some(u), Some(s)) => (u + s) * 10.0, // clock ticks of 10 ms
        _ => 0.0,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn fresh(dir: &Path, n: usize) -> Result<Sphere, ApiError> {
    let path = dir.join(format!("calendar-{n}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let s = Sphere::open_as_of(&path, now())?;
    s.person_create(PersonInput {
        first_name: "Dana".into(),
        last_name: Some("Reyes".into()),
        emails: Some(vec!["me@example.com".into()]),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    Ok(s)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--out" {
            out = args.next().map(PathBuf::from);
        }
    }
    let tmp = tempfile::tempdir()?;
    let dir = out.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let text = calendar();
    let file = dir.join("calendar-10000.ics");
    std::fs::write(&file, &text)?;
    let window = sphere_import::calendar::window(now());
    let mut read_ms = f64::MAX;
    let mut instances = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let r = sphere_import::calendar::read(&text, window)?;
        read_ms = read_ms.min(ms(t.elapsed()));
        instances = r.instances.len();
    }
    let req = CalendarImportRequest {
        path: file.display().to_string(),
        job: None,
    };
    let mut import_ms = Vec::new();
    let mut cpu = Vec::new();
    let mut again_ms = 0.0;
    let mut last = None;
    for run in 0..3 {
        let s = fresh(&dir, run)?;
        let t = Instant::now();
        let c = cpu_ms();
        let r = s.calendar_import(req.clone())?;
        import_ms.push(ms(t.elapsed()));
        cpu.push(cpu_ms() - c);
        if run == 0 {
            let t = Instant::now();
            let again = s.calendar_import(req.clone())?;
            again_ms = ms(t.elapsed());
            assert_eq!(
                again.summary.meetings_added, 0,
                "a re-import writes nothing"
            );
        }
        last = Some(r.summary);
    }
    import_ms.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let s = last.ok_or("no run")?;
    println!("Calendar import (release build, database file on disk; target: 10,000 events < 2 s)");
    println!(
        "{:<30} {:>6} events {:>5.1} MB   import median {:>6.0} ms  worst {:>6.0} ms  CPU median {:>6.0} ms   (read alone {:>5.0} ms: {} occurrences; the same file again {:>5.0} ms; {} meetings + {} planned, {} people created)",
        ".ics, 10,000 events",
        s.events,
        text.len() as f64 / 1e6,
        import_ms[import_ms.len() / 2],
        import_ms[import_ms.len() - 1],
        cpu[cpu.len() / 2],
        read_ms,
        instances,
        again_ms,
        s.meetings,
        s.planned,
        s.people_created
    );
    if let Some(dir) = out {
        let (from, to) = window;
        let json = serde_json::json!({
            "file": "calendar-10000.ics",
            "read_ms": read_ms,
            "occurrences": instances,
            "window": [from.to_rfc3339(), to.to_rfc3339()],
        });
        std::fs::write(
            dir.join("calendar.json"),
            serde_json::to_string_pretty(&json)?,
        )?;
    }
    Ok(())
}
