//! The path-search benchmark on one database (run by `scripts/bench.sh`):
//!
//! 1. `Sphere::open_as_of`: open the file and build the graph;
//! 2. for a fixed set of random pairs in the largest component, the k best paths with at most
//!    H hops and without a hop bound (p50, p99, max; and how many queries outgrew the
//!    best-first search's budget and were answered by Yen's algorithm);
//! 3. one single-source Dijkstra (`single_source_reach`) from the first pairs' sources;
//! 4. referral sources (`sources_rank`) for 100 target organizations (the largest), when the
//!    data set has organizations (the synthetic network; CollegeMsg has none);
//! 5. peak RSS (VmHWM);
//!
//! then exports the graph (edges with costs) and the first pairs with Sphere's times and
//! costs, so the Python peers (NetworkX, igraph) time the same queries on the same input.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sphere_api::Sphere;
use sphere_api::domain::Id;
use sphere_graph::paths::Method;
use sphere_graph::{PathSpec, PathTo};

#[derive(Debug, Parser)]
struct Args {
    /// The database to open.
    #[arg(long)]
    db: PathBuf,
    /// Value strengths at this instant (RFC 3339).
    #[arg(long)]
    as_of: String,
    /// The data set's name, for the report.
    #[arg(long)]
    label: String,
    /// Where to write the peers' input and the results.
    #[arg(long)]
    out: PathBuf,
    /// Query pairs.
    #[arg(long, default_value_t = 200)]
    pairs: usize,
    /// The first this many pairs are exported for the peers.
    #[arg(long, default_value_t = 20)]
    peer_pairs: usize,
    #[arg(short, default_value_t = 10)]
    k: usize,
    /// The hop bound of the bounded queries.
    #[arg(long, default_value_t = 4)]
    hops: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// `cargo bench` passes this; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The `q`-quantile (nearest rank) of sorted durations, in ms.
fn quantile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    ms(sorted[rank - 1])
}

