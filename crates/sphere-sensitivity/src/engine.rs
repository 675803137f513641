//! The engine: finds sensitive passages in free text with their category and span.
//!
//! It reads a lexicon (one per language, `lexicon/<lang>.toml`): word classes, and for each
//! category the *cues* that reveal it ("POSS wife~", "diagnosed with") and the professional
//! look-alikes that must not count ("parent company", "church management software"). A cue
//! that a look-alike overlaps is dropped; what is left becomes a passage, stretched over the
//! names that follow it and to the end of its clause ("Her daughter Emma plays for the
//! Lincoln High soccer team").

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde::Deserialize;

use super::Sensitivity;
use super::pattern::{Context, Hit, Matcher, Vocabulary, WordSet};
use super::taxonomy::Taxonomy;
use super::text::{Language, Token};

/// A lexicon file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    language: String,
    /// Word classes, in an order where a class uses only classes defined before it (and
    /// those of the files before).
    #[serde(default)]
    classes: toml::Table,
    #[serde(default)]
    rule: Vec<RuleFile>,
    #[serde(default)]
    lookalike: Vec<LookalikeFile>,
    #[serde(default)]
    lint: Vec<LintFile>,
}

/// A phrasing check of the outreach linter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintFile {
    kind: super::lint::LintKind,
    first_contact_only: bool,
    reason: String,
    suggestion: String,
    fix: super::lint::FixKind,
    #[serde(default)]
    replace_with: Option<String>,
    patterns: Vec<String>,
    #[serde(default)]
    unless_in_sentence: Vec<String>,
}

/// A compiled phrasing check.
pub struct PhraseCheck {
    pub kind: super::lint::LintKind,
    pub first_contact_only: bool,
    pub reason: String,
    pub suggestion: String,
    pub fix: super::lint::FixKind,
    pub replace_with: Option<String>,
    pub patterns: Matcher,
    pub unless_in_sentence: Option<Matcher>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    category: String,
    cues: Vec<String>,
    /// Look-alikes of this category only.
    #[serde(default)]
    unless: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LookalikeFile {
    /// What the phrases are (for whoever edits the file).
    #[allow(dead_code)]
    about: String,
    patterns: Vec<String>,
}

/// A sensitive passage: where it is, what it reveals and why that matters.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    pub category: usize,
    /// The words that gave it away (the cue's own words).
    pub cue: String,
}

pub struct Engine {
    language: Box<dyn Language>,
    pub taxonomy: Taxonomy,
    cues: Matcher,
    /// For each cue pattern: its category and its own look-alikes.
    cue_rule: Vec<(usize, Option<usize>)>,
    unless: Vec<Matcher>,
    lookalikes: Matcher,
    pub checks: Vec<PhraseCheck>,
    pub(crate) possessives: WordSet,
    not_name: WordSet,
    /// Given names that are also everyday words ("grace", "hope", "mark"): the linter is
    /// careful with them in lower case.
    word_names: WordSet,
    /// Words for relatives ("daughter", "wife"): a capitalised word after one is a name.
    kin: WordSet,
    /// Words after which a clause turns to another subject ("and he", "but she").
    pub(crate) turn: WordSet,
    pub(crate) subjects: WordSet,
    /// Words that may join the words of a name ("Bank of America", "St. Luke's").
    pub(crate) name_joiners: WordSet,
    /// Words before a name that make it about the person: they belong to it ("sings with
    /// the Gay Men's Chorus", "active in the Catholic Church").
    member: WordSet,
}

