//! The outreach linter: a draft message to one person, checked against what Sphere knows
//! about everyone it concerns and against how a first contact should sound.
//!
//! It flags, each with its span, the reason and a suggested fix:
//! * every reference to a **never** or **maybe** fact by value (a child's name, a school, a
//!   church, a diagnosis), in any case or with a possessive, whoever the fact is about: the
//!   recipient, and everyone else the message concerns ([`Concerned`]: the person an
//!   introduction is asked for, its target, anyone the draft names). Each warning says whose
//!   fact it is;
//! * sensitive passages by category wording ("your divorce", "the kids"), found by the engine;
//! * flattery about things the writer did not witness ("your amazing keynote"), unless the
//!   same sentence says they were there or read it;
//! * over-familiarity in a first contact ("Hey buddy", "xoxo", emoji).
//!
//! A maybe fact is only a caution when the user's relationship with *the person it is about*
//! is old and strong enough ([`super::usable`]); never stays never.
//!
//! **Case.** A fact's value matches in any case ("hope emma is well" names Emma). A one-word
//! match that may just be an English word is treated with care, because a linter that cries
//! wolf on every "hope" and "will" is switched off:
//! * a given name that is also an everyday word (class `word_names` of the lexicon: Grace,
//!   Hope, Rose, Mark, Bill…) counts in any case, but only at full severity when written as a
//!   name: capitalised, not at the start of a sentence, and not in a shouted (all capitals)
//!   word. Otherwise ("I hope you will grace us", "Grace is…" at a sentence's start, "GRACE")
//!   it is one step milder (a never fact warns instead of asking for removal) and the warning
//!   says it may be the ordinary word;
//! * a function word, month or weekday (class `not_name`: Will, May, June, March…) counts
//!   only when capitalised ("May's recital", "say hi to Will"), with the same care at a
//!   sentence's start: lower-case "will" and "may" are the verbs, always;
//! * any other one-word value (Emma, chemotherapy) counts in any case at full severity, and
//!   so does a run of two or more of a value's words with a distinctive one ("lincoln high");
//! * one word alone of a longer value counts in any case when the value shows it is a
//!   person's name ("Emma" of "Emma, plays soccer", "daughter Emma", "Emma Rose"); the
//!   value's other capitalised words count alone only when capitalised ("Lincoln" of
//!   "Lincoln High", not "a lincoln penny"; "Operations" of "Promoted to VP of Operations",
//!   not "our operations team"; "First" of "First Baptist Church", never "the first to
//!   reply"), and only warn when the capital is the sentence's ("First, thanks for…").

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::text::Token;
use super::{Acquaintance, Engine, Sensitivity, Tenure, char_offset};

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LintKind {
    /// The value of a fact about someone the message concerns (`person` says whose).
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
    /// Whose fact it is, as the reason names them ("Bo", or "Bo Buyer" where two people the
    /// draft concerns share a first name): set for facts only.
    pub person: Option<String>,
}

/// One of a person's facts, as the linter sees it.
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
    /// What is public about them: their title, their organization's name. A fact's words
    /// inside one of these in the draft are that public fact ("Bo Buyer (VP Engineering at
    /// Initech)"), not the private one ("promoted to VP Engineering", "interviewing at
    /// Initech").
    pub public: Vec<String>,
}

