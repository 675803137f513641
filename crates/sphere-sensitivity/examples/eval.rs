//! The engine's figures on labelled corpora, with every sentence it got wrong and why: a
//! lexicon editor's loop that builds only this crate.
//!
//! `cargo run -p sphere-sensitivity --example eval -- FILE.tsv [FILE.tsv…]`
//! (`sphere eval sensitivity` is the product's command for the same figures.)

use sphere_sensitivity::{engine, eval};

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: eval FILE.tsv [FILE.tsv…]");
        std::process::exit(2);
    }
    let e = match engine() {
        Ok(e) => e,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    for f in files {
        let text = match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(err) => {
                eprintln!("{f}: {err}");
                std::process::exit(1);
            }
        };
        let corpus = match eval::parse_corpus(e, &text) {
            Ok(c) => c,
            Err(err) => {
                eprintln!("{f}: {err}");
                std::process::exit(1);
            }
        };
        let r = eval::evaluate(e, &corpus);
        for m in &r.misses {
            println!(
                "{f}:{} labelled {}/{} found {}{}: {}",
                m.line,
                m.expected,
                m.expected_category,
                m.got,
                m.got_category
                    .as_deref()
                    .map(|c| format!("/{c}"))
                    .unwrap_or_default(),
                m.text
            );
            print!("{}", e.debug(&m.text));
        }
        let b = &r.bins;
        println!(
            "{f}: {} sentences · never P {:.3} R {:.3} · maybe P {:.3} R {:.3} · fine→never {:.1}% · {} wrong",
            r.sentences,
            b[0].precision,
            b[0].recall,
            b[1].precision,
            b[1].recall,
            r.fine_marked_never * 100.0,
            r.misses.len()
        );
    }
}
