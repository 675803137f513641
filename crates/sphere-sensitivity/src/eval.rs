//! Measuring the engine on a labelled corpus: a tab-separated file with the header
//! `text`, `bin`, `category`, one sentence per line, labelled with its most sensitive
//! passage (a sentence with none is `fine`). A sentence's predicted bin is the most sensitive
//! bin among the passages the engine finds in it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Engine, Sensitivity};
use sphere_domain::error::{CoreError, CoreResult};

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub line: usize,
    pub text: String,
    pub bin: Sensitivity,
    pub category: String,
}

/// Reads a corpus, naming the line and column of anything wrong.
pub fn parse_corpus(engine: &Engine, text: &str) -> CoreResult<Vec<Labelled>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .quoting(false)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| CoreError::invalid("corpus", format!("line 1: cannot read the header: {e}")))?
        .clone();
    let want = ["text", "bin", "category"];
    if headers.iter().map(str::trim).collect::<Vec<_>>() != want {
        return Err(CoreError::invalid(
            "corpus",
            format!(
                "line 1: the header must be `text<TAB>bin<TAB>category`, found `{}`",
                headers.iter().collect::<Vec<_>>().join("<TAB>")
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let r = record.map_err(|e| CoreError::invalid("corpus", format!("line {line}: {e}")))?;
        if r.len() != 3 {
            return Err(CoreError::invalid(
                "corpus",
                format!(
                    "line {line}: expected 3 tab-separated columns, found {}",
                    r.len()
                ),
            ));
        }
        let text = r[0].trim().to_string();
        if text.is_empty() {
            return Err(CoreError::invalid(
                "corpus",
                format!("line {line}, column text: empty"),
            ));
        }
        let bin = Sensitivity::parse(&r[1]).ok_or_else(|| {
            CoreError::invalid(
                "corpus",
                format!(
                    "line {line}, column bin: `{}` is not one of {}",
                    &r[1],
                    Sensitivity::choices()
                ),
            )
        })?;
        let category = r[2].trim().to_string();
        match engine.taxonomy.get(&category) {
            None => {
                return Err(CoreError::invalid(
                    "corpus",
                    format!(
                        "line {line}, column category: unknown category `{category}`; expected one of: {}",
                        engine.taxonomy.ids()
                    ),
                ));
            }
            Some(c) if c.bin != bin => {
                return Err(CoreError::invalid(
                    "corpus",
                    format!(
                        "line {line}: category `{category}` is in bin {}, not {bin}",
                        c.bin
                    ),
                ));
            }
            Some(_) => {}
        }
        out.push(Labelled {
            line,
            text,
            bin,
            category,
        });
    }
    if out.is_empty() {
        return Err(CoreError::invalid(
            "corpus",
            "the corpus has a header but no sentences",
        ));
    }
    Ok(out)
}

/// Precision and recall of one bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BinScore {
    pub bin: Sensitivity,
    /// Sentences labelled with this bin.
    pub support: u32,
    pub precision: f64,
    pub recall: f64,
}

/// A sentence the engine got wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Miss {
    pub line: u32,
    pub text: String,
    pub expected: Sensitivity,
    pub expected_category: String,
    pub got: Sensitivity,
    /// The category of the most sensitive passage found, if any.
    pub got_category: Option<String>,
}

/// Recall of one never or maybe category: of the sentences labelled with it, how many the
/// engine put in the category's bin (what hiding and the linter rely on), and how many it also
/// named right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CategoryScore {
    pub category: String,
    pub bin: Sensitivity,
    /// Sentences labelled with this category.
    pub support: u32,
    /// Share of them the engine put in the category's bin.
    pub recall: f64,
    /// Share of them found in the bin with this very category among the passages.
    pub named: f64,
}

/// The engine's figures on a corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Evaluation {
    pub sentences: u32,
    /// never, maybe, fine.
    pub bins: Vec<BinScore>,
    /// `confusion[expected][predicted]`, rows and columns in the order never, maybe, fine.
    pub confusion: Vec<Vec<u32>>,
    /// Of the sentences labelled never or maybe and predicted in the right bin, the share
    /// whose category is right too.
    pub category_accuracy: f64,
    /// Share of the sentences labelled fine that the engine marks never.
    pub fine_marked_never: f64,
    /// Per never and maybe category, in the taxonomy's order (categories without sentences
    /// left out).
    pub categories: Vec<CategoryScore>,
    pub misses: Vec<Miss>,
}

fn index(b: Sensitivity) -> usize {
    match b {
        Sensitivity::Never => 0,
        Sensitivity::Maybe => 1,
        Sensitivity::Fine => 2,
    }
}