/// Someone else a message concerns: the person an introduction is asked for, the target at
/// the end of the path, anyone the draft names. Their never and maybe facts are checked like
/// the recipient's; flattery and familiarity are about the recipient only.
#[derive(Debug, Clone, PartialEq)]
pub struct Concerned {
    /// How warnings name them ("Bo").
    pub name: String,
    pub facts: Vec<KnownFact>,
    /// The user's relationship with *them*: the tenure rule of their maybe facts.
    pub known: Acquaintance,
    /// What is public about them, as [`Recipient::public`].
    pub public: Vec<String>,
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

/// Checks `draft` to `to`, and against the facts of everyone else it concerns (`about`).
/// Warnings are in order of position, most severe first where two start at the same place.
pub fn lint(
    engine: &Engine,
    draft: &str,
    to: &Recipient,
    about: &[Concerned],
    tenure: Tenure,
) -> Vec<LintWarning> {
    let tokens = engine.tokenize(draft);
    let mut out: Vec<LintWarning> = Vec::new();

    // 1. The never and maybe facts of the recipient and of everyone else concerned, by value.
    let people = std::iter::once((to.first_name.as_str(), &to.facts, to.known, &to.public)).chain(
        about
            .iter()
            .map(|c| (c.name.as_str(), &c.facts, c.known, &c.public)),
    );
    for (name, facts, known, public) in people {
        let public = phrase_spans(engine, &tokens, public);
        for f in facts {
            for w in fact_warnings(engine, draft, &tokens, name, f, known, tenure, &public) {
                // The same words as one already flagged (two people with the same child):
                // one warning, the more severe.
                match out
                    .iter_mut()
                    .find(|o| (o.start, o.end) == (w.start, w.end))
                {
                    Some(o) if w.severity < o.severity => *o = w,
                    Some(_) => {}
                    None => out.push(w),
                }
            }
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
            person: None,
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
                person: None,
            });
        }
    }
    if to.first_contact {
        out.extend(emoji_and_shouting(draft));
    }
    out.sort_by_key(|w| (w.start, w.severity, w.end));
    out
}

/// Where the `phrases` occur in the draft, as token ranges, in any case.
fn phrase_spans(engine: &Engine, draft: &[Token], phrases: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for p in phrases {
        let words = engine.tokenize(p);
        if words.is_empty() {
            continue;
        }
        for at in 0..draft.len().saturating_sub(words.len() - 1) {
            if words
                .iter()
                .zip(&draft[at..])
                .all(|(w, d)| w.norm == d.norm)
            {
                out.push((at, at + words.len()));
            }
        }
    }
    out
}

/// The warnings for one fact of `name`'s: one per place its value occurs in the draft,
/// except inside what is public about them (`public`, token ranges).
#[allow(clippy::too_many_arguments)]
fn fact_warnings(
    engine: &Engine,
    draft: &str,
    tokens: &[Token],
    name: &str,
    f: &KnownFact,
    known: Acquaintance,
    tenure: Tenure,
    public: &[(usize, usize)],
) -> Vec<LintWarning> {
    // A category that left the taxonomy is treated as never, the safe side.
    let (bin, label, rationale, id) = match engine.taxonomy.get(&f.category) {
        Some(cat) => (
            cat.bin,
            cat.label.to_lowercase(),
            cat.rationale.clone(),
            cat.id.clone(),
        ),
        None => (
            Sensitivity::Never,
            f.category.clone(),
            "a category Sphere no longer knows; treated as never".to_string(),
            f.category.clone(),
        ),
    };
    if bin == Sensitivity::Fine {
        return Vec::new();
    }
    let (ok, why) = super::usable(bin, known, tenure);
    let value_tokens = engine.tokenize(&f.value);
    value_matches(engine, draft, tokens, &value_tokens, &f.value)
        .into_iter()
        .filter(|m| !public.iter().any(|&(s, e)| s <= m.start && m.end <= e))
        .map(|m| {
            let (start, end) = (tokens[m.start].start, tokens[m.end - 1].end);
            let text = &draft[start..end];
            let full = match (bin, ok) {
                (Sensitivity::Never, _) => Severity::Remove,
                (_, true) => Severity::Caution,
                _ => Severity::Warn,
            };
            // An everyday word that may not mean the person: one step milder, and said so.
            let severity = if m.sure {
                full
            } else {
                match full {
                    Severity::Remove => Severity::Warn,
                    _ => Severity::Caution,
                }
            };
            let mut reason = format!(
                "“{text}” is one of {name}'s {bin} facts ({label}): {}",
                if bin == Sensitivity::Never {
                    &rationale
                } else {
                    &why
                }
            );
            let suggestion = if !m.sure {
                reason.push_str(&format!(
                    " “{text}” is also an everyday word, so it may not mean them."
                ));
                format!(
                    "If it means {name}'s {label}, remove it; if it is the ordinary word, leave it."
                )
            } else {
                match bin {
                    Sensitivity::Never => format!(
                        "Remove it: anything about their {label} stays out of outreach, even if {name} told you."
                    ),
                    _ if ok => {
                        "You know them well enough to mention it; be sure they would welcome it."
                            .to_string()
                    }
                    _ => "Leave it out until you know them better.".to_string(),
                }
            };
            LintWarning {
                kind: LintKind::Fact,
                severity,
                start: char_offset(draft, start),
                end: char_offset(draft, end),
                text: text.to_string(),
                bin: Some(bin),
                category: Some(id.clone()),
                reason,
                suggestion,
                // The ordinary word is more likely than the person: no one-click removal.
                fix: (m.sure && severity != Severity::Caution)
                    .then(|| remove_sentence(draft, tokens, m.start)),
                person: Some(name.to_string()),
            }
        })
        .collect()
}

