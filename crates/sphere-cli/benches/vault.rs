//! What encryption at rest costs (run by `scripts/bench.sh`): the same work on a plain and on
//! an encrypted (SQLCipher) database, and the ratio.
//!
//! 1. Open + graph build of the synthetic network (`--from DB`, 100,000 people and 1,000,000
//!    relationships by default in bench.sh): a copy of it plain, and the same copy encrypted
//!    with `convert_database` (timed too); three opens each, median. The encrypted open
//!    includes deriving the key (Argon2id, timed alone as well).
//! 2. The 30,000-connection LinkedIn import through `import_commit` into a fresh plain and a
//!    fresh encrypted database, three runs each, median.

#[path = "common/contacts.rs"]
mod contacts;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use sphere_api::*;

const PASS: &str = "bench passphrase, not a secret";

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn line(label: &str, plain: f64, encrypted: f64, unit: &str) {
    println!(
        "  {label:<44} plain {plain:>9.3} {unit}   encrypted {encrypted:>9.3} {unit}   ratio {:.2} ({:+.0}%)",
        encrypted / plain,
        (encrypted / plain - 1.0) * 100.0
    );
}

fn open_times(db: &Path, passphrase: Option<&str>) -> Result<Vec<f64>, ApiError> {
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let s = Sphere::open_with(
            db,
            OpenOptions {
                passphrase,
                as_of: chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
                    .ok()
                    .map(Into::into),
                allow_locked: false,
            },
        )?;
        times.push(secs(t.elapsed()));
        drop(s);
    }
    Ok(times)
}

fn import_times(
    dir: &Path,
    req: &ImportFileRequest,
    passphrase: Option<&str>,
) -> Result<Vec<f64>, ApiError> {
    let mut times = Vec::new();
    for run in 0..3 {
        let s = contacts::fresh(&dir.join(format!("import-{run}.db")), passphrase)?;
        let t = Instant::now();
        s.import_commit(req.clone())?;
        times.push(secs(t.elapsed()));
    }
    Ok(times)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut from: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--from" {
            from = args.next().map(PathBuf::from);
        }
    }
    let tmp = tempfile::tempdir()?;
    println!("Encryption at rest: plain against encrypted (SQLCipher 4, Argon2id 64 MiB x 3)");

    let mut derive = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        drop(sphere_store::vault::VaultKey::generate(PASS)?);
        derive.push(secs(t.elapsed()));
    }
    let derive = median(derive);
    println!("  deriving the key from the passphrase (Argon2id): {derive:.3} s");

    // `cargo bench` runs in the package's folder; bench.sh names files from the workspace root.
    let from = from.map(|f| {
        if f.is_relative() {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(f)
        } else {
            f
        }
    });
    if let Some(from) = &from {
        if !from.is_file() {
            return Err(format!(
                "no database at {} (make it with `sphere synth`)",
                from.display()
            )
            .into());
        }
        let plain = tmp.path().join("network-plain.db");
        let enc = tmp.path().join("network-encrypted.db");
        // Checkpointed first, so the file alone is the whole database.
        drop(Sphere::open(from)?);
        std::fs::copy(from, &plain)?;
        std::fs::copy(from, &enc)?;
        let size = std::fs::metadata(&plain)?.len();
        let t = Instant::now();
        convert_database(&enc, Direction::Encrypt, PASS, &mut |_| {})?;
        println!(
            "  `sphere encrypt` of the network ({:.0} MB): {:.1} s",
            size as f64 / 1e6,
            secs(t.elapsed())
        );
        let p = median(open_times(&plain, None)?);
        let e = median(open_times(&enc, Some(PASS))?);
        let people = Sphere::open(&plain)?.app_info(Empty {})?.counts;
        line(
            &format!(
                "open + graph build, {} people / {} ties",
                people.people, people.relationships
            ),
            p,
            e,
            "s",
        );
        line(
            "  the same without the key derivation",
            p,
            e - derive.min(e),
            "s",
        );
    }

    let li = contacts::linkedin(30_000);
    let req = ImportFileRequest {
        file_name: "linkedin-30000.csv".into(),
        data: base64::engine::general_purpose::STANDARD.encode(li.as_bytes()),
        ..Default::default()
    };
    let p = median(import_times(tmp.path(), &req, None)?);
    let e = median(import_times(tmp.path(), &req, Some(PASS))?);
    line("LinkedIn import, 30,000 connections", p, e, "s");
    Ok(())
}
