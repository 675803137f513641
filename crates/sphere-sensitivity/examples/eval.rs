//! The engine's figures on labelled corpora, with every sentence it got wrong and why: a
//! lexicon editor's loop that builds only this crate.
//!
//! `cargo run -p sphere-sensitivity --example eval -- FILE.tsv [FILE.tsv…]`
//! (`sphere eval sensitivity` is the product's command for the same figures.)

use sphere_sensitivity::{engine, eval};

fn main() -> Result<(), String> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        return Err("usage: eval FILE.tsv [FILE.tsv…]".into());
    }
    let e = engine().map_err(|e| e.to_string())?;
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{f}: {e}"))?;
        let corpus = eval::parse_corpus(e, &text).map_err(|e| format!("{f}: {e}"))?;
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
    Ok(())
}
