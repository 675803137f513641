//! Word patterns, written in the lexicon files and matched over [`Token`]s.
//!
//! A pattern is a sequence of elements separated by spaces:
//!
//! | element      | matches one word …                                              |
//! | ------------ | --------------------------------------------------------------- |
//! | `wife`       | written exactly so (normalised: lower case, no possessive `'s`) |
//! | `wife~`      | or any inflection of it (`wives`; `divorce~` → `divorced`)       |
//! | `relocat*`   | any word that starts so (`relocate`, `relocation`)              |
//! | `son\|daughter~` | any of the alternatives                                      |
//! | `move+on\|quit` | an alternative of several words joins them with `+`           |
//! | `@kin`       | any word of the lexicon's class `kin`                           |
//! | `POSS`       | a possessive: `his`, `her`, … or any word written with `'s`     |
//! | `NAME`       | a capitalised word that is not a common word (class `not_name`) |
//! | `_`          | any word                                                        |
//! | `NUM`        | a number (`3`, `1990s`, `40th` are numbers; `3,000` is two)      |
//! | `!a\|@b`     | any word except these                                           |
//! | `*3`         | up to three words of any kind (none at all included)            |
//! | `$`          | the end of the clause (matches no word)                          |
//!
//! and `?` after an element makes it optional. Matches never cross a clause (a full stop,
//! a semicolon, a bracket...).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use super::text::{Language, Token};

/// Words an element accepts: these, and any word starting with one of the prefixes.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    exact: HashSet<String>,
    prefixes: Vec<String>,
    /// `POSS`, `NAME`, `NUM` written as alternatives (`his|NUM`): kinds of word, not words.
    poss: bool,
    name: bool,
    num: bool,
}

impl WordSet {
    pub fn contains(&self, w: &str) -> bool {
        self.exact.contains(w) || self.prefixes.iter().any(|p| w.starts_with(p.as_str()))
    }

    fn extend(&mut self, other: &WordSet) {
        self.exact.extend(other.exact.iter().cloned());
        self.prefixes.extend(other.prefixes.iter().cloned());
        self.poss |= other.poss;
        self.name |= other.name;
        self.num |= other.num;
    }
}

/// What one element accepts.
#[derive(Debug, Clone)]
enum Elem {
    Words(Arc<WordSet>),
    /// Alternatives of which some are several words (`move+on|quit`), each a sequence.
    Phrases(Arc<Vec<Vec<WordSet>>>),
    NotWords(Arc<WordSet>),
    Poss,
    Name,
    Num,
    Any,
    End,
    Gap(usize),
}

#[derive(Debug, Clone)]
struct Item {
    elem: Elem,
    optional: bool,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    items: Vec<Item>,
    pub source: String,
}

/// A pattern's match: tokens `start..end`, of which `core` (the ones not skipped by a gap)
/// are what the pattern is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
    pub core: Vec<usize>,
}

/// The word classes and language a set of patterns is compiled against.
pub struct Vocabulary<'a> {
    pub classes: &'a HashMap<String, Arc<WordSet>>,
    pub language: &'a dyn Language,
}

