//! Job titles read for what they say: a seniority (chief, president, vice president,
//! director, manager, and the owners, board members and leads who have no such word), and
//! functions (engineering, sales, procurement, …), however they are spelled: "VP Eng",
//! "Vice-President of Engineering", "SVP, Global Engineering" are one kind of person to
//! someone who wants to reach engineering leadership.
//!
//! Reading a title:
//!
//! * Case, accents and punctuation go ("VP OF SALES", "Directeur Général"); abbreviations,
//!   and the French, German, Spanish, Portuguese and Italian words CRMs are full of, are
//!   spelled out in English ("Sr. Mgr", "Geschäftsführer" → managing director,
//!   "Einkaufsleiter" → head of purchasing, "Jefe de compras" → head of purchasing). The
//!   tables are in `title/words.rs`.
//! * Separators (`,` `|` `&` `/` `(` `–` …) cut a title into segments. A segment about the
//!   past ("ex-Google", "Former CFO", "Retired") is not read, nor the rest of a segment
//!   after "at" or "to" ("VP Sales at Acme", "Chief of Staff to the CEO"): they name
//!   someone or somewhere else.
//! * "Head of" is director-level; "Managing Director", "General Manager" and their
//!   translations are one level ([`Level::GeneralManager`]).
//! * "Manager" after the thing managed is a job, not a level: an account, product,
//!   project, customer success or territory manager manages no one by title.
//! * Owners, partners and principals are owners only as the title's head noun: "Managing
//!   Partner", "Partner, Audit", "Principal at Bain", "Business Owner" — but "Talent
//!   Acquisition Partner", "Principal Engineer" and "Product Owner" are jobs. Likewise a
//!   "Team Lead" or a "Sourcing Lead" leads people, a "Lead Engineer" is an engineer.
//! * A chief of staff is not a chief officer ([`Standing::Head`], see
//!   [`crate::seniority`]).
//!
//! A query phrase ("VP Sales", "CTO", "Head of", "engineering") matches a title, by the
//! segments read (a query for "Sales" does not find "VP Eng | ex-Salesforce"), when
//!
//! * the title contains it from the start of a word once both are spelled out and
//!   punctuation is gone ("Eng" finds "Engineer", "Sr Account Exec" "Senior Account
//!   Executive", "GM" "General Manager", "CTO" "Director, CTO Office"; "CTO" does not find
//!   "Director", nor "gin" "Engineer"), or
//! * the phrase names a seniority or a function, and the title has that seniority (with
//!   the phrase's "senior"/"executive"/"assistant" if it says one), one of the phrase's
//!   functions if it names any, and every other word of the phrase. So "VP Engineering"
//!   finds "Vice President, Engineering" and "SVP Engineering" but not "Engineering
//!   Manager"; "VP" finds any vice president; "engineering" anyone in engineering;
//!   "procurement" a buyer and an Einkaufsleiter; "Head of" any director-level title;
//!   "Managing Director" a Geschäftsführer; "C-level" (or "C-suite", "CxO") any title
//!   [`crate::seniority`] reads as C-level but a board seat, and "C-level finance" a CFO.
//!
//! Ambiguous acronyms mean every reading: "CPO" is a chief product officer and a chief
//! people officer, "CSO" a chief security officer and a chief sales officer. "MD" is a
//! managing director (titles are business titles here, not degrees).

mod words;

use std::collections::HashMap;
use std::sync::LazyLock;

use sphere_domain::account::Seniority;

use crate::seniority;

use words::{
    ADVISOR_PREFIXES, AFTER_HEAD, ELSEWHERE, FILLER, FUNCTION_PAIRS, FUNCTION_WORDS, HEAD_JOBS,
    MANAGED_THINGS, NO_TITLE, OWNER_PREFIXES, PAST, PHRASES, QUALIFIERS, SPELLED_OUT, TRAINEES,
};

/// How senior a title is, by the words that say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Chief,
    President,
    /// Runs a whole business or unit: managing director, general manager, Geschäftsführer,
    /// gerente general.
    GeneralManager,
    VicePresident,
    Director,
    Manager,
}

/// A word that narrows a level: "senior vice president", "executive director".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Senior,
    Executive,
    Assistant,
    Associate,
}

