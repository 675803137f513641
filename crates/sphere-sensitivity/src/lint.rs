//! The outreach linter: a draft message to one person, checked against what Sphere knows
//! about them and against how a first contact should sound.
//!
//! It flags, each with its span, the reason and a suggested fix:
//! * every reference to the recipient's **never** and **maybe** facts by value (a child's
//!   name, a school, a church, a diagnosis), in any case or with a possessive;
//! * sensitive passages by category wording ("your divorce", "the kids"), found by the engine;
//! * flattery about things the writer did not witness ("your amazing keynote"), unless the
//!   same sentence says they were there or read it;
//! * over-familiarity in a first contact ("Hey buddy", "xoxo", emoji).
//!
//! A maybe fact is only a caution when the relationship is old and strong enough
//! ([`super::usable`]); never stays never.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::Token;
use super::{Acquaintance, Engine, Sensitivity, Tenure, char_offset};

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LintKind {
    /// The value of one of the recipient's facts.
    Fact,
    /// A sensitive passage (category wording), whoever it is about.
    Passage,
    Flattery,
    OverFamiliar,
}

/// How bad it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must go: a never fact or passage.
    Remove,
    /// Should go or be rephrased.
    Warn,
    /// Allowed here, with care (a maybe fact in an old, strong relationship).
    Caution,
}

/// What the editor offers to do about a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
    Delete,
    Replace,
    None,
}

/// A change the editor can apply: replace characters `start..end` with `replacement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LintFix {
    /// "Remove the sentence", "Use “Hello Ada,”".
    pub label: String,
    pub start: u32,
    pub end: u32,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LintWarning {
    pub kind: LintKind,
    pub severity: Severity,
    /// Character offsets in the draft (Unicode scalar values).
    pub start: u32,
    pub end: u32,
    pub text: String,
    /// The bin of the fact or passage (for facts and passages).
    pub bin: Option<Sensitivity>,
    /// The category id (for facts and passages).
    pub category: Option<String>,
    pub reason: String,
    pub suggestion: String,
    pub fix: Option<LintFix>,
}

/// One of the recipient's facts, as the linter sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownFact {
    pub category: String,
    pub value: String,
}

/// Everything the linter knows about the recipient and the relationship.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub first_name: String,
    pub facts: Vec<KnownFact>,
    /// The user's relationship with them.
    pub known: Acquaintance,
    /// No relationship yet, or one with nothing logged.
    pub first_contact: bool,
}

/// Words too common to identify a fact on their own.
const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from", "by", "is",
    "are", "was", "his", "her", "their", "my", "our", "your", "new", "old", "mr", "mrs", "ms",
    "dr", "de", "la", "le", "van", "von", "da", "di", "plays", "play", "goes", "go", "has", "had",
    "have", "been",
];
/// Words too general to identify a fact even in a run ("High School", "soccer team").
const GENERAL: &[&str] = &[
    "high",
    "school",
    "team",
    "club",
    "church",
    "st",
    "saint",
    "soccer",
    "football",
    "league",
    "university",
    "college",
];