/// VmHWM (peak resident set) of this process, in MB.
fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The people of the largest connected component, ascending.
fn largest_component(ties: &[(Id, Id, Id, f64)]) -> Vec<Id> {
    let mut parent: HashMap<Id, Id> = HashMap::new();
    fn find(parent: &mut HashMap<Id, Id>, x: Id) -> Id {
        let mut root = x;
        while let Some(&p) = parent.get(&root).filter(|&&p| p != root) {
            root = p;
        }
        let mut y = x;
        while y != root {
            let next = parent.get(&y).copied().unwrap_or(root);
            parent.insert(y, root);
            y = next;
        }
        root
    }
    for &(_, a, b, s) in ties {
        if s <= 0.0 {
            continue;
        }
        parent.entry(a).or_insert(a);
        parent.entry(b).or_insert(b);
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let people: Vec<Id> = parent.keys().copied().collect();
    let mut size: HashMap<Id, usize> = HashMap::new();
    let mut root_of = Vec::with_capacity(people.len());
    for p in people {
        let r = find(&mut parent, p);
        *size.entry(r).or_default() += 1;
        root_of.push((p, r));
    }
    let biggest = size
        .iter()
        .max_by_key(|(r, n)| (**n, std::cmp::Reverse(**r)))
        .map(|(r, _)| *r);
    let mut out: Vec<Id> = root_of
        .into_iter()
        .filter(|(_, r)| Some(*r) == biggest)
        .map(|(p, _)| p)
        .collect();
    out.sort_unstable();
    out
}

/// The referral-sources figure.
struct SourcesFigure {
    median_ms: f64,
    times_ms: Vec<f64>,
    runs: usize,
    targets: usize,
    unreached: usize,
    sources: usize,
}

/// How many times the sources query runs; the median counts.
const SOURCES_RUNS: usize = 5;
/// How many target organizations: the largest by head count (ties by id), so the choice is
/// the same on every run of one data set.
const SOURCE_TARGETS: usize = 100;

/// `sources_rank` over the largest organizations; `None` without organizations or a centre.
fn time_sources(sphere: &Sphere) -> Result<Option<SourcesFigure>, Box<dyn std::error::Error>> {
    let mut orgs = sphere.org_list(sphere_api::OrgQuery { search: None })?;
    if orgs.is_empty() || sphere.app_info(sphere_api::Empty {})?.me.is_none() {
        return Ok(None);
    }
    orgs.sort_by(|a, b| {
        b.people_count
            .cmp(&a.people_count)
            .then(a.organization.id.cmp(&b.organization.id))
    });
    let targets: Vec<sphere_api::SourceTarget> = orgs
        .iter()
        .take(SOURCE_TARGETS)
        .map(|o| sphere_api::SourceTarget {
            organization: Some(o.organization.id),
            ..Default::default()
        })
        .collect();
    let query = sphere_api::SourcesQuery {
        targets,
        max_hops: None,
        limit: Some(20),
    };
    let mut times = Vec::with_capacity(SOURCES_RUNS);
    let mut last = None;
    for _ in 0..SOURCES_RUNS {
        let started = Instant::now();
        last = Some(sphere.sources_rank(query.clone())?);
        times.push(started.elapsed());
    }
    let result = last.ok_or("no sources run")?;
    let mut sorted = times.clone();
    sorted.sort_unstable();
    Ok(Some(SourcesFigure {
        median_ms: quantile(&sorted, 0.5),
        times_ms: times.iter().map(|d| ms(*d)).collect(),
        runs: SOURCES_RUNS,
        targets: result.targets.len(),
        unreached: result.unreached.len(),
        sources: result.sources.len(),
    }))
}

struct Timed {
    times: Vec<Duration>,
    /// Per pair: the costs of the paths found.
    costs: Vec<Vec<f64>>,
    /// How many queries Yen's algorithm answered.
    by_yen: usize,
}

fn run_queries(
    sphere: &Sphere,
    pairs: &[(Id, Id)],
    k: usize,
    hops: Option<usize>,
    strength: &HashMap<(Id, Id), f64>,
) -> Result<Timed, Box<dyn std::error::Error>> {
    let mut times = Vec::with_capacity(pairs.len());
    let mut costs = Vec::with_capacity(pairs.len());
    let mut by_yen = 0;
    for &(s, t) in pairs {
        let spec = PathSpec {
            from: vec![s],
            to: PathTo::Person(t),
            k,
            max_hops: hops,
            exclude: Vec::new(),
            ask_penalty: false,
        };
        let started = Instant::now();
        let answer = sphere.raw_paths(&spec)?;
        times.push(started.elapsed());
        by_yen += usize::from(answer.method == Method::Yen);
        // Path costs summed from the source, as the search sums them.
        costs.push(
            answer
                .paths
                .iter()
                .map(|p| {
                    p.people
                        .windows(2)
                        .map(|w| -strength[&(w[0].min(w[1]), w[0].max(w[1]))].ln())
                        .fold(0.0, |acc, c| acc + c)
                })
                .collect(),
        );
    }
    Ok(Timed {
        times,
        costs,
        by_yen,
    })
}

fn summary_line(name: &str, t: &Timed, k: usize) -> String {
    let mut sorted = t.times.clone();
    sorted.sort_unstable();
    let full = t.costs.iter().filter(|c| c.len() == k).count();
    let none = t.costs.iter().filter(|c| c.is_empty()).count();
    let yen = if t.by_yen > 0 {
        format!("; {} answered by Yen's algorithm", t.by_yen)
    } else {
        String::new()
    };
    format!(
        "{name:<26} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms   ({} pairs: {full} with {k} paths, {none} with none{yen})",
        quantile(&sorted, 0.5),
        quantile(&sorted, 0.99),
        quantile(&sorted, 1.0),
        t.times.len()
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let as_of = chrono::DateTime::parse_from_rfc3339(&args.as_of)?.with_timezone(&chrono::Utc);
    std::fs::create_dir_all(&args.out)?;

    // The file's pages in the page cache first (this machine evicts idle pages quickly, and
    // a cold read measures the disk, not Sphere), then three opens: the median counts.
    std::io::copy(&mut std::fs::File::open(&args.db)?, &mut std::io::sink())?;
    let mut opens = Vec::new();
    let mut sphere = None;
    for _ in 0..3 {
        drop(sphere.take());
        let started = Instant::now();
        sphere = Some(Sphere::open_as_of(&args.db, as_of)?);
        opens.push(started.elapsed());
    }
    let sphere = sphere.ok_or("the database did not open")?;
    let rss_open = peak_rss_mb();
    opens.sort_unstable();
    let open = opens[1];
    let info = sphere.app_info(sphere_api::Empty {})?;

    let ties = sphere.tie_strengths()?;
    let strength: HashMap<(Id, Id), f64> = ties.iter().map(|&(_, a, b, s)| ((a, b), s)).collect();
    let component = largest_component(&ties);
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let mut pairs: Vec<(Id, Id)> = Vec::with_capacity(args.pairs);
    while pairs.len() < args.pairs && component.len() > 1 {
        let s = component[rng.random_range(0..component.len())];
        let t = component[rng.random_range(0..component.len())];
        if s != t && !pairs.contains(&(s, t)) {
            pairs.push((s, t));
        }
    }

    let bounded = run_queries(&sphere, &pairs, args.k, Some(args.hops), &strength)?;
    let unbounded = run_queries(&sphere, &pairs, args.k, None, &strength)?;
    let peer_pairs = &pairs[..args.peer_pairs.min(pairs.len())];
    let mut dijkstra = Vec::new();
    let mut reached = 0;
    for &(s, _) in peer_pairs {
        let started = Instant::now();
        reached = sphere.single_source_reach(s)?;
        dijkstra.push(started.elapsed());
    }
    dijkstra.sort_unstable();
    let sources = time_sources(&sphere)?;
    let rss = peak_rss_mb();

    println!(
        "\n== {} ({} people, {} relationships; strengths as of {}) ==",
        args.label, info.counts.people, info.counts.relationships, args.as_of
    );
    println!(
        "{:<26} {:>8.3} s   (median of 3 opens; fastest {:.3} s, slowest {:.3} s)",
        "open + graph build",
        open.as_secs_f64(),
        opens[0].as_secs_f64(),
        opens[2].as_secs_f64()
    );
    println!(
        "{}",
        summary_line(&format!("k={}, H<={}", args.k, args.hops), &bounded, args.k)
    );
    println!(
        "{}",
        summary_line(&format!("k={}, no hop bound", args.k), &unbounded, args.k)
    );
    println!(
        "{:<26} p50 {:>8.3} ms   (from {} sources; reaches {reached} people)",
        "single-source Dijkstra",
        quantile(&dijkstra, 0.5),
        dijkstra.len()
    );
    match &sources {
        Some(s) => println!(
            "{:<26} {:>8.3} ms   (median of {} runs; {} sources, {} of {} targets reached; no peer: NetworkX and igraph have no leverage ranking, and a per-contact multi-target search there would time our algorithm, not theirs)",
            "sources: 100 target organizations",
            s.median_ms,
            s.runs,
            s.sources,
            s.targets - s.unreached,
            s.targets
        ),
        None => println!(
            "{:<26} (no organizations or no centre person in this data set)",
            "sources: 100 target organizations"
        ),
    }
    println!(
        "{:<26} {:>8.1} MB   (after open: {rss_open:.1} MB; the rest is the queries and this benchmark's own tables)",
        "peak RSS (VmHWM)", rss
    );

    // The peers' input: every usable tie with its cost, and the first pairs with Sphere's
    // times and costs.
    let mut edges = String::with_capacity(ties.len() * 32);
    for &(_, a, b, s) in &ties {
        if s > 0.0 {
            let _ = writeln!(edges, "{a}\t{b}\t{:?}", (-s.ln()).max(0.0));
        }
    }
    std::fs::write(args.out.join("edges.tsv"), edges)?;
    let peer: Vec<serde_json::Value> = peer_pairs
        .iter()
        .enumerate()
        .map(|(i, &(s, t))| {
            serde_json::json!({
                "source": s,
                "target": t,
                "unbounded_seconds": unbounded.times[i].as_secs_f64(),
                "unbounded_costs": unbounded.costs[i],
                "bounded_seconds": bounded.times[i].as_secs_f64(),
            })
        })
        .collect();
    let report = serde_json::json!({
        "label": args.label,
        "people": info.counts.people,
        "relationships": info.counts.relationships,
        "k": args.k,
        "hops": args.hops,
        "open_seconds": opens.iter().map(Duration::as_secs_f64).collect::<Vec<_>>(),
        "bounded_ms": bounded.times.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
        "unbounded_ms": unbounded.times.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
        "dijkstra_ms": dijkstra.iter().map(|d| ms(*d)).collect::<Vec<_>>(),
        "sources_ms": sources.as_ref().map(|s| s.times_ms.clone()),
        "peak_rss_mb": rss,
        "peak_rss_after_open_mb": rss_open,
        "peer_pairs": peer,
    });
    std::fs::write(
        args.out.join("sphere.json"),
        serde_json::to_string_pretty(&report)?,
    )?;
    Ok(())
}
