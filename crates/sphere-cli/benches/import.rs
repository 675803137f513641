//! How fast address books import (run by `scripts/bench.sh`): a 30,000-connection LinkedIn
//! export and a 10,000-card vCard file, generated here (deterministic), each imported into a
//! fresh database file through the command set (`import_commit`: decode, detect, parse, plan,
//! one transaction, graph rebuild), three runs, median and worst; the parse alone; and a
//! second preview of the same file (the re-import check). `--out DIR` keeps the files and
//! writes `import.json` with the parse times for the Python peers (`import_bench.py`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use base64::Engine as _;
use sphere_api::*;
use sphere_import::contact::Format;

#[path = "common/contacts.rs"]
mod contacts;
use contacts::*;

fn vcards(cards: usize) -> String {
    let mut r = Lcg(11);
    let mut out = String::new();
    for i in 0..cards {
        let (f, l) = (r.pick(FIRST), r.pick(LAST));
        let c = company(r.next());
        out.push_str(&format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nN:{l};{f};;;\r\nFN:{f} {l}\r\n\
             ORG:{c};Sales\r\nTITLE:{}\r\nitem1.EMAIL;type=INTERNET;type=pref:{}.{i}@example.com\r\n\
             item1.X-ABLabel:_$!<Work>!$_\r\nTEL;type=CELL:+1 415 555 {:04}\r\n\
             BDAY:19{:02}-{:02}-{:02}\r\nNOTE:Met at the {} conference; follow up about the renewal\\, \
             and the pilot.\r\nUID:bench-{i}\r\n",
            r.pick(TITLES),
            f.to_lowercase(),
            r.next() % 10_000,
            60 + r.next() % 40,
            1 + r.next() % 12,
            1 + r.next() % 28,
            r.pick(MONTHS),
        ));
        if i % 5 == 0 {
            out.push_str(&format!(
                "item2.X-ABRELATEDNAMES:{} {l}\r\nitem2.X-ABLabel:_$!<Spouse>!$_\r\n",
                r.pick(FIRST)
            ));
        }
        if i % 7 == 0 {
            out.push_str(&format!(
                "item3.X-ABRELATEDNAMES:{} {}\r\nitem3.X-ABLabel:_$!<Manager>!$_\r\n",
                r.pick(FIRST),
                r.pick(LAST)
            ));
        }
        out.push_str("END:VCARD\r\n");
    }
    out
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

struct Figures {
    label: String,
    records: u32,
    bytes: usize,
    parse_ms: f64,
    import_ms: Vec<f64>,
    reimport_preview_ms: f64,
    created: u32,
}

fn bench(
    dir: &std::path::Path,
    label: &str,
    name: &str,
    text: &str,
    format: Format,
) -> Result<Figures, ApiError> {
    let bytes = text.as_bytes();
    // The parse alone (decode, detect, parse), best of 5.
    let mut parse = f64::MAX;
    let mut records = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let p = sphere_import::read_contacts(bytes, None)?;
        parse = parse.min(ms(t.elapsed()));
        records = (p.contacts.len() + p.skipped.len()) as u32;
        assert_eq!(p.format, format);
    }
    let req = ImportFileRequest {
        file_name: name.into(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        ..Default::default()
    };
    let mut import_ms = Vec::new();
    let mut created = 0;
    let mut reimport = 0.0;
    for run in 0..3 {
        let s = fresh(&dir.join(format!("bench-{run}.db")), None)?;
        let t = Instant::now();
        let r = s.import_commit(req.clone())?;
        import_ms.push(ms(t.elapsed()));
        created = r.people_created;
        if run == 0 {
            let t = Instant::now();
            let again = s.import_preview(req.clone())?;
            reimport = ms(t.elapsed());
            assert_eq!(again.new + again.updated, 0, "a re-import changes nothing");
        }
    }
    import_ms.sort_by(f64::total_cmp);
    Ok(Figures {
        label: label.into(),
        records,
        bytes: bytes.len(),
        parse_ms: parse,
        import_ms,
        reimport_preview_ms: reimport,
        created,
    })
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
    let li = linkedin(30_000);
    let vc = vcards(10_000);
    std::fs::write(dir.join("linkedin-30000.csv"), &li)?;
    std::fs::write(dir.join("cards-10000.vcf"), &vc)?;
    let figures = [
        bench(
            &dir,
            "LinkedIn, 30,000 connections",
            "linkedin-30000.csv",
            &li,
            Format::Linkedin,
        )?,
        bench(
            &dir,
            "vCard 3.0, 10,000 cards",
            "cards-10000.vcf",
            &vc,
            Format::Vcard,
        )?,
    ];
    println!(
        "Address-book import (release build, database file on disk; target: LinkedIn 30k < 1 s, vCard 10k < 2 s)"
    );
    for f in &figures {
        println!(
            "{:<30} {:>6} records {:>5.1} MB   import median {:>6.0} ms  worst {:>6.0} ms   (parse alone {:>5.0} ms; preview of the same file again {:>5.0} ms; {} people created)",
            f.label,
            f.records,
            f.bytes as f64 / 1e6,
            f.import_ms[f.import_ms.len() / 2],
            f.import_ms[f.import_ms.len() - 1],
            f.parse_ms,
            f.reimport_preview_ms,
            f.created
        );
    }
    if let Some(dir) = out {
        let json = serde_json::json!({
            "linkedin": {"file": "linkedin-30000.csv", "parse_ms": figures[0].parse_ms, "records": figures[0].records},
            "vcard": {"file": "cards-10000.vcf", "parse_ms": figures[1].parse_ms, "records": figures[1].records},
        });
        std::fs::write(
            dir.join("import.json"),
            serde_json::to_string_pretty(&json)?,
        )?;
    }
    Ok(())
}