impl Vocabulary<'_> {
    fn words(&self, spec: &str, pattern: &str) -> Result<WordSet, String> {
        let mut out = WordSet::default();
        for alt in spec.split('|') {
            if alt.is_empty() {
                return Err(format!("empty alternative in `{pattern}`"));
            }
            if class_of_words(alt) {
                return Err(format!(
                    "`{alt}` in `{pattern}`: a class of words is written `@name`, lower case"
                ));
            }
            match alt {
                "POSS" => out.poss = true,
                "NAME" => out.name = true,
                "NUM" => out.num = true,
                _ => {}
            }
            if matches!(alt, "POSS" | "NAME" | "NUM") {
                continue;
            }
            if let Some(class) = alt.strip_prefix('@') {
                let words = self
                    .classes
                    .get(class)
                    .ok_or_else(|| format!("unknown class `@{class}` in `{pattern}`"))?;
                out.extend(words);
            } else {
                let (word, inflect, prefix) = if let Some(w) = alt.strip_suffix('~') {
                    (w, true, false)
                } else if let Some(w) = alt.strip_suffix('*') {
                    (w, false, true)
                } else {
                    (alt, false, false)
                };
                if !can_be_a_word(word) {
                    return Err(format!(
                        "`{alt}` in `{pattern}` can never match a word (words have no spaces, hyphens or \
                         symbols, and no possessive 's: write `in+house`, `kids`)"
                    ));
                }
                // Written as the text's words are read: lower case, without accents
                // ("grüne", "fiancé" match "Grüne", "fiance").
                let word: String = word
                    .chars()
                    .flat_map(char::to_lowercase)
                    .map(super::text::fold)
                    .collect();
                if inflect {
                    out.exact.extend(self.language.inflections(&word));
                } else if prefix {
                    out.prefixes.push(word);
                } else {
                    out.exact.insert(word);
                }
            }
        }
        Ok(out)
    }

    /// Expands a class definition: each entry a word, `word~` for its inflections, or
    /// `@other` for another (already expanded) class.
    pub fn class(&self, entries: &[String], name: &str) -> Result<WordSet, String> {
        let mut out = WordSet::default();
        for e in entries {
            out.extend(&self.words(e, &format!("class {name}"))?);
        }
        Ok(out)
    }

    pub fn compile(&self, source: &str) -> Result<Pattern, String> {
        let mut items = Vec::new();
        for raw in source.split_whitespace() {
            let (spec, optional) = match raw.strip_suffix('?') {
                Some(s) if !s.is_empty() => (s, true),
                _ => (raw, false),
            };
            let elem = if spec == "POSS" {
                Elem::Poss
            } else if spec == "NAME" {
                Elem::Name
            } else if spec == "$" {
                Elem::End
            } else if spec == "NUM" {
                Elem::Num
            } else if spec == "_" {
                Elem::Any
            } else if let Some(n) = spec.strip_prefix('*') {
                let n: usize = n
                    .parse()
                    .map_err(|_| format!("`{raw}` in `{source}`: a gap is `*` and a number"))?;
                Elem::Gap(n)
            } else if let Some(not) = spec.strip_prefix('!') {
                Elem::NotWords(Arc::new(self.words(not, source)?))
            } else if spec.contains('+') {
                let mut alts = Vec::new();
                for alt in spec.split('|') {
                    let seq = alt
                        .split('+')
                        .map(|w| self.words(w, source))
                        .collect::<Result<Vec<_>, _>>()?;
                    alts.push(seq);
                }
                Elem::Phrases(Arc::new(alts))
            } else {
                Elem::Words(Arc::new(self.words(spec, source)?))
            };
            items.push(Item { elem, optional });
        }
        // At least one word must be required, or `x? NAME` would match any capitalised word.
        if !items.iter().any(|i| {
            !i.optional && matches!(i.elem, Elem::Words(_) | Elem::Phrases(_) | Elem::Poss)
        }) {
            return Err(format!(
                "`{source}` requires no word: it would match almost anything"
            ));
        }
        Ok(Pattern {
            items,
            source: source.to_string(),
        })
    }
}

/// `Poss`, `Name`: a kind of word spelled in the wrong case, a likely slip for `POSS`, `NAME`.
fn class_of_words(alt: &str) -> bool {
    matches!(alt, "Poss" | "Name" | "Num")
}

/// Whether a normalised token could be written `w`: letters and digits, with apostrophes
/// only inside (`don't`), and no possessive ending (tokens lose theirs).
fn can_be_a_word(w: &str) -> bool {
    !w.is_empty()
        && w.chars().all(|c| c.is_alphanumeric() || c == '\'')
        && !w.starts_with('\'')
        && !w.ends_with('\'')
        && w.strip_suffix("'s")
            .is_none_or(|stem| super::text::CONTRACTED.contains(&stem))
}

/// What the matcher needs to know beyond the tokens.
pub struct Context<'a> {
    pub tokens: &'a [Token],
    pub possessives: &'a WordSet,
    pub not_name: &'a WordSet,
}

impl Context<'_> {
    fn is_poss(&self, t: &Token) -> bool {
        t.possessive || self.possessives.contains(&t.norm)
    }

    fn is_name(&self, t: &Token) -> bool {
        t.capitalised
            && !self.not_name.contains(&t.norm)
            && !t.norm.contains('\'')
            && t.norm.chars().next().is_some_and(char::is_alphabetic)
    }

    fn is_num(t: &Token) -> bool {
        t.norm.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    /// A word of the set, or of a kind it names (`his|NUM`).
    fn in_set(&self, w: &WordSet, t: &Token) -> bool {
        w.contains(&t.norm)
            || (w.poss && self.is_poss(t))
            || (w.name && self.is_name(t))
            || (w.num && Self::is_num(t))
    }

    fn accepts(&self, elem: &Elem, t: &Token) -> bool {
        match elem {
            Elem::Words(w) => self.in_set(w, t),
            Elem::NotWords(w) => !self.in_set(w, t),
            Elem::Poss => self.is_poss(t),
            Elem::Name => self.is_name(t),
            Elem::Num => Self::is_num(t),
            Elem::Any => true,
            Elem::Gap(_) | Elem::Phrases(_) | Elem::End => false,
        }
    }
}