/// Where a fact's value occurs in the draft: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ValueMatch {
    start: usize,
    end: usize,
    /// False for one everyday word not written as a name ("grace" for Grace): it may not
    /// mean the person at all.
    sure: bool,
}

/// Where the value's words occur in the draft, in any case: the whole value, or (for a value
/// of several words) any two or more of its words in a row that include a distinctive one —
/// a name, a number, an uncommon word ("Lincoln High", "st. mark's") — or one of its names
/// alone ("Emma" of "Emma, plays soccer"). See the module's note on case for one-word
/// matches.
fn value_matches(
    engine: &Engine,
    text: &str,
    draft: &[Token],
    value: &[Token],
    raw: &str,
) -> Vec<ValueMatch> {
    let words: Vec<&Token> = value.iter().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let distinctive = |t: &Token| {
        !STOP.contains(&t.norm.as_str())
            && !GENERAL.contains(&t.norm.as_str())
            && (t.norm.chars().count() >= 3 || t.norm.chars().all(|c| c.is_ascii_digit()))
    };
    // Written as a name: a capital that is not the sentence's, in a word not shouted.
    let as_name = |t: &Token| {
        let written = &text[t.start..t.end];
        let shouted = written.chars().filter(|c| c.is_alphabetic()).count() > 1
            && !written.chars().any(char::is_lowercase);
        t.capitalised && !t.sentence_start && !shouted
    };
    // One word alone: may it be the value's, and is it surely?
    let one_word = |t: &Token| -> Option<bool> {
        if engine.is_function_word(&t.norm) {
            // "will", "may", "march": only capitalised, and then only surely as a name.
            t.capitalised.then(|| as_name(t))
        } else if engine.is_word_name(&t.norm) {
            Some(as_name(t))
        } else {
            Some(true)
        }
    };
    let names = names_in_value(engine, value, raw);
    let mut out: Vec<ValueMatch> = Vec::new();
    let min_run = if words.len() == 1 { 1 } else { 2 };
    for at in 0..draft.len() {
        // The longest run of value words starting here.
        let mut best = 0;
        let mut sure = true;
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
        if best == 1 {
            // A one-word value, as a word of the draft.
            match one_word(&draft[at]) {
                Some(s) => sure = s,
                None => best = 0,
            }
        }
        // A single distinctive word of a longer value is enough when it is one of the value's
        // capitalised words: in any case when it is a person's name there ("Emma" of "Emma,
        // plays soccer"), written capitalised when it is another capitalised word ("Lincoln"
        // of "Lincoln High", "Operations" of "Promoted to VP of Operations": "our operations
        // team" and "the first to reply" are not about them).
        if best == 0 && words.len() > 1 {
            let t = &draft[at];
            let found = value.iter().enumerate().find(|(_, v)| {
                v.norm == t.norm
                    && distinctive(v)
                    && raw[v.start..v.end]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
            });
            let matched = match found {
                Some((i, _)) if names.contains(&i) => one_word(t),
                // A capital at a sentence's start says nothing: then it may not mean them.
                Some(_) if t.capitalised => one_word(t).map(|sure| sure && as_name(t)),
                Some(_) => None,
                None => None,
            };
            if let Some(s) = matched {
                best = 1;
                sure = s;
            }
        }
        if best > 0 && out.last().is_none_or(|m| at >= m.end) {
            // The span starts and ends on words that say something ("Lincoln High", not
            // "at Lincoln High").
            let (mut s, mut e) = (at, at + best);
            while e - s > 1 && STOP.contains(&draft[s].norm.as_str()) {
                s += 1;
            }
            while e - s > 1 && STOP.contains(&draft[e - 1].norm.as_str()) {
                e -= 1;
            }
            out.push(ValueMatch {
                start: s,
                end: e,
                sure,
            });
        }
    }
    out
}