impl Engine {
    /// An engine from the lexicon files of one language: the hand-written one first, then
    /// any generated ones (`en-world.toml`), whose rules and classes add to it.
    pub fn new(
        language: Box<dyn Language>,
        taxonomy: Taxonomy,
        lexicons: &[&str],
    ) -> Result<Self, String> {
        let mut files = Vec::with_capacity(lexicons.len());
        for (i, text) in lexicons.iter().enumerate() {
            let f: LexiconFile =
                toml::from_str(text).map_err(|e| format!("lexicon file {}: {e}", i + 1))?;
            if let Some(first) = files.first().map(|f: &LexiconFile| &f.language)
                && *first != f.language
            {
                return Err(format!(
                    "lexicon file {}: language `{}`, expected `{first}`",
                    i + 1,
                    f.language
                ));
            }
            files.push(f);
        }
        let Some(file) = files.first() else {
            return Err("no lexicon file".into());
        };
        let mut classes: HashMap<String, Arc<WordSet>> = HashMap::default();
        for (name, value) in files.iter().flat_map(|f| &f.classes) {
            let entries: Vec<String> = value
                .as_array()
                .ok_or_else(|| format!("lexicon {}: class `{name}` is not a list", file.language))?
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("class `{name}`: not a string: {v:?}"))
                })
                .collect::<Result<_, _>>()?;
            let vocab = Vocabulary {
                classes: &classes,
                language: language.as_ref(),
            };
            let words = vocab.class(&entries, name)?;
            classes.insert(name.clone(), Arc::new(words));
        }
        let class = |name: &str| -> Result<WordSet, String> {
            classes
                .get(name)
                .map(|c| c.as_ref().clone())
                .ok_or_else(|| format!("lexicon {}: the class `{name}` is required", file.language))
        };
        let possessives = class("poss")?;
        let not_name = class("not_name")?;
        let word_names = class("word_names")?;
        let kin = class("kin")?;
        let turn = class("turn")?;
        let subjects = class("subject")?;
        let name_joiners = class("name_joiners")?;
        let member = class("member")?;
        let vocab = Vocabulary {
            classes: &classes,
            language: language.as_ref(),
        };
        let mut cue_patterns = Vec::new();
        let mut cue_rule = Vec::new();
        let mut unless = Vec::new();
        for r in files.iter().flat_map(|f| &f.rule) {
            let category = taxonomy.index_of(&r.category).ok_or_else(|| {
                format!(
                    "lexicon {}: unknown category `{}`",
                    file.language, r.category
                )
            })?;
            let own = if r.unless.is_empty() {
                None
            } else {
                let ps = r
                    .unless
                    .iter()
                    .map(|s| vocab.compile(s))
                    .collect::<Result<Vec<_>, _>>()?;
                unless.push(Matcher::new(ps));
                Some(unless.len() - 1)
            };
            for c in &r.cues {
                cue_patterns.push(vocab.compile(c)?);
                cue_rule.push((category, own));
            }
        }
        let mut look = Vec::new();
        for l in files.iter().flat_map(|f| &f.lookalike) {
            for p in &l.patterns {
                look.push(vocab.compile(p)?);
            }
        }
        let mut checks = Vec::new();
        for l in files.iter().flat_map(|f| &f.lint) {
            let compile_all = |ps: &[String]| {
                ps.iter()
                    .map(|p| vocab.compile(p))
                    .collect::<Result<Vec<_>, _>>()
            };
            if l.fix == super::lint::FixKind::Replace && l.replace_with.is_none() {
                return Err(format!(
                    "lexicon {}: a `replace` fix needs `replace_with`",
                    file.language
                ));
            }
            checks.push(PhraseCheck {
                kind: l.kind,
                first_contact_only: l.first_contact_only,
                reason: l.reason.clone(),
                suggestion: l.suggestion.clone(),
                fix: l.fix,
                replace_with: l.replace_with.clone(),
                patterns: Matcher::new(compile_all(&l.patterns)?),
                unless_in_sentence: if l.unless_in_sentence.is_empty() {
                    None
                } else {
                    Some(Matcher::new(compile_all(&l.unless_in_sentence)?))
                },
            });
        }
        Ok(Self {
            language,
            taxonomy,
            checks,
            cues: Matcher::new(cue_patterns),
            cue_rule,
            unless,
            lookalikes: Matcher::new(look),
            possessives,
            not_name,
            word_names,
            kin,
            turn,
            subjects,
            name_joiners,
            member,
        })
    }

    /// A word capitalised for reasons other than being a name, or a function word (class
    /// `not_name`: "will", "may", "march", "monday").
    pub fn is_function_word(&self, norm: &str) -> bool {
        self.not_name.contains(norm)
    }

    /// A given name that is also an everyday word (class `word_names`: "grace", "hope").
    pub fn is_word_name(&self, norm: &str) -> bool {
        self.word_names.contains(norm)
    }

    /// A word for a relative (class `kin`: "daughter", "wife", "cousin").
    pub fn is_kin_word(&self, norm: &str) -> bool {
        self.kin.contains(norm)
    }

    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        self.language.tokenize(text)
    }

    pub fn context<'a>(&'a self, tokens: &'a [Token]) -> Context<'a> {
        Context {
            tokens,
            possessives: &self.possessives,
            not_name: &self.not_name,
        }
    }

    /// The sensitive passages of `text`, in order, not overlapping (where two would, the more
    /// sensitive one stays).
    pub fn find(&self, text: &str) -> Vec<Found> {
        let tokens = self.tokenize(text);
        self.find_in(text, &tokens)
    }

    pub fn find_in(&self, text: &str, tokens: &[Token]) -> Vec<Found> {
        let cx = self.context(tokens);
        let hits = self.cues.find_all(&cx);
        if hits.is_empty() {
            return Vec::new();
        }
        let mut names = self.names(tokens);
        // A name that one cue spells out whole is the sensitive thing itself ("Yom Kippur",
        // "Planned Parenthood"), not an organization that happens to contain a cue word.
        for (s, e, personal) in &mut names {
            let whole = hits.iter().any(|h| {
                (*s..*e).all(|i| {
                    h.core.contains(&i)
                        || (self.name_joiners.contains(&tokens[i].norm) && !tokens[i].capitalised)
                })
            });
            *personal |= whole;
        }
        let mut kept: Vec<(Hit, usize)> = Vec::new();
        for h in hits {
            let (category, own) = self.cue_rule[h.pattern];
            // A cue inside an organization's name ("Catholic Charities", "Tory Burch") is about
            // the organization, unless the person belongs to it.
            if names
                .iter()
                .any(|&(s, e, personal)| !personal && h.core.iter().all(|&c| s <= c && c < e))
            {
                continue;
            }
            if self.lookalikes.covers(&cx, &h.core).is_some()
                || own.is_some_and(|o| self.unless[o].covers(&cx, &h.core).is_some())
            {
                continue;
            }
            kept.push((h, category));
        }
        // Most sensitive first, then earliest and longest: that order decides overlaps.
        kept.sort_by_key(|(h, c)| (self.taxonomy.bin(*c), h.start, std::cmp::Reverse(h.end)));
        let mut taken: Vec<(usize, usize, usize, String)> = Vec::new(); // token range, category, cue
        // Where each cue starts: a passage stretches up to the next cue, not over it.
        let mut starts: Vec<usize> = kept.iter().map(|(h, _)| h.start).collect();
        starts.sort_unstable();
        for (h, category) in kept {
            let (start, mut end) = self.stretch(tokens, h.start, h.end);
            if let Some(&next) = starts.iter().find(|&&s| s >= h.end && s < end) {
                end = next.max(h.end);
            }
            if taken.iter().any(|&(s, e, _, _)| start < e && s < end) {
                continue;
            }
            let cue = h
                .core
                .iter()
                .map(|&i| &text[tokens[i].start..tokens[i].end])
                .collect::<Vec<_>>()
                .join(" ");
            taken.push((start, end, category, cue));
        }
        taken.sort_by_key(|t| t.0);
        // Passages of one category that touch are one passage ("devout Catholic").
        let mut merged: Vec<(usize, usize, usize, String)> = Vec::with_capacity(taken.len());
        for t in taken {
            match merged.last_mut() {
                Some(last) if last.2 == t.2 && last.1 == t.0 => {
                    last.1 = t.1;
                    last.3 = format!("{} {}", last.3, t.3);
                }
                _ => merged.push(t),
            }
        }
        // A redaction marker ("[children hidden]") names a category, it does not reveal one:
        // text already redacted reads as what is left of it.
        let markers = super::redact::markers(text);
        merged
            .into_iter()
            .map(|(s, e, category, cue)| Found {
                start: tokens[s].start,
                end: tokens[e - 1].end,
                category,
                cue,
            })
            .filter(|f| {
                !markers
                    .iter()
                    .any(|&(ms, me)| ms <= f.start && f.start < me)
            })
            .collect()
    }

    /// Proper names of two words or more (runs of capitalised words, joined by `of`, `and`,
    /// `St.`…), as token ranges, each with whether the person belongs to it: a membership
    /// word or a possessive within three words before it.
    fn names(&self, tokens: &[Token]) -> Vec<(usize, usize, bool)> {
        let name_like = |t: &Token| {
            t.capitalised
                && t.norm.chars().next().is_some_and(char::is_alphabetic)
                && !t.norm.contains('\'')
                && (!self.not_name.contains(&t.norm) || self.name_joiners.contains(&t.norm))
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !name_like(&tokens[i]) {
                i += 1;
                continue;
            }
            let clause = tokens[i].clause;
            let mut e = i + 1;
            let mut words = 1;
            loop {
                match tokens.get(e) {
                    Some(t) if t.clause == clause && name_like(t) => {
                        e += 1;
                        words += 1;
                    }
                    // A joiner counts only between two capitalised words.
                    Some(t)
                        if t.clause == clause
                            && !t.capitalised
                            && self.name_joiners.contains(&t.norm)
                            && tokens
                                .get(e + 1)
                                .is_some_and(|n| n.clause == clause && name_like(n)) =>
                    {
                        e += 1;
                    }
                    _ => break,
                }
            }
            if words >= 2 {
                // The name's own first word counts too: "Daughter Aiko", "Staunch Tory".
                let from = i.saturating_sub(3);
                let personal = tokens[from..=i].iter().any(|t| {
                    t.clause == clause
                        && (self.member.contains(&t.norm) || self.possessives.contains(&t.norm))
                });
                out.push((i, e, personal));
            }
            i = e;
        }
        out
    }

    /// A cue's passage: from the cue to the end of its clause, or to where the clause turns
    /// to another subject ("…, and he runs procurement").
    fn stretch(&self, tokens: &[Token], start: usize, end: usize) -> (usize, usize) {
        let clause = tokens[start].clause;
        // From the possessive before the cue ("Her daughter…", "Tom's wife").
        let start = match start.checked_sub(1).map(|i| &tokens[i]) {
            Some(t)
                if t.clause == clause && (t.possessive || self.possessives.contains(&t.norm)) =>
            {
                start - 1
            }
            _ => start,
        };
        let mut e = end;
        while e < tokens.len() && tokens[e].clause == clause {
            let t = &tokens[e];
            let next_is_subject = tokens
                .get(e + 1)
                .is_some_and(|n| n.clause == clause && self.subjects.contains(&n.norm));
            if (self.turn.contains(&t.norm) && (next_is_subject || t.after_comma))
                || (t.after_comma && self.subjects.contains(&t.norm))
            {
                break;
            }
            e += 1;
        }
        (start, e)
    }

    /// Every cue hit and what dropped it, for whoever tunes the lexicon
    /// (`sphere classify --explain`).
    pub fn debug(&self, text: &str) -> String {
        let tokens = self.tokenize(text);
        let cx = self.context(&tokens);
        let look = self.lookalikes.find_all(&cx);
        let mut out = String::new();
        for h in self.cues.find_all(&cx) {
            let (category, own) = self.cue_rule[h.pattern];
            let covers = |vs: &[Hit], m: &Matcher| {
                vs.iter()
                    .filter(|v| h.core.iter().any(|&c| v.start <= c && c < v.end))
                    .map(|v| m.pattern(v.pattern).source.clone())
                    .collect::<Vec<_>>()
            };
            let mut by = covers(&look, &self.lookalikes);
            if self
                .names(&tokens)
                .iter()
                .any(|&(s, e, personal)| !personal && h.core.iter().all(|&c| s <= c && c < e))
            {
                by.push("an organization's name".into());
            }
            if let Some(o) = own {
                by.extend(covers(&self.unless[o].find_all(&cx), &self.unless[o]));
            }
            let words: Vec<&str> = h
                .core
                .iter()
                .map(|&i| &text[tokens[i].start..tokens[i].end])
                .collect();
            let verdict = if by.is_empty() {
                "kept".to_string()
            } else {
                format!("dropped by {by:?}")
            };
            out.push_str(&format!(
                "cue {} `{}` on “{}”: {verdict}\n",
                self.taxonomy.categories[category].id,
                self.cues.pattern(h.pattern).source,
                words.join(" "),
            ));
        }
        out
    }

    /// How many cue patterns reveal the category `id`.
    pub fn rules_of(&self, id: &str) -> usize {
        let Some(i) = self.taxonomy.index_of(id) else {
            return 0;
        };
        self.cue_rule.iter().filter(|(c, _)| *c == i).count()
    }

    pub fn bin_of(&self, category: usize) -> Sensitivity {
        self.taxonomy.bin(category)
    }
}