impl Pattern {
    /// The longest match starting at token `at`, if any.
    fn match_at(&self, cx: &Context<'_>, at: usize) -> Option<(usize, Vec<usize>)> {
        let mut best: Option<(usize, Vec<usize>)> = None;
        let mut core = Vec::new();
        let clause = cx.tokens.get(at)?.clause;
        self.step(cx, 0, at, clause, &mut core, &mut best);
        best
    }

    fn step(
        &self,
        cx: &Context<'_>,
        item: usize,
        pos: usize,
        clause: u32,
        core: &mut Vec<usize>,
        best: &mut Option<(usize, Vec<usize>)>,
    ) {
        let Some(it) = self.items.get(item) else {
            if best.as_ref().is_none_or(|(end, _)| pos > *end) && !core.is_empty() {
                *best = Some((pos, core.clone()));
            }
            return;
        };
        let in_clause = |p: usize| cx.tokens.get(p).is_some_and(|t| t.clause == clause);
        match &it.elem {
            Elem::End => {
                if !in_clause(pos) {
                    self.step(cx, item + 1, pos, clause, core, best);
                }
            }
            Elem::Phrases(alts) => {
                for seq in alts.iter() {
                    let fits = seq.iter().enumerate().all(|(k, words)| {
                        in_clause(pos + k) && cx.in_set(words, &cx.tokens[pos + k])
                    });
                    if fits {
                        let before = core.len();
                        core.extend(pos..pos + seq.len());
                        self.step(cx, item + 1, pos + seq.len(), clause, core, best);
                        core.truncate(before);
                    }
                }
                if it.optional {
                    self.step(cx, item + 1, pos, clause, core, best);
                }
            }
            Elem::Gap(n) => {
                for skip in 0..=*n {
                    // A gap skips words, not commas: "on parental leave, support policies
                    // are with Tom" is two things, not a leave policy.
                    if skip > 0
                        && (!in_clause(pos + skip - 1)
                            || cx.tokens[pos..=(pos + skip).min(cx.tokens.len() - 1)]
                                .iter()
                                .any(|t| t.after_comma))
                    {
                        break;
                    }
                    self.step(cx, item + 1, pos + skip, clause, core, best);
                }
            }
            elem => {
                if in_clause(pos) && cx.accepts(elem, &cx.tokens[pos]) {
                    core.push(pos);
                    self.step(cx, item + 1, pos + 1, clause, core, best);
                    core.pop();
                }
                if it.optional {
                    self.step(cx, item + 1, pos, clause, core, best);
                }
            }
        }
    }

    /// How a match can start: the words (and word prefixes) its first word can be, and
    /// whether a capitalised name or a possessive can start it; `None` for anything else.
    fn start(&self) -> Option<Start> {
        let mut out = Start::default();
        for it in &self.items {
            match &it.elem {
                Elem::Words(w) => {
                    if w.num {
                        return None;
                    }
                    out.words.extend(w.exact.iter().cloned());
                    out.prefixes.extend(w.prefixes.iter().cloned());
                    out.name |= w.name;
                    out.poss |= w.poss;
                }
                Elem::Phrases(alts) => {
                    for seq in alts.iter() {
                        let first = seq.first()?;
                        if first.num {
                            return None;
                        }
                        out.name |= first.name;
                        out.poss |= first.poss;
                        out.words.extend(first.exact.iter().cloned());
                        out.prefixes.extend(first.prefixes.iter().cloned());
                    }
                }
                Elem::Name => out.name = true,
                Elem::Poss => out.poss = true,
                _ => return None,
            }
            if !it.optional {
                return Some(out);
            }
        }
        None
    }

    /// The most words a match can span (gaps counted in full), for looking back from a word.
    fn max_len(&self) -> usize {
        self.items
            .iter()
            .map(|i| match &i.elem {
                Elem::Gap(n) => *n,
                Elem::Phrases(alts) => alts.iter().map(Vec::len).max().unwrap_or(1),
                Elem::End => 0,
                _ => 1,
            })
            .sum()
    }
}