/// Which words of a fact's value are a person's name, by the shape of the value: its opening
/// capitalised words when a comma, a bracket or the end follows them ("Emma, plays soccer",
/// "Emma Rose (daughter)", "Emma Rose"), and the capitalised words right after a word for a
/// relative ("daughter Emma", "her husband Jen Lee"). Never a run with a word of an
/// institution ("Lincoln High School", "First Baptist Church"), a function word or a month.
fn names_in_value(engine: &Engine, value: &[Token], raw: &str) -> Vec<usize> {
    let capital = |t: &Token| {
        raw[t.start..t.end]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    // The capitalised words from `from` on (at most three, in one clause, none a word of an
    // institution, a function word or a month), or none.
    let run = |from: usize| -> Vec<usize> {
        let mut out = Vec::new();
        for (i, t) in value.iter().enumerate().skip(from).take(3) {
            if !capital(t) || t.clause != value[from].clause {
                break;
            }
            if GENERAL.contains(&t.norm.as_str()) || engine.is_function_word(&t.norm) {
                return Vec::new();
            }
            out.push(i);
            if t.possessive {
                break;
            }
        }
        out
    };
    let mut names = Vec::new();
    let opening = run(0);
    if let Some(&last) = opening.last() {
        // Closed by the end, or by punctuation rather than more words ("Knee surgery…",
        // "Promoted to…" are sentences, not names).
        let rest = raw[value[last].end..].trim_start();
        let closed = rest.is_empty() || rest.starts_with([',', '(', ';', ':', '-', '–', '—']);
        if closed {
            names.extend(opening);
        }
    }
    for i in 1..value.len() {
        if engine.is_kin_word(&value[i - 1].norm) {
            names.extend(run(i));
        }
    }
    names
}

/// A stretch of a draft that may be someone's full name, split into a first and a last name
/// as written (a possessive dropped: "Bo Buyer's" is Bo + Buyer). The store looks these up
/// without regard to case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameCandidate {
    pub first: String,
    /// Empty for a name that is all first name (someone recorded without a last name).
    pub last: String,
}

/// The most words a name looked up may have ("Mary Ann van Dyke").
pub const NAME_WORDS: usize = 4;

