//! What keeping a long-running process in step with other processes' writes costs (see
//! `sphere_store::changes`), on a synthetic network (100,000 people and 1,000,000
//! relationships by default; or a copy of `--from DB`, whose records are left alone):
//!
//! 1. the check every command makes (`PRAGMA data_version`), alone and inside a cheap command;
//! 2. catching up incrementally after another connection to the file added N people, each
//!    with a relationship (what `sphere person add` and `sphere tie add` do), for several N;
//! 3. catching up with a full rebuild (after a bulk write), for comparison; and opening the
//!    file (the rebuild a restart would do).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use sphere_api::domain::*;
use sphere_api::*;

#[derive(Debug, Parser)]
struct Args {
    /// A database to copy and work on (the synthetic network is made when absent).
    #[arg(long)]
    from: Option<PathBuf>,
    #[arg(long, default_value_t = 100_000)]
    people: usize,
    #[arg(long, default_value_t = 1_000_000)]
    ties: usize,
    /// `cargo bench` passes this; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// Times `f` once.
fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let out = f();
    (out, t.elapsed())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let tmp = tempfile::tempdir()?;
    let db = tmp.path().join("sync.db");
    if let Some(from) = &args.from {
        // Checkpointed first, so the file alone is the whole database.
        drop(sphere_store::Store::open(from)?);
        std::fs::copy(from, &db)?;
    } else {
        let until = chrono::Utc::now();
        let (summary, took) = time(|| {
            Sphere::open(&db)?.synth_load(SynthOptions {
                people: args.people,
                ties: args.ties,
                seed: 1,
                until,
            })
        });
        let summary = summary?;
        println!(
            "made {} people, {} relationships in {:.1} s",
            summary.people,
            summary.relationships,
            took.as_secs_f64()
        );
    }
    let (server, open) = time(|| Sphere::open(&db));
    let server = server?;
    let other = Sphere::open(&db)?;
    let counts = server.app_info(Empty {})?.counts;
    println!(
        "{} people, {} relationships; opening the file (store + graph): {:.0} ms",
        counts.people,
        counts.relationships,
        open.as_secs_f64() * 1e3
    );

    // 1. The check alone, and a cheap command with nothing to catch up with.
    let store = sphere_store::Store::open(&db)?;
    const CHECKS: u32 = 200_000;
    let ((), took) = time(|| {
        for _ in 0..CHECKS {
            let _ = std::hint::black_box(store.changed_since_last_check());
        }
    });
    println!(
        "check (PRAGMA data_version): {:.2} µs per call",
        us(took) / f64::from(CHECKS)
    );
    const COMMANDS: u32 = 20_000;
    let (res, took) = time(|| -> Result<(), ApiError> {
        for _ in 0..COMMANDS {
            std::hint::black_box(server.settings_get(Empty {})?);
        }
        Ok(())
    });
    res?;
    println!(
        "settings_get with nothing to catch up with (lock, check, two reads): {:.2} µs per command",
        us(took) / f64::from(COMMANDS)
    );

    // 2. Incremental: another process adds N people, each related to someone already there
    //    (written here in one transaction through the store, as `person add` + `tie add`
    //    would, N times over).
    // Related to a new person of their own (a tie's summary is computed from the two
    // people's shared interactions, and a hub of the network has many).
    let mut writer = sphere_store::Store::open(&db)?;
    let anchor = writer
        .write(|tx| {
            Ok(sphere_store::insert_person(
                tx,
                &validate::person(&PersonInput {
                    first_name: "Anchor".into(),
                    ..Default::default()
                })?,
            )?)
        })?
        .id;
    println!("catch-up after another process added N people with a relationship each:");
    for n in [1usize, 10, 100, 1_000, 5_000] {
        let mut runs = Vec::new();
        for run in 0..3 {
            writer.write(|tx| {
                // Prepared once (a tie's summary written as computed: `insert_tie` would
                // compute it from the interaction log with a scan of every relationship).
                let mut w = sphere_store::bulk::BulkWriter::new(tx)?;
                for i in 0..n {
                    let p = w.person(
                        &validate::person(&PersonInput {
                            first_name: format!("New{n}x{run}x{i}"),
                            ..Default::default()
                        })?,
                        Ring::Beyond,
                    )?;
                    w.tie(
                        &validate::relationship(&RelationshipInput {
                            person_a: anchor,
                            person_b: p,
                            kind: TieKind::Acquaintance,
                            since: None,
                            how_met: None,
                            strength_override: None,
                            override_reason: None,
                        })?,
                        &sphere_domain::strength::TieStats::default(),
                    )?;
                }
                Ok(())
            })?;
            let (res, took) = time(|| server.settings_get(Empty {}));
            res?;
            runs.push(took);
        }
        let held = server.tie_strengths()?.len();
        assert_eq!(
            held,
            other.tie_strengths()?.len(),
            "the server holds every relationship"
        );
        println!(
            "  N = {n:>5} ({:>5} log rows): {:>9.0} µs (median of 3)",
            2 * n,
            us(median(runs))
        );
    }

    // 3. A full rebuild: a bulk write by the other process logs "everything".
    let mut runs = Vec::new();
    for _ in 0..3 {
        writer.write_bulk(|_| Ok(()))?;
        let (res, took) = time(|| server.settings_get(Empty {}));
        res?;
        runs.push(took);
    }
    println!(
        "catch-up by full rebuild (after a bulk write): {:.0} ms (median of 3)",
        median(runs).as_secs_f64() * 1e3
    );
    Ok(())
}
