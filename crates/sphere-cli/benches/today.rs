//! Keeping in touch, Today and network health on a large network (`--db`, read only: the
//! synthetic network of `scripts/bench.sh` by default): each command timed five times after
//! the file is open and the graph built, median and worst. Each reads the user's interactions
//! once over the participant index; health recomputes 13 weekly points for three rings.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use sphere_api::*;

#[derive(Debug, Parser)]
struct Args {
    /// The database to open.
    #[arg(long)]
    db: PathBuf,
    /// Value strengths at this instant (RFC 3339), as the other benches do.
    #[arg(long)]
    as_of: Option<String>,
    /// `cargo bench` passes this; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

const RUNS: usize = 5;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn time<T>(
    name: &str,
    mut f: impl FnMut() -> Result<T, ApiError>,
    what: impl Fn(&T) -> String,
) -> Result<(), ApiError> {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        last = Some(f()?);
        times.push(started.elapsed());
    }
    times.sort_unstable();
    let said = last.as_ref().map(&what).unwrap_or_default();
    println!(
        "{name:<16} median {:>8.1} ms   worst {:>8.1} ms   ({said})",
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1])
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let started = Instant::now();
    let sphere = match &args.as_of {
        Some(at) => Sphere::open_as_of(&args.db, chrono::DateTime::parse_from_rfc3339(at)?.into())?,
        None => Sphere::open(&args.db)?,
    };
    let info = sphere.app_info(Empty {})?;
    println!(
        "\n== Today and keeping in touch: {} people, {} interactions (open + graph: {:.1} s) ==",
        info.counts.people,
        info.counts.interactions,
        started.elapsed().as_secs_f64()
    );
    time(
        "today",
        || sphere.today(TodayQuery::default()),
        |t| format!("{} items, {} more", t.items.len(), t.more),
    )?;
    time(
        "cadence_list",
        || sphere.cadence_list(CadenceQuery::default()),
        |l| format!("{} people", l.items.len()),
    )?;
    time(
        "network_health",
        || sphere.network_health(Empty {}),
        |h| {
            format!(
                "{} rings × {} points",
                h.rings.len(),
                h.rings.first().map_or(0, |r| r.trend.len())
            )
        },
    )?;
    Ok(())
}