/// Checks `draft` to `to`. Warnings are in order of position, most severe first where two
/// start at the same place.
pub fn lint(engine: &Engine, draft: &str, to: &Recipient, tenure: Tenure) -> Vec<LintWarning> {
    let tokens = engine.tokenize(draft);
    let mut out = Vec::new();

    // 1. The recipient's never and maybe facts, by value.
    for f in &to.facts {
        let Some(cat) = engine.taxonomy.get(&f.category) else {
            continue;
        };
        if cat.bin == Sensitivity::Fine {
            continue;
        }
        let (ok, why) = super::usable(cat.bin, to.known, tenure);
        let value_tokens = engine.tokenize(&f.value);
        for (s, e) in value_matches(&tokens, &value_tokens, &f.value) {
            let (start, end) = (tokens[s].start, tokens[e - 1].end);
            let severity = match (cat.bin, ok) {
                (Sensitivity::Never, _) => Severity::Remove,
                (_, true) => Severity::Caution,
                _ => Severity::Warn,
            };
            out.push(LintWarning {
                kind: LintKind::Fact,
                severity,
                start: char_offset(draft, start),
                end: char_offset(draft, end),
                text: draft[start..end].to_string(),
                bin: Some(cat.bin),
                category: Some(cat.id.clone()),
                reason: format!(
                    "“{}” is one of {}'s {} facts ({}): {}",
                    &draft[start..end],
                    to.first_name,
                    cat.bin,
                    cat.label.to_lowercase(),
                    if cat.bin == Sensitivity::Never {
                        cat.rationale.clone()
                    } else {
                        why.clone()
                    }
                ),
                suggestion: match cat.bin {
                    Sensitivity::Never => format!(
                        "Remove it: anything about their {} stays out of outreach, even if {} told you.",
                        cat.label.to_lowercase(),
                        to.first_name
                    ),
                    _ if ok => {
                        "You know them well enough to mention it; be sure they would welcome it."
                            .to_string()
                    }
                    _ => "Leave it out until you know them better.".to_string(),
                },
                fix: (severity != Severity::Caution).then(|| remove_sentence(draft, &tokens, s)),
            });
        }
    }

    // 2. Sensitive passages by their wording.
    for found in engine.find_in(draft, &tokens) {
        let cat = &engine.taxonomy.categories[found.category];
        let p = engine.passage(draft, &found);
        if out
            .iter()
            .any(|w| w.kind == LintKind::Fact && w.start < p.end && p.start < w.end)
        {
            continue; // already flagged as one of their facts
        }
        let (ok, why) = super::usable(cat.bin, to.known, tenure);
        let severity = match (cat.bin, ok) {
            (Sensitivity::Never, _) => Severity::Remove,
            (_, true) => Severity::Caution,
            _ => Severity::Warn,
        };
        let first = tokens
            .iter()
            .position(|t| t.start >= found.start)
            .unwrap_or(0);
        out.push(LintWarning {
            kind: LintKind::Passage,
            severity,
            start: p.start,
            end: p.end,
            text: p.text.clone(),
            bin: Some(cat.bin),
            category: Some(cat.id.clone()),
            reason: if cat.bin == Sensitivity::Never {
                p.reason.clone()
            } else {
                format!("{} ({why})", p.reason)
            },
            suggestion: match cat.bin {
                Sensitivity::Never => format!(
                    "Remove it: it is about {}, which has no place in outreach.",
                    cat.label.to_lowercase()
                ),
                _ if ok => "Fine in a relationship like yours; keep it light.".to_string(),
                _ => "Too personal this early; leave it out.".to_string(),
            },
            fix: (severity != Severity::Caution).then(|| remove_sentence(draft, &tokens, first)),
        });
    }

    // 3. Flattery and over-familiarity.
    let cx = engine.context(&tokens);
    for check in &engine.checks {
        if check.first_contact_only && !to.first_contact {
            continue;
        }
        let excused: Vec<u32> = check
            .unless_in_sentence
            .as_ref()
            .map(|m| {
                m.find_all(&cx)
                    .iter()
                    .map(|h| tokens[h.start].sentence)
                    .collect()
            })
            .unwrap_or_default();
        let mut last_end = 0;
        for h in check.patterns.find_all(&cx) {
            if excused.contains(&tokens[h.start].sentence) || h.start < last_end {
                continue;
            }
            last_end = h.end;
            let (start, end) = (tokens[h.start].start, tokens[h.end - 1].end);
            let (cs, ce) = (char_offset(draft, start), char_offset(draft, end));
            let fill = |s: &str| s.replace("{first_name}", &to.first_name);
            let fix = match check.fix {
                FixKind::None => None,
                FixKind::Delete => {
                    let (ds, de) = widen_to_spaces(draft, start, end);
                    Some(LintFix {
                        label: "Remove it".into(),
                        start: char_offset(draft, ds),
                        end: char_offset(draft, de),
                        replacement: String::new(),
                    })
                }
                FixKind::Replace => {
                    let with = fill(check.replace_with.as_deref().unwrap_or_default());
                    // A greeting is replaced with its punctuation ("Hey buddy," → "Hello Ada,"),
                    // and any emoji before it ("Hey buddy 👋,").
                    let rest = &draft[end..];
                    let skipped = rest.len()
                        - rest
                            .trim_start_matches(|c: char| {
                                c == ' ' || is_emoji(c) || matches!(c, '\u{FE0F}' | '\u{200D}')
                            })
                            .len();
                    let end = if draft[end + skipped..].starts_with([',', '!']) {
                        end + skipped + 1
                    } else {
                        end
                    };
                    Some(LintFix {
                        label: format!("Use “{with}”"),
                        start: cs,
                        end: char_offset(draft, end),
                        replacement: with,
                    })
                }
            };
            out.push(LintWarning {
                kind: check.kind,
                severity: Severity::Warn,
                start: cs,
                end: ce,
                text: draft[start..end].to_string(),
                bin: None,
                category: None,
                reason: fill(&check.reason),
                suggestion: fill(&check.suggestion),
                fix,
            });
        }
    }
    if to.first_contact {
        out.extend(emoji_and_shouting(draft));
    }
    out.sort_by_key(|w| (w.start, w.severity, w.end));
    out
}