/// How a pattern's matches can start (see [`Pattern::start`]).
#[derive(Default)]
struct Start {
    words: HashSet<String>,
    prefixes: Vec<String>,
    name: bool,
    poss: bool,
}

/// Prefixes are indexed by their first letters.
const PREFIX_KEY: usize = 3;

fn prefix_key(w: &str) -> Option<&str> {
    w.char_indices()
        .nth(PREFIX_KEY)
        .map(|(i, _)| &w[..i])
        .or_else(|| (w.chars().count() == PREFIX_KEY).then_some(w))
}

/// Many patterns, indexed by how they can start: a word, a word prefix, a capitalised
/// name, a possessive; the rest are tried at every word.
pub struct Matcher {
    patterns: Vec<Pattern>,
    by_word: HashMap<String, Vec<usize>>,
    /// Keyed by the prefix's first letters; the full prefix is checked on lookup.
    by_prefix: HashMap<String, Vec<(String, usize)>>,
    name_first: Vec<usize>,
    poss_first: Vec<usize>,
    anywhere: Vec<usize>,
    /// The longest any pattern can be, in words.
    max_len: usize,
}

impl Matcher {
    pub fn new(patterns: Vec<Pattern>) -> Self {
        let mut m = Self {
            by_word: HashMap::default(),
            by_prefix: HashMap::default(),
            name_first: Vec::new(),
            poss_first: Vec::new(),
            anywhere: Vec::new(),
            max_len: patterns.iter().map(Pattern::max_len).max().unwrap_or(0),
            patterns: Vec::new(),
        };
        for (i, p) in patterns.iter().enumerate() {
            let Some(start) = p
                .start()
                .filter(|s| s.prefixes.iter().all(|p| prefix_key(p).is_some()))
            else {
                m.anywhere.push(i);
                continue;
            };
            for w in start.words {
                m.by_word.entry(w).or_default().push(i);
            }
            for pre in start.prefixes {
                if let Some(key) = prefix_key(&pre) {
                    m.by_prefix
                        .entry(key.to_string())
                        .or_default()
                        .push((pre.clone(), i));
                }
            }
            if start.name {
                m.name_first.push(i);
            }
            if start.poss {
                m.poss_first.push(i);
            }
        }
        m.patterns = patterns;
        m
    }

    /// The patterns that may match from token `t` (possibly twice; matching is idempotent).
    fn candidates(&self, cx: &Context<'_>, t: &Token, out: &mut Vec<usize>) {
        out.clear();
        if let Some(ps) = self.by_word.get(&t.norm) {
            out.extend(ps);
        }
        if let Some(ps) = prefix_key(&t.norm).and_then(|k| self.by_prefix.get(k)) {
            out.extend(
                ps.iter()
                    .filter(|(pre, _)| t.norm.starts_with(pre.as_str()))
                    .map(|(_, i)| *i),
            );
        }
        if t.capitalised {
            out.extend(&self.name_first);
        }
        if t.possessive || cx.possessives.contains(&t.norm) {
            out.extend(&self.poss_first);
        }
        out.extend(&self.anywhere);
        out.sort_unstable();
        out.dedup();
    }

    /// Does a match of any pattern contain one of the tokens `core` (ascending)? Only starts
    /// that could reach them are tried.
    pub fn covers(&self, cx: &Context<'_>, core: &[usize]) -> Option<usize> {
        let (Some(&first), Some(&last)) = (core.first(), core.last()) else {
            return None;
        };
        let mut tried = Vec::new();
        for at in first.saturating_sub(self.max_len)..=last.min(cx.tokens.len().saturating_sub(1)) {
            self.candidates(cx, &cx.tokens[at], &mut tried);
            for &p in &tried {
                if let Some((end, _)) = self.patterns[p].match_at(cx, at)
                    && core.iter().any(|&c| at <= c && c < end)
                {
                    return Some(p);
                }
            }
        }
        None
    }

    pub fn pattern(&self, i: usize) -> &Pattern {
        &self.patterns[i]
    }

    /// Every match of every pattern (the longest per pattern and start word).
    pub fn find_all(&self, cx: &Context<'_>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut tried: Vec<usize> = Vec::new();
        for (at, t) in cx.tokens.iter().enumerate() {
            self.candidates(cx, t, &mut tried);
            for &p in &tried {
                if let Some((end, core)) = self.patterns[p].match_at(cx, at) {
                    hits.push(Hit {
                        pattern: p,
                        start: at,
                        end,
                        core,
                    });
                }
            }
        }
        hits
    }
}
