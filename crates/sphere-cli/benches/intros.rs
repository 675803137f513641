//! Introductions you could make, on a copy of a network (`--from DB`, left alone) or a
//! synthetic one made here: every contact of the user gets one need and one offer from ten
//! terms (through `need_offer_create`, as a user would add them), then `intro_suggestions`
//! (the first 20) runs again and again; prints the median and the worst, with how many pairs
//! met, how many link prediction left out, and how many people have entries.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use sphere_api::domain::intros::{NeedKind, NeedOfferInput};
use sphere_api::*;

#[derive(Debug, Parser)]
struct Args {
    /// A database to copy and work on (a synthetic network is made when absent).
    #[arg(long)]
    from: Option<PathBuf>,
    #[arg(long, default_value_t = 20_000)]
    people: usize,
    #[arg(long, default_value_t = 200_000)]
    ties: usize,
    #[arg(long, default_value_t = 9)]
    runs: usize,
    /// `cargo bench` passes this; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

const TERMS: &[&str] = &[
    "seed investors",
    "hiring advice",
    "design partner",
    "customers in retail",
    "pricing advice",
    "security review",
    "technical advisor",
    "go-to-market advice",
    "legal advice",
    "mentoring",
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let tmp = tempfile::tempdir()?;
    let db = tmp.path().join("intros.db");
    if let Some(from) = &args.from {
        drop(sphere_store::Store::open(from)?);
        std::fs::copy(from, &db)?;
    } else {
        Sphere::open(&db)?.synth_load(SynthOptions {
            people: args.people,
            ties: args.ties,
            seed: 1,
            until: chrono::Utc::now(),
        })?;
    }
    let sphere = Sphere::open(&db)?;
    let me = sphere
        .app_info(Empty {})?
        .me
        .ok_or("the network has no one at the centre")?
        .id;
    let contacts: Vec<i64> = sphere
        .tie_list(TieQuery {
            person_id: Some(me),
            reveal_never: None,
        })?
        .iter()
        .map(|t| t.other.id)
        .collect();
    let start = Instant::now();
    for &p in &contacts {
        for (kind, k) in [(NeedKind::Need, 7), (NeedKind::Offer, 13)] {
            let term = TERMS[(p as usize * k) % TERMS.len()];
            sphere.need_offer_create(NeedOfferInput {
                person_id: p,
                kind: Some(kind),
                term: term.into(),
                ..Default::default()
            })?;
        }
    }
    println!(
        "{} contacts of the user, each with a need and an offer (added in {:.0} ms)",
        contacts.len(),
        ms(start.elapsed())
    );
    let mut times = Vec::with_capacity(args.runs);
    let mut last = None;
    for _ in 0..args.runs {
        let t = Instant::now();
        let page = sphere.intro_suggestions(SuggestionQuery {
            limit: Some(20),
            person: None,
        })?;
        times.push(t.elapsed());
        last = Some(page);
    }
    times.sort_unstable();
    let page = last.ok_or("no run")?;
    println!(
        "intro_suggestions (first 20): median {:.1} ms, worst {:.1} ms over {} runs; {} pairs met, {} left out as likely known, {} people with entries",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        times.len(),
        page.considered,
        page.likely_known,
        page.people_with_entries
    );
    Ok(())
}