/// Where the value's words occur in the draft, as token ranges: the whole value, or (for a
/// value of several words) any two or more of its words in a row that include a distinctive
/// one — a name, a number, an uncommon word ("Lincoln High", "St. Mark's").
fn value_matches(draft: &[Token], value: &[Token], raw: &str) -> Vec<(usize, usize)> {
    let words: Vec<&Token> = value.iter().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let distinctive = |t: &Token| {
        !STOP.contains(&t.norm.as_str())
            && !GENERAL.contains(&t.norm.as_str())
            && (t.norm.chars().count() >= 3 || t.norm.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    let min_run = if words.len() == 1 { 1 } else { 2 };
    for at in 0..draft.len() {
        // The longest run of value words starting here.
        let mut best = 0;
        for from in 0..words.len() {
            let mut n = 0;
            while at + n < draft.len()
                && from + n < words.len()
                && draft[at + n].norm == words[from + n].norm
            {
                n += 1;
            }
            let run = &words[from..from + n];
            let whole = n == words.len();
            if n >= min_run && (whole || run.iter().any(|t| distinctive(t))) && n > best {
                best = n;
            }
        }
        // A single distinctive word of a short value is enough when it is a name ("Emma" of
        // "Emma (daughter)"): the value's capitalised words that are not at its start.
        if best == 0 && words.len() > 1 {
            let t = &draft[at];
            let is_name = value.iter().any(|v| {
                v.norm == t.norm
                    && distinctive(v)
                    && raw[v.start..v.end]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            });
            if is_name && t.capitalised {
                best = 1;
            }
        }
        if best > 0 && out.last().is_none_or(|&(_, e)| at >= e) {
            // The span starts and ends on words that say something ("Lincoln High", not
            // "at Lincoln High").
            let (mut s, mut e) = (at, at + best);
            while e - s > 1 && STOP.contains(&draft[s].norm.as_str()) {
                s += 1;
            }
            while e - s > 1 && STOP.contains(&draft[e - 1].norm.as_str()) {
                e -= 1;
            }
            out.push((s, e));
        }
    }
    out
}

/// A fix that deletes the sentence of token `at` (and the space after it), from the last
/// comma before it when there is one ("Hi Dana, hope Emma…" keeps "Hi Dana, ").
fn remove_sentence(draft: &str, tokens: &[Token], at: usize) -> LintFix {
    let sentence = tokens.get(at).map_or(0, |t| t.sentence);
    let first = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| t.sentence == sentence && *i <= at && (t.after_comma || t.sentence_start))
        .map(|(_, t)| t.start)
        .next_back()
        .or_else(|| {
            tokens
                .iter()
                .find(|t| t.sentence == sentence)
                .map(|t| t.start)
        })
        .unwrap_or(0);
    let last = tokens
        .iter()
        .rev()
        .find(|t| t.sentence == sentence)
        .map_or(draft.len(), |t| t.end);
    // Through the sentence's own punctuation and the spaces after it.
    let rest = &draft[last..];
    let punct = rest.len()
        - rest
            .trim_start_matches(['.', '!', '?', '"', '”', ')'])
            .len();
    let end = last + punct;
    let spaces = draft[end..].len() - draft[end..].trim_start_matches([' ', '\t']).len();
    LintFix {
        label: "Remove the sentence".into(),
        start: char_offset(draft, first),
        end: char_offset(draft, end + spaces),
        replacement: String::new(),
    }
}

/// `start..end` widened over one side's spaces, so deleting it leaves one space.
fn widen_to_spaces(draft: &str, start: usize, end: usize) -> (usize, usize) {
    let after = draft[end..].len() - draft[end..].trim_start_matches(' ').len();
    if after > 0 {
        return (start, end + after);
    }
    let before = draft[..start].len() - draft[..start].trim_end_matches(' ').len();
    (start - before, end)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x1F000..=0x1F2FF)
}

/// Emoji and runs of exclamation marks, in a first contact.
fn emoji_and_shouting(draft: &str) -> Vec<LintWarning> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = draft.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        let mut j = i;
        let what = if is_emoji(c) {
            while j + 1 < chars.len()
                && (is_emoji(chars[j + 1].1) || matches!(chars[j + 1].1, '\u{FE0F}' | '\u{200D}'))
            {
                j += 1;
            }
            Some((
                "Emoji in a first message read as over-familiar.",
                "Leave the emoji out of a first note.",
            ))
        } else if c == '!' && chars.get(i + 1).is_some_and(|n| n.1 == '!') {
            while j + 1 < chars.len() && chars[j + 1].1 == '!' {
                j += 1;
            }
            Some((
                "A run of exclamation marks reads as gushing in a first message.",
                "One full stop does the job.",
            ))
        } else {
            None
        };
        if let Some((reason, suggestion)) = what {
            let end = chars.get(j + 1).map_or(draft.len(), |n| n.0);
            // Deleting an emoji takes one side's spaces with it ("👋 Hey" → "Hey").
            let (del_start, del_end) = widen_to_spaces(draft, b, end);
            let is_bang = c == '!';
            out.push(LintWarning {
                kind: LintKind::OverFamiliar,
                severity: Severity::Warn,
                start: char_offset(draft, b),
                end: char_offset(draft, end),
                text: draft[b..end].to_string(),
                bin: None,
                category: None,
                reason: reason.into(),
                suggestion: suggestion.into(),
                fix: Some(LintFix {
                    label: if is_bang {
                        "Use one “.”".into()
                    } else {
                        "Remove it".into()
                    },
                    start: char_offset(draft, if is_bang { b } else { del_start }),
                    end: char_offset(draft, if is_bang { end } else { del_end }),
                    replacement: if is_bang { ".".into() } else { String::new() },
                }),
            });
        }
        i = j + 1;
    }
    out
}