/// A place in an organization that no level word names. Queries find these by their words
/// ("Founder", "Team Lead"), never by level: a query for "Partner" must not find a founder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Founder, co-founder, owner, partner or principal of the firm, proprietor.
    Owner,
    /// Chair, board member, non-executive director.
    Board,
    /// Heads something without the word "director": chief of staff, country manager,
    /// controller, comptroller, treasurer.
    Head,
    /// Leads a team without the word "manager": team lead, tech lead, supervisor.
    Lead,
    /// Intern, student, trainee, apprentice.
    Trainee,
    /// An advisor or investor to the organization (not a financial advisor's job).
    Advisor,
}

/// What part of an organization a title works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// General management (chief executive, country manager).
    Executive,
    Engineering,
    Technology,
    Sales,
    Revenue,
    Marketing,
    Finance,
    Product,
    Operations,
    Procurement,
    Security,
    People,
    Legal,
    Data,
    Design,
    CustomerSuccess,
}

/// A title or a query phrase, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// As typed, lower-cased, without accents, trimmed.
    raw: String,
    /// The words with abbreviations spelled out ("vp" → "vice president").
    words: Vec<String>,
    /// `words`, one space apart.
    spelled: String,
    /// The words of the segments read: not those about the past or someone else ("ex-Google",
    /// "at Acme", "to the CEO"). A query finds a title by these only.
    current: Vec<String>,
    /// `current`, one space apart.
    current_spelled: String,
    levels: Vec<(Level, Option<Qualifier>)>,
    standing: Vec<Standing>,
    functions: Vec<Function>,
    /// Words that are neither a level, a qualifier, a function nor filler.
    other: Vec<String>,
    /// The whole title is a past one: "CEO (retired)".
    past: bool,
    /// Says "C-level", "C-suite" or "CxO": asks for any C-level title.
    c_level: bool,
}

/// [`SPELLED_OUT`] and [`FUNCTION_WORDS`] by word: every word of every title a path filter
/// reads is looked up in them.
static SPELLED: LazyLock<HashMap<&str, &[&str]>> =
    LazyLock::new(|| SPELLED_OUT.iter().copied().collect());
static FUNCTION_OF: LazyLock<HashMap<&str, Function>> =
    LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|(_, t)| *t)
}

/// Lower case without accents: "Geschäftsführer" → "geschaftsfuhrer".
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' => out.push('u'),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// Characters that end a segment of a title.
const SEPARATORS: &[char] = &[
    ',', '|', ';', ':', '(', ')', '[', ']', '/', '\\', '&', '+', '•', '·', '–', '—',
];

/// The words of a title with abbreviations and foreign words spelled out, and for each
/// word whether a separator comes before it (true for the first).
fn words(text: &str) -> (Vec<String>, Vec<bool>) {
    let mut text = fold(text);
    for (from, to) in [
        ("r&d", " rnd "),
        ("fp&a", " fpa "),
        ("@", " at "),
        (" - ", " , "),
    ] {
        if text.contains(from) {
            text = text.replace(from, to);
        }
    }
    let mut typed: Vec<(&str, bool)> = Vec::new();
    let mut after_separator = true;
    for piece in text.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !word.is_empty() {
            typed.push((word, after_separator));
            after_separator = false;
        }
        if piece.ends_with(SEPARATORS) {
            after_separator = true;
        }
    }
    let mut out = Vec::with_capacity(typed.len());
    let mut breaks = Vec::with_capacity(typed.len());
    let mut i = 0;
    while i < typed.len() {
        let (word, brk) = typed[i];
        let rest = &typed[i..];
        let phrase = PHRASES.iter().find(|(from, _)| {
            rest.len() >= from.len()
                && from
                    .iter()
                    .zip(rest)
                    .enumerate()
                    .all(|(k, (f, (w, b)))| f == w && (k == 0 || !b))
        });
        let (spelled, len): (Vec<&str>, usize) = match phrase {
            Some((from, to)) => (to.to_vec(), from.len()),
            None => match SPELLED.get(word) {
                Some(full) => (full.to_vec(), 1),
                None => (vec![word], 1),
            },
        };
        for (k, w) in spelled.into_iter().enumerate() {
            out.push(w.to_string());
            breaks.push(brk && k == 0);
        }
        i += len;
    }
    (out, breaks)
}

