//! How fast the sensitivity engine reads text (run by `scripts/bench.sh`): a 2,000-word note
//! made of the built-in corpus's sentences, classified 300 times (p50, p99, max), and a
//! 300-word draft linted against a recipient with never and maybe facts.

use std::time::{Duration, Instant};

use sphere_sensitivity::lint::{KnownFact, Recipient, lint};
use sphere_sensitivity::{self as sensitivity, Acquaintance, Tenure};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn quantile(sorted: &[Duration], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    ms(sorted[rank - 1])
}

/// The first `words` words of the corpus's sentences, in order, as one note.
fn note(words: usize) -> String {
    let sentences: Vec<&str> = sensitivity::CORPUS_EN
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut out = String::new();
    let mut n = 0;
    'outer: loop {
        for s in &sentences {
            for w in s.split_whitespace() {
                if n == words {
                    break 'outer;
                }
                out.push_str(w);
                out.push(' ');
                n += 1;
            }
        }
    }
    out
}

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut found = 0;
    for _ in 0..runs {
        let t = Instant::now();
        found = f();
        times.push(t.elapsed());
    }
    times.sort_unstable();
    (times, found)
}

fn report(label: &str, chars: usize, (times, found): (Vec<Duration>, usize)) {
    println!(
        "{label:<34} p50 {:>7.3} ms   p99 {:>7.3} ms   max {:>7.3} ms   ({} runs, {chars} characters, {found} found)",
        quantile(&times, 0.5),
        quantile(&times, 0.99),
        quantile(&times, 1.0),
        times.len()
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let engine = sensitivity::engine()?;
    println!("\n== Sensitivity engine (English lexicon; one thread) ==");
    let t = Instant::now();
    let _ =
        sensitivity::Taxonomy::parse(include_str!("../../sphere-sensitivity/src/taxonomy.toml"))?;
    println!("{:<34} {:>7.3} ms", "parse the taxonomy", ms(t.elapsed()));
    let text = note(2_000);
    report(
        "classify a 2,000-word note",
        text.chars().count(),
        time(300, || engine.find(&text).len()),
    );
    let short = note(40);
    report(
        "classify a 40-word note",
        short.chars().count(),
        time(3_000, || engine.find(&short).len()),
    );
    let draft = note(300)
        + " Hope Emma's season at Lincoln High goes well, and congratulations on the promotion.";
    let to = Recipient {
        first_name: "Dana".into(),
        facts: vec![
            KnownFact {
                category: "children".into(),
                value: "Emma, plays soccer at Lincoln High".into(),
            },
            KnownFact {
                category: "health".into(),
                value: "multiple sclerosis".into(),
            },
            KnownFact {
                category: "promotion".into(),
                value: "promoted to VP of Operations".into(),
            },
        ],
        known: Acquaintance {
            years: Some(1.0),
            strength: 0.3,
        },
        first_contact: true,
        public: Vec::new(),
    };
    report(
        "lint a 300-word draft (3 facts)",
        draft.chars().count(),
        time(300, || {
            lint(engine, &draft, &to, &[], Tenure::default()).len()
        }),
    );
    Ok(())
}