/// Every way the draft may name a person in full: runs of 2 to [`NAME_WORDS`] words within a
/// clause, joined by spaces (or a hyphen inside a part: "Smith-Jones"), each split at every
/// space into a first and a last name, and whole as a first name alone. On word boundaries by
/// construction (tokens are whole words); distinct (ASCII case folded, as SQLite's `NOCASE`
/// compares), in order of first appearance. A 300-word draft gives about 2,000.
pub fn name_candidates(engine: &Engine, draft: &str) -> Vec<NameCandidate> {
    let tokens = engine.tokenize(draft);
    // The word as written, its possessive dropped ("Buyer's" → "Buyer").
    let written = |t: &Token| -> &str {
        let w = &draft[t.start..t.end];
        if t.possessive {
            w.rfind(['\'', '’', '‘']).map_or(w, |i| &w[..i])
        } else {
            w
        }
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for i in 0..tokens.len() {
        // The run's words and whether a space (not a hyphen) stands before each.
        let mut run: Vec<(&str, bool)> = Vec::new();
        for j in i..tokens.len().min(i + NAME_WORDS) {
            let t = &tokens[j];
            if t.clause != tokens[i].clause || t.norm.chars().all(|c| c.is_ascii_digit()) {
                break;
            }
            let space = if j == i {
                false
            } else {
                let gap = &draft[tokens[j - 1].end..t.start];
                if gap == "-" {
                    false
                } else if !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t') {
                    true
                } else {
                    break;
                }
            };
            if j > i && tokens[j - 1].possessive {
                break; // "Ada's Lovelace" is not a name
            }
            run.push((written(t), space));
            if run.len() < 2 {
                continue;
            }
            let join = |part: &[(&str, bool)]| -> String {
                let mut s = String::new();
                for (k, (w, space)) in part.iter().enumerate() {
                    if k > 0 {
                        s.push(if *space { ' ' } else { '-' });
                    }
                    s.push_str(w);
                }
                s
            };
            let mut push = |first: String, last: String| {
                let key = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
                if seen.insert(key) {
                    out.push(NameCandidate { first, last });
                }
            };
            push(join(&run), String::new());
            for split in 1..run.len() {
                if run[split].1 {
                    push(join(&run[..split]), join(&run[split..]));
                }
            }
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
                person: None,
            });
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn engine() -> Result<&'static Engine, Box<dyn std::error::Error>> {
        Ok(crate::engine()?)
    }

    /// Known ten years and close: maybe facts are usable with care.
    const OLD_FRIEND: Acquaintance = Acquaintance {
        years: Some(10.0),
        strength: 0.9,
    };

    fn facts(list: &[(&str, &str)]) -> Vec<KnownFact> {
        list.iter()
            .map(|(category, value)| KnownFact {
                category: category.to_string(),
                value: value.to_string(),
            })
            .collect()
    }

    fn dana(list: &[(&str, &str)]) -> Recipient {
        Recipient {
            first_name: "Dana".into(),
            facts: facts(list),
            known: OLD_FRIEND,
            first_contact: false,
            public: Vec::new(),
        }
    }

    /// A fact warning as the table sees it: `(text, severity, has a fix)`.
    type Hit = (String, Severity, bool);

    /// The fact warnings of `draft` to Dana, who has the one fact `value` (`category`).
    fn fact_hits(
        category: &str,
        value: &str,
        draft: &str,
    ) -> Result<Vec<Hit>, Box<dyn std::error::Error>> {
        let to = dana(&[(category, value)]);
        Ok(lint(engine()?, draft, &to, &[], Tenure::default())
            .into_iter()
            .filter(|w| w.kind == LintKind::Fact)
            .map(|w| (w.text, w.severity, w.fix.is_some()))
            .collect())
    }

    #[test]
    fn a_fact_value_matches_in_any_case_and_an_everyday_word_only_warns() -> TestResult {
        use Severity::{Caution, Remove, Warn};
        // (category, value, draft, the words caught and how severely; None: nothing caught).
        // Every value is a never fact of Dana's but her promotion, a maybe fact Dana (known
        // for ten years) may hear about with care: a warning there is a reference.
        type Case = (
            &'static str,
            &'static str,
            &'static str,
            Option<(&'static str, Severity)>,
        );
        #[rustfmt::skip]
        let cases: &[Case] = &[
            // The issue: a name in lower case is still the name.
            ("children", "Emma", "hope emma is well", Some(("emma", Remove))),
            ("children", "Emma, plays soccer at Lincoln High", "hope emma is well", Some(("emma", Remove))),
            ("children", "Emma", "HOPE EMMA IS WELL", Some(("EMMA", Remove))),
            ("children", "Emma", "Good luck with Emma's recital.", Some(("Emma's", Remove))),
            ("children", "Emma (daughter)", "say hi to emma!", Some(("emma", Remove))),
            // Two words of a longer value, in any case.
            ("children", "Lincoln High School", "How is lincoln high these days?", Some(("lincoln high", Remove))),
            ("children", "Lincoln High School", "GO LINCOLN HIGH SCHOOL", Some(("LINCOLN HIGH SCHOOL", Remove))),
            ("children", "Lincoln High School", "Our high school interns start Monday.", None),
            ("health", "multiple sclerosis", "Sorry to hear about the Multiple Sclerosis.", Some(("Multiple Sclerosis", Remove))),
            // A given name that is an everyday word: the name when written as one…
            ("children", "Grace", "Please say hi to Grace from me.", Some(("Grace", Remove))),
            ("children", "Grace, 8, plays violin", "How is Grace's violin going?", Some(("Grace's", Remove))),
            // …but perhaps only the word in lower case, at a sentence's start or shouted:
            // a warning (no one-click removal), not a demand to remove it.
            ("children", "Grace", "I hope you will grace us with a visit.", Some(("grace", Warn))),
            ("children", "Grace, 8, plays violin", "I hope you will grace us with a visit.", Some(("grace", Warn))),
            ("children", "Grace", "Grace under pressure is your trademark.", Some(("Grace", Warn))),
            ("children", "Hope", "HOPE TO SEE YOU SOON", Some(("HOPE", Warn))),
            ("children", "Mark", "Please mark the date.", Some(("mark", Warn))),
            // A function word or a month counts only when capitalised: "will" is the verb.
            ("children", "Will", "I hope you will come.", None),
            ("children", "Will", "Tell Will I said hello.", Some(("Will", Remove))),
            ("children", "Will", "Will you be at the summit?", Some(("Will", Warn))),
            ("children", "May, 6, ballet", "We may meet in June.", None),
            ("health", "Knee surgery in March", "Let's march on with the pilot.", None),
            // One word of a longer value in lower case counts when the value shows it is a
            // person's name; its other capitalised words count only capitalised.
            ("children", "daughter Emma, plays soccer", "hope emma is well", Some(("emma", Remove))),
            ("children", "Emma Rose Buyer", "is emma around?", Some(("emma", Remove))),
            ("children", "Emma Rose, 8", "a rose by any other name", Some(("rose", Warn))),
            ("religion", "Deacon at First Baptist Church", "Thanks for being the first to reply.", None),
            ("religion", "Deacon at First Baptist Church", "See you at first baptist on Sunday.", Some(("first baptist", Remove))),
            ("children", "Plays soccer at Lincoln High", "Is Lincoln playing Friday?", Some(("Lincoln", Remove))),
            ("religion", "Deacon at First Baptist Church", "First, thanks for the call.", Some(("First", Warn))),
            ("children", "Plays soccer at Lincoln High", "A lincoln penny", None),
            ("promotion", "Promoted to VP of Operations", "Our operations team promoted the pilot.", None),
            ("promotion", "Promoted to VP of Operations", "Congrats on VP of Operations!", Some(("VP of Operations", Caution))),
        ];
        let mut wrong = Vec::new();
        for &(category, value, draft, want) in cases {
            let got = fact_hits(category, value, draft)?;
            let as_wanted = match want {
                None => got.is_empty(),
                Some((text, severity)) => {
                    got.len() == 1
                        && got[0].0 == text
                        && got[0].1 == severity
                        // A sure match offers to remove the sentence; an everyday word does not.
                        && got[0].2 == (severity == Remove)
                }
            };
            if !as_wanted {
                wrong.push(format!(
                    "{value:?} in {draft:?}: want {want:?}, got {got:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        Ok(())
    }

    #[test]
    fn an_everyday_word_says_it_may_not_mean_the_person() -> TestResult {
        let to = dana(&[("children", "Grace")]);
        let w = lint(
            engine()?,
            "I hope you will grace us.",
            &to,
            &[],
            Tenure::default(),
        );
        let w = w.first().ok_or("the word is flagged")?;
        assert!(
            w.reason.contains("is one of Dana's never facts (children)")
                && w.reason.contains("also an everyday word"),
            "the reason says both what it may be and that it may be nothing: {}",
            w.reason
        );
        assert_eq!(
            w.bin,
            Some(Sensitivity::Never),
            "the fact is still a never fact"
        );
        Ok(())
    }

    #[test]
    fn facts_of_everyone_the_draft_concerns_are_checked_and_say_whose_they_are() -> TestResult {
        let e = engine()?;
        let to = Recipient {
            first_name: "Ada".into(),
            facts: Vec::new(),
            known: OLD_FRIEND,
            first_contact: false,
            public: Vec::new(),
        };
        let bo = |known: Acquaintance| Concerned {
            name: "Bo".into(),
            facts: facts(&[("children", "Emma"), ("hobbies", "sailing")]),
            known,
            public: Vec::new(),
        };
        let draft = "Hi Ada, would you introduce me to Bo? I hear emma started school. Maybe sailing some time?";
        // (the user's relationship with Bo, the severity of Bo's maybe fact "sailing").
        let cases = [
            (OLD_FRIEND, Severity::Caution),
            (Acquaintance::default(), Severity::Warn),
            (
                Acquaintance {
                    years: Some(0.5),
                    strength: 0.9,
                },
                Severity::Warn,
            ),
        ];
        for (known, maybe) in cases {
            let w = lint(e, draft, &to, &[bo(known)], Tenure::default());
            let emma = w
                .iter()
                .find(|w| w.text == "emma")
                .ok_or("Bo's child is caught in a draft to Ada")?;
            assert_eq!(emma.severity, Severity::Remove);
            assert_eq!(
                emma.person.as_deref(),
                Some("Bo"),
                "the warning says whose fact"
            );
            assert!(
                emma.reason
                    .starts_with("“emma” is one of Bo's never facts (children)"),
                "{}",
                emma.reason
            );
            let sailing = w
                .iter()
                .find(|w| w.text == "sailing")
                .ok_or("Bo's hobby is caught")?;
            assert_eq!(
                sailing.severity, maybe,
                "a maybe fact follows the user's relationship with Bo ({known:?}), not with Ada"
            );
        }
        Ok(())
    }

    #[test]
    fn one_value_shared_by_two_people_is_one_warning() -> TestResult {
        let to = dana(&[("hobbies", "Emma")]);
        let partner = Concerned {
            name: "Lee".into(),
            facts: facts(&[("children", "Emma")]),
            known: OLD_FRIEND,
            public: Vec::new(),
        };
        let w = lint(
            engine()?,
            "Say hi to Emma.",
            &to,
            &[partner],
            Tenure::default(),
        );
        assert_eq!(w.len(), 1, "one span, one warning: {w:#?}");
        assert_eq!(
            (w[0].severity, w[0].person.as_deref()),
            (Severity::Remove, Some("Lee")),
            "the more severe of the two (Lee's never fact over Dana's maybe fact)"
        );
        Ok(())
    }

    #[test]
    fn a_fact_inside_what_is_public_about_them_is_the_public_fact() -> TestResult {
        let bo = Concerned {
            name: "Bo".into(),
            facts: facts(&[
                ("promotion", "Promoted to VP Engineering"),
                ("job_search", "Interviewing at Initech"),
            ]),
            known: Acquaintance::default(),
            public: vec!["VP Engineering".into(), "Initech".into()],
        };
        let to = dana(&[]);
        let e = engine()?;
        let named = "I'd like to meet Bo Buyer (VP Engineering at Initech).";
        let w = lint(e, named, &to, std::slice::from_ref(&bo), Tenure::default());
        assert!(
            w.is_empty(),
            "Bo's title and employer, as the draft introduces him, are not his promotion or his job search: {w:#?}"
        );
        let private = Concerned {
            public: Vec::new(),
            ..bo
        };
        let w = lint(e, named, &to, &[private], Tenure::default());
        assert_eq!(
            w.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
            ["VP Engineering", "Initech"],
            "without them, the same words are his facts"
        );
        Ok(())
    }

    #[test]
    fn name_candidates_split_runs_of_words_into_first_and_last_names() -> TestResult {
        let e = engine()?;
        let got = name_candidates(
            e,
            "Please meet Bo Buyer's team, Mary Ann van Dyke and ZOË SMITH-JONES. Ada\nLovelace",
        );
        let has = |first: &str, last: &str| got.iter().any(|c| c.first == first && c.last == last);
        for (first, last, want, why) in [
            ("Bo", "Buyer", true, "a possessive is dropped"),
            (
                "Mary Ann",
                "van Dyke",
                true,
                "two-word first and last names",
            ),
            ("Mary", "Ann van Dyke", true, "every split is tried"),
            (
                "Mary Ann van Dyke",
                "",
                true,
                "a whole run as a first name alone",
            ),
            (
                "ZOË",
                "SMITH-JONES",
                true,
                "a hyphen joins a part, as written",
            ),
            ("Buyer's team", "", false, "a possessive ends a name"),
            ("team", "Mary", false, "a comma separates names"),
            ("JONES", "Ada", false, "a full stop separates names"),
            ("Ada", "Lovelace", false, "so does a line break"),
            ("SMITH", "JONES", false, "a hyphen is not a split"),
        ] {
            assert_eq!(
                has(first, last),
                want,
                "{first:?} + {last:?}: {why}; {got:#?}"
            );
        }
        let words = "word ".repeat(300);
        let many = name_candidates(e, &words);
        assert!(
            many.len() <= 10,
            "candidates are distinct, so a repetitive text asks few questions: {}",
            many.len()
        );
        Ok(())
    }
}