impl Title {
    /// Reads a title or a query phrase.
    pub fn parse(text: &str) -> Self {
        let (words, breaks) = words(text);
        let mut levels = Vec::new();
        let mut standing = Vec::new();
        let mut functions: Vec<Function> = Vec::new();
        let mut other = Vec::new();
        let w = |i: usize| words.get(i).map(String::as_str);
        // The word before and after `i` in the same segment.
        let before = |i: usize| i.checked_sub(1).filter(|_| !breaks[i]).and_then(w);
        let after = |i: usize| w(i + 1).filter(|_| !breaks.get(i + 1).copied().unwrap_or(true));
        // A head noun: nothing after it in its segment but "at …", "and …", "of …".
        let heads = |i: usize| after(i).is_none_or(|n| AFTER_HEAD.contains(&n));
        // Words in a segment about the past or about someone else are not read.
        let mut skipped = vec![false; words.len()];
        let mut past = false;
        let mut c_level = false;
        let mut skipping = false;
        for (i, word) in words.iter().map(String::as_str).enumerate() {
            if breaks[i] {
                skipping = false;
            }
            if word == "retired" && after(i).is_none() {
                // "CEO (retired)": the whole title is the past.
                past = true;
            }
            skipping = skipping
                || PAST.contains(&word)
                || (ELSEWHERE.contains(&word) && i > 0)
                || (word == "office" && after(i) == Some("of"));
            skipped[i] = skipping;
        }
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_str();
            if skipped[i] {
                i += 1;
                continue;
            }
            // "C-level", "C-suite", "CxO" (in a query): any C-level title.
            if word == "c" && w(i + 1) == Some("level") {
                c_level = true;
                let executives = matches!(w(i + 2), Some("executive" | "executives"));
                i += if executives { 3 } else { 2 };
                continue;
            }
            // A place no level word names.
            let place = match (word, after(i), w(i + 2)) {
                ("chief", Some("of"), Some("staff")) => Some((Standing::Head, 3)),
                ("non", Some("executive"), Some("director")) => Some((Standing::Board, 3)),
                ("board", Some("member" | "director" | "directors"), _) => {
                    Some((Standing::Board, 2))
                }
                ("board" | "chair" | "trustee", ..) => Some((Standing::Board, 1)),
                ("vice", Some("chair"), _) => Some((Standing::Board, 2)),
                ("country", Some("manager"), _) => {
                    functions.push(Function::Executive);
                    Some((Standing::Head, 2))
                }
                ("general", Some("counsel"), _)
                    if before(i)
                        .is_none_or(|p| !["associate", "assistant", "deputy"].contains(&p)) =>
                {
                    // The top lawyer, who signs off contracts.
                    functions.push(Function::Legal);
                    Some((Standing::Head, 2))
                }
                ("founder" | "proprietor", ..) => Some((Standing::Owner, 1)),
                ("owner" | "partner" | "principal", ..)
                    if before(i).is_none_or(|p| {
                        OWNER_PREFIXES.contains(&p) || (p == "business" && word == "owner")
                    }) && heads(i) =>
                {
                    Some((Standing::Owner, 1))
                }
                ("lead", ..) if heads(i) => Some((Standing::Lead, 1)),
                ("advisor" | "adviser" | "investor", ..)
                    if before(i).is_none_or(|p| ADVISOR_PREFIXES.contains(&p)) =>
                {
                    Some((Standing::Advisor, 1))
                }
                ("supervisor" | "foreman", ..) => Some((Standing::Lead, 1)),
                _ if TRAINEES.contains(&word) => Some((Standing::Trainee, 1)),
                _ if HEAD_JOBS.contains(&word) => {
                    // Also a finance word, read below.
                    standing.push(Standing::Head);
                    None
                }
                _ => None,
            };
            if let Some((s, len)) = place {
                standing.push(s);
                other.extend(
                    words[i..i + len]
                        .iter()
                        .filter(|o| !FILLER.contains(&o.as_str()))
                        .cloned(),
                );
                i += len;
                continue;
            }
            // A qualifier counts when it comes right before a level.
            let qualifier = |at: usize| {
                at.checked_sub(1)
                    .and_then(|p| lookup(QUALIFIERS, &words[p]))
            };
            let level = match (word, w(i + 1)) {
                ("managing", Some("director")) | ("general", Some("manager")) => {
                    Some((Level::GeneralManager, 2))
                }
                ("vice", Some("president")) => Some((Level::VicePresident, 2)),
                ("president", _) => {
                    // A president runs the business, whatever else the title says.
                    functions.push(Function::Executive);
                    Some((Level::President, 1))
                }
                ("chief", _) => Some((Level::Chief, 1)),
                ("director", _) | ("head", _) => Some((Level::Director, 1)),
                ("manager", _) => {
                    let managed = before(i).and_then(|p| lookup(MANAGED_THINGS, p));
                    let group = i.checked_sub(2).and_then(w) == Some("group");
                    match managed {
                        Some(f) if !group => {
                            functions.extend(f);
                            other.push(word.to_string());
                            None
                        }
                        _ => Some((Level::Manager, 1)),
                    }
                }
                _ => None,
            };
            if let Some((level, len)) = level {
                let q = qualifier(i);
                if q.is_some() {
                    // The qualifier was taken for another word; it belongs to the level.
                    other.pop_if(|o: &mut String| Some(o.as_str()) == i.checked_sub(1).and_then(w));
                }
                levels.push((level, q));
                // "Chief Executive Officer": the executive is a function, not a qualifier.
                if level == Level::Chief && w(i + 1) == Some("executive") {
                    functions.push(Function::Executive);
                    i += 1;
                }
                i += len;
                continue;
            }
            if word == "manager" {
                i += 1;
                continue;
            }
            if let Some(&(_, _, f)) = FUNCTION_PAIRS
                .iter()
                .find(|(a, b, _)| *a == word && w(i + 1) == Some(*b))
            {
                functions.push(f);
                i += 2;
                continue;
            }
            if let Some(&f) = FUNCTION_OF.get(word) {
                functions.push(f);
            } else if !FILLER.contains(&word) {
                other.push(word.to_string());
            }
            i += 1;
        }
        let mut seen = Vec::with_capacity(functions.len());
        functions.retain(|f| {
            let new = !seen.contains(f);
            seen.push(*f);
            new
        });
        let current: Vec<String> = words
            .iter()
            .zip(&skipped)
            .filter(|(_, s)| !**s)
            .map(|(w, _)| w.clone())
            .collect();
        Self {
            raw: fold(text.trim()),
            spelled: words.join(" "),
            current_spelled: current.join(" "),
            current,
            words,
            levels,
            standing,
            functions,
            other,
            past,
            c_level,
        }
    }

    /// Does the title name a job? Not when it is empty, a placeholder ("n/a", "TBD") or only
    /// about the past ("Former CFO", "Retired", "CEO (retired)").
    pub fn names_a_job(&self) -> bool {
        let placeholder = NO_TITLE.contains(&self.spelled.as_str());
        let read_something = self.c_level
            || !self.levels.is_empty()
            || !self.standing.is_empty()
            || !self.functions.is_empty()
            || !self.other.is_empty();
        !placeholder && !self.past && read_something
    }

    /// Does it say "C-level", "C-suite" or "CxO"?
    pub fn says_c_level(&self) -> bool {
        self.c_level
    }

    /// The places without a level word the title names, in order.
    pub fn standing(&self) -> &[Standing] {
        &self.standing
    }

    /// The levels the title names, with their qualifiers, in order.
    pub fn levels(&self) -> &[(Level, Option<Qualifier>)] {
        &self.levels
    }

    /// The functions the title names, in order.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// The words that are neither a level, a qualifier, a function nor filler.
    pub fn other_words(&self) -> &[String] {
        &self.other
    }

    /// Does `needle` occur in `haystack` where a word starts?
    fn contains_from_word_start(haystack: &str, needle: &str) -> bool {
        haystack.match_indices(needle).any(|(at, _)| {
            haystack[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    }

    /// Does the title `self` match the query phrase `query`?
    pub fn matches(&self, query: &Title) -> bool {
        if query.raw.is_empty() {
            return true;
        }
        if query.words.is_empty() {
            // Nothing but symbols: as typed.
            return Self::contains_from_word_start(&self.raw, &query.raw);
        }
        if Self::contains_from_word_start(&self.current_spelled, &query.spelled) {
            return true;
        }
        if query.levels.is_empty() && query.functions.is_empty() && !query.c_level {
            return false;
        }
        // Board seats are not the C-suite.
        if query.c_level && seniority::of(self, false) != Seniority::CLevel {
            return false;
        }
        let level_ok = query.levels.iter().all(|&(level, q)| {
            self.levels
                .iter()
                .any(|&(l, tq)| l == level && (q.is_none() || q == tq))
        });
        let function_ok = query.functions.is_empty()
            || query.functions.iter().any(|f| self.functions.contains(f));
        let words_ok = query.other.iter().all(|o| self.current.contains(o));
        level_ok && function_ok && words_ok
    }
}

#[cfg(test)]
mod tests;