pub fn evaluate(engine: &Engine, corpus: &[Labelled]) -> Evaluation {
    let mut confusion = vec![vec![0u32; 3]; 3];
    let mut misses = Vec::new();
    let (mut cat_ok, mut cat_n) = (0u32, 0u32);
    // Per category: labelled, found in the bin, named right.
    let mut per: Vec<(u32, u32, u32)> = vec![(0, 0, 0); engine.taxonomy.categories.len()];
    for s in corpus {
        let found = engine.find(&s.text);
        let top = found.iter().min_by_key(|f| engine.bin_of(f.category));
        let got = top.map_or(Sensitivity::Fine, |f| engine.bin_of(f.category));
        let got_category = top.map(|f| engine.taxonomy.categories[f.category].id.clone());
        confusion[index(s.bin)][index(got)] += 1;
        let labelled = engine.taxonomy.index_of(&s.category);
        if let Some(c) = labelled.filter(|_| s.bin != Sensitivity::Fine) {
            per[c].0 += 1;
        }
        if got == s.bin && s.bin != Sensitivity::Fine {
            cat_n += 1;
            // Right when any passage of the expected bin has the expected category.
            let named = found
                .iter()
                .any(|f| engine.taxonomy.categories[f.category].id == s.category);
            if named {
                cat_ok += 1;
            }
            if let Some(c) = labelled {
                per[c].1 += 1;
                per[c].2 += u32::from(named);
            }
        }
        if got != s.bin {
            misses.push(Miss {
                line: s.line as u32,
                text: s.text.clone(),
                expected: s.bin,
                expected_category: s.category.clone(),
                got,
                got_category,
            });
        }
    }
    let ratio = |a: u32, b: u32| {
        if b == 0 {
            1.0
        } else {
            f64::from(a) / f64::from(b)
        }
    };
    let bins = Sensitivity::ALL
        .iter()
        .map(|&b| {
            let i = index(b);
            let tp = confusion[i][i];
            let predicted: u32 = (0..3).map(|r| confusion[r][i]).sum();
            let support: u32 = confusion[i].iter().sum();
            BinScore {
                bin: b,
                support,
                precision: ratio(tp, predicted),
                recall: ratio(tp, support),
            }
        })
        .collect();
    let fine_total: u32 = confusion[2].iter().sum();
    Evaluation {
        sentences: corpus.len() as u32,
        bins,
        fine_marked_never: ratio(confusion[2][0], fine_total).min(1.0)
            * if fine_total == 0 { 0.0 } else { 1.0 },
        confusion,
        category_accuracy: ratio(cat_ok, cat_n),
        categories: engine
            .taxonomy
            .categories
            .iter()
            .zip(&per)
            .filter(|(_, p)| p.0 > 0)
            .map(|(c, &(n, found, named))| CategoryScore {
                category: c.id.clone(),
                bin: c.bin,
                support: n,
                recall: ratio(found, n),
                named: ratio(named, n),
            })
            .collect(),
        misses,
    }
}

/// A list of corpora and what each was for (`tests/data/sensitivity/corpora.toml`): the
/// README's table is this list, measured.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub corpus: Vec<CorpusEntry>,
}

/// One corpus of a manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusEntry {
    /// The file, relative to the manifest.
    pub file: String,
    /// `tuned` (the lexicon was changed while looking at it) or `held_out` (never looked at
    /// while tuning; the figures that say what to expect).
    pub role: CorpusRole,
    /// Who wrote it, and how.
    pub writer: String,
    /// When it was written, relative to the tuning (for a held-out set: after which change).
    pub written: String,
    /// A held-out set's figures when it was measured: the floor it must stay at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured: Option<Figures>,
}

/// The figures issue 18 sets targets for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    pub never_precision: f64,
    pub never_recall: f64,
    pub maybe_recall: f64,
    /// A share, 0 to 1.
    pub fine_marked_never: f64,
}

impl Figures {
    /// Issue 18's targets, on held-out text.
    pub const TARGETS: Figures = Figures {
        never_precision: 0.90,
        never_recall: 0.95,
        maybe_recall: 0.85,
        fine_marked_never: 0.05,
    };

    pub fn of(e: &Evaluation) -> Figures {
        Figures {
            never_precision: e.bins[0].precision,
            never_recall: e.bins[0].recall,
            maybe_recall: e.bins[1].recall,
            fine_marked_never: e.fine_marked_never,
        }
    }

    /// At least as good as `floor` on every figure (to three decimals, as they are printed).
    pub fn at_least(&self, floor: &Figures) -> bool {
        let r = |x: f64| (x * 1000.0).round();
        r(self.never_precision) >= r(floor.never_precision)
            && r(self.never_recall) >= r(floor.never_recall)
            && r(self.maybe_recall) >= r(floor.maybe_recall)
            && r(self.fine_marked_never) <= r(floor.fine_marked_never)
    }
}

/// What a corpus was used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorpusRole {
    Tuned,
    HeldOut,
}

impl std::fmt::Display for CorpusRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CorpusRole::Tuned => "tuned on",
            CorpusRole::HeldOut => "held out",
        })
    }
}

/// Reads a manifest, naming what is wrong.
pub fn parse_manifest(text: &str) -> CoreResult<Manifest> {
    let m: Manifest = toml::from_str(text)
        .map_err(|e| CoreError::invalid("manifest", format!("not a corpus list: {e}")))?;
    if m.corpus.is_empty() {
        return Err(CoreError::invalid("manifest", "it lists no corpus"));
    }
    for c in &m.corpus {
        let Some(f) = c.measured else { continue };
        for (name, v) in [
            ("never_precision", f.never_precision),
            ("never_recall", f.never_recall),
            ("maybe_recall", f.maybe_recall),
            ("fine_marked_never", f.fine_marked_never),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(CoreError::invalid(
                    "manifest",
                    format!(
                        "{}: measured.{name} is {v}, not a share between 0 and 1",
                        c.file
                    ),
                ));
            }
        }
    }
    if let Some(c) = m
        .corpus
        .iter()
        .find(|c| c.role == CorpusRole::HeldOut && c.measured.is_none())
    {
        return Err(CoreError::invalid(
            "manifest",
            format!("{}: a held-out corpus needs its `measured` figures", c.file),
        ));
    }
    Ok(m)
}
