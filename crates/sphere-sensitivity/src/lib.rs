//! Don't be creepy: which personal facts may be used in outreach.
//!
//! * [`taxonomy.toml`](taxonomy.toml) is the one list of categories, each in a bin (never,
//!   maybe, fine) with the reason;
//! * the engine finds sensitive passages in free text ([`classify_text`]), driven by a lexicon
//!   per language (`lexicon/en.toml`): cues that reveal a category, and professional
//!   look-alikes that must not count;
//! * [`usable`] decides whether a *maybe* fact may be used given the relationship's age and
//!   strength (never stays never);
//! * [`lint`] checks a draft message to one person against what Sphere knows about them.

mod engine;
pub mod eval;
pub mod lint;

mod pattern;
pub mod redact;
mod taxonomy;
pub mod text;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use engine::{Engine, Found};
use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::string_enum;
pub use taxonomy::{Category, Taxonomy};

string_enum! {
    /// What outreach may do with a kind of personal information.
    Sensitivity {
        /// Never referenced in outreach, whatever the tenure.
        Never = "never",
        /// Risky early; usable in an old, strong relationship, and then with care.
        Maybe = "maybe",
        /// Professional and fine to use (when witnessed).
        Fine = "fine",
    }
}

const TAXONOMY: &str = include_str!("taxonomy.toml");
const LEXICON_EN: &str = include_str!("lexicon/en.toml");
/// Generated from public lists (`scripts/world-lexicon.py`): the names of the world's religious
/// holidays and observances.
const LEXICON_EN_WORLD: &str = include_str!("lexicon/en-world.toml");
/// The labelled English corpus the engine is measured on (`sphere eval sensitivity`).
pub const CORPUS_EN: &str = include_str!("corpus/en.tsv");

/// The English engine, built once. Fails only if the embedded data files are broken, which
/// the tests would have caught.
pub fn engine() -> CoreResult<&'static Engine> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let taxonomy = Taxonomy::parse(TAXONOMY)?;
            Engine::new(
                Box::new(text::English),
                taxonomy,
                &[LEXICON_EN, LEXICON_EN_WORLD],
            )
        })
        .as_ref()
        .map_err(|e| CoreError::Internal(format!("the sensitivity data files are broken: {e}")))
}

/// A sensitive passage in a text, as the API reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Passage {
    /// Character offsets (Unicode scalar values, not bytes) of the passage: `start..end`.
    pub start: u32,
    pub end: u32,
    /// The passage itself.
    pub text: String,
    pub bin: Sensitivity,
    pub category: String,
    /// "Children" — the category's label.
    pub label: String,
    /// Why this must not (or only maybe) be used, naming the words that gave it away.
    pub reason: String,
}

/// Converts byte offsets of `text` into character offsets, for a sorted list of offsets.
pub(crate) fn char_offset(text: &str, byte: usize) -> u32 {
    text.get(..byte).map_or(0, |s| s.chars().count()) as u32
}

impl Engine {
    /// Turns an engine finding into the API's passage.
    pub fn passage(&self, text: &str, f: &Found) -> Passage {
        let c = &self.taxonomy.categories[f.category];
        Passage {
            start: char_offset(text, f.start),
            end: char_offset(text, f.end),
            text: text[f.start..f.end].to_string(),
            bin: c.bin,
            category: c.id.clone(),
            label: c.label.clone(),
            reason: format!(
                "“{}” reveals {}: {}",
                f.cue,
                c.label.to_lowercase(),
                c.rationale
            ),
        }
    }
}

/// The sensitive passages of `text`, in order.
pub fn classify_text(text: &str) -> CoreResult<Vec<Passage>> {
    let e = engine()?;
    Ok(e.find(text).iter().map(|f| e.passage(text, f)).collect())
}

/// The most sensitive bin among `passages` (fine when there are none).
pub fn worst(passages: &[Passage]) -> Sensitivity {
    passages
        .iter()
        .map(|p| p.bin)
        .min()
        .unwrap_or(Sensitivity::Fine)
}

/// `text` with the part of each clause that carries a never passage replaced by a marker
/// naming the categories (`[religion hidden]`), the names and places said with it included:
/// the one redaction rule of every view that shows free text (notes, how two people met,
/// interaction notes) without the person's never facts revealed. See [`redact`].
pub fn redact_never(text: &str) -> CoreResult<String> {
    Ok(engine()?.redact_never(text).0)
}

/// Whether `text` reads as never, whatever it was filed under ("recovering from
/// chemotherapy" filed as a hobby, a label `pregnant`): what an export or a shared view
/// leaves out.
pub fn reads_as_never(text: &str) -> CoreResult<bool> {
    let e = engine()?;
    Ok(e.find(text)
        .iter()
        .any(|f| e.taxonomy.categories[f.category].bin == Sensitivity::Never))
}

/// [`redact_never`] with how many never passages it hid.
pub fn redact_never_counted(text: &str) -> CoreResult<(String, usize)> {
    Ok(engine()?.redact_never(text))
}

/// When a *maybe* fact becomes usable: the relationship is at least this old and this strong.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Tenure {
    /// Years since the user and the person first knew each other.
    pub maybe_min_years: f64,
    /// Tie strength (0–1) of the user's relationship with them.
    pub maybe_min_strength: f64,
}

impl Default for Tenure {
    fn default() -> Self {
        Self {
            maybe_min_years: 2.0,
            maybe_min_strength: 0.5,
        }
    }
}

/// The relationship between the user and a person, as far as tenure is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Acquaintance {
    /// Years known (none when there is no relationship).
    pub years: Option<f64>,
    pub strength: f64,
}

/// "1 year", "6 years" (whole years known).
pub fn years_words(years: f64) -> String {
    match years.floor() as i64 {
        1 => "1 year".to_string(),
        n => format!("{n} years"),
    }
}

/// May a fact of this bin be used in outreach to someone the user knows like this? Returns
/// the answer and the reason in words.
pub fn usable(bin: Sensitivity, known: Acquaintance, tenure: Tenure) -> (bool, String) {
    match bin {
        Sensitivity::Never => (
            false,
            "never used in outreach, however long you have known them and even if they told you themselves".into(),
        ),
        Sensitivity::Fine => (true, "professional, fine to use (if you witnessed it)".into()),
        Sensitivity::Maybe => {
            let Some(years) = known.years else {
                return (false, "you have no relationship with them yet: too personal for a first contact".into());
            };
            let old = years >= tenure.maybe_min_years;
            let strong = known.strength >= tenure.maybe_min_strength;
            let known_for = if years < 1.0 {
                "less than a year".to_string()
            } else {
                years_words(years)
            };
            let facts = format!(
                "known for {known_for}, strength {:.0}% (usable from {} years and {:.0}%)",
                known.strength * 100.0,
                tenure.maybe_min_years,
                tenure.maybe_min_strength * 100.0
            );
            if old && strong {
                (true, format!("{facts}: usable with care; make sure they would welcome it"))
            } else {
                (false, format!("{facts}: too early in the relationship"))
            }
        }
    }
}

/// Validates a category id against the taxonomy.
pub fn category(id: &str) -> CoreResult<&'static Category> {
    let e = engine()?;
    e.taxonomy.get(id.trim()).ok_or_else(|| {
        CoreError::invalid(
            "category",
            format!(
                "unknown category `{id}`; expected one of: {}",
                e.taxonomy.ids()
            ),
        )
    })
}

#[cfg(test)]
mod tests;
