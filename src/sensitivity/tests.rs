//! The engine on sentences whose answer is known.

use super::*;

fn found(text: &str) -> Vec<(String, String)> {
    let e = engine().expect("the embedded data files parse");
    e.find(text)
        .iter()
        .map(|f| {
            (
                e.taxonomy.categories[f.category].id.clone(),
                text[f.start..f.end].to_string(),
            )
        })
        .collect()
}

#[test]
fn dev_corpus_report() {
    let e = engine().expect("engine");
    let path = std::env::var("CORPUS").unwrap_or_else(|_| {
        format!(
            "{}/tests/data/sensitivity/corpus.tsv",
            env!("CARGO_MANIFEST_DIR")
        )
    });
    let text = std::fs::read_to_string(path).expect("corpus");
    let corpus = eval::parse_corpus(e, &text).expect("parses");
    let r = eval::evaluate(e, &corpus);
    if std::env::var_os("SHOW").is_some() {
        for m in &r.misses {
            eprintln!(
                "{:>4} {:>5}/{:<18} got {:>5}/{:<16} {}",
                m.line,
                m.expected.as_str(),
                m.expected_category,
                m.got.as_str(),
                m.got_category.clone().unwrap_or_default(),
                m.text
            );
        }
        eprintln!(
            "{:?}\n{:?}\ncat acc {:.3} fine->never {:.3}",
            r.bins, r.confusion, r.category_accuracy, r.fine_marked_never
        );
    }
}

#[test]
fn the_example_of_the_issue() {
    assert_eq!(
        found("Her daughter Emma plays for the Lincoln High soccer team"),
        [(
            "children".to_string(),
            "daughter Emma plays for the Lincoln High soccer team".to_string()
        )]
    );
}

#[test]
fn debug_one() {
    let Ok(t) = std::env::var("ONE") else { return };
    let e = engine().expect("engine");
    let tokens = e.tokenize(&t);
    eprintln!(
        "{:?}",
        tokens
            .iter()
            .map(|t| (&t.norm, t.capitalised, t.clause))
            .collect::<Vec<_>>()
    );
    eprintln!("{}", e.debug(&t));
}
